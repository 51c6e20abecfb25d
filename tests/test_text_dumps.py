"""Generated text dumps (fixtures/generated/dumps): every cell, the meta and the exact findings."""

from __future__ import annotations

import govdisclose
from govdisclose.mapping.flattened import split_run
from govdisclose.sources.flat_text import split_flat_text

from .conftest import FIXTURES, fixture_module
from .regen import assert_same_folder
from .truth import (
    assert_every_cell,
    assert_findings,
    assert_meta,
    assert_sections,
    load_truth,
    parsed_cases,
    truth_files,
)

DUMPS = FIXTURES / "dumps"
TRUTHS = truth_files(DUMPS)
case = parsed_cases(TRUTHS)


def _generator():
    return fixture_module("dumps")


def test_there_are_dumps_of_both_eras_and_every_shape():
    assert len(TRUTHS) == 9
    assert {load_truth(p)["meta"]["template"] for p in TRUTHS} == {"2019", "2021"}


def test_meta_and_sections(case):
    truth, report = case
    assert_meta(report, truth, source="text")
    assert_sections(report, truth)


def test_every_cell(case):
    truth, report = case
    assert_every_cell(report, truth, unreadable=truth["expected_unreadable"])


def test_exact_findings(case):
    truth, report = case
    assert_findings(report, truth, with_values=False)


def test_ambiguous_finding_lists_the_readings():
    report = govdisclose.parse(DUMPS / "glued2021_ambiguous.txt")
    finding = next(f for f in report.findings if f.rule == "FLATTENED-AMBIGUOUS")
    assert finding.message == (
        "table 二 row normative_documents: digits '1234567' split 15 ways: 1/2/34567 | 1/23/4567 | "
        "1/234/567 | 1/2345/67 | 1/23456/7 | 12/3/4567 (+9 more)")


def test_contradicting_report_invents_nothing():
    report = govdisclose.parse(DUMPS / "glued2021_contradicting.txt")
    review = {f.rule: f.message for f in report.findings
              if f.rule.startswith("FLATTENED") and "四" in f.message}
    assert list(review) == ["FLATTENED-CONFLICT"]
    assert review["FLATTENED-CONFLICT"].endswith("no split into 15 numbers satisfies T4-1")
    granted = report.tables.requests.rows["granted"]
    assert {c.kind for c in granted.values()} == {"unreadable"}


def test_split_run_keeps_spaces_and_leading_zeros():
    readings, overflow = split_run("230 000023", 7)
    assert ("23", "0", "0", "0", "0", "0", "23") in readings and not overflow
    assert all(not (p.startswith("0") and len(p) > 1) for r in readings for p in r)
    assert split_run("0 0 00 00 0", 7) == ([("0",) * 7], False)


def test_prose_numbers_are_not_split():
    text = ("一、总体情况 全年受理申请2件，其中1、2号申请已办结。（一）主动公开 内容。"
            "二、主动公开政府信息情况 无。")
    lines = [line for _, line in split_flat_text(text)]
    assert lines == ["一、总体情况", "全年受理申请2件，其中1、2号申请已办结。", "（一）主动公开 内容。",
                     "二、主动公开政府信息情况", "无。"]


def test_regeneration_is_byte_identical(tmp_path):
    """Text dumps and truth are written by our code alone: every byte."""
    _generator().generate_all(tmp_path)
    assert_same_folder(tmp_path, DUMPS)
