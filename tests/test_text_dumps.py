"""Generated text dumps (fixtures/generated/dumps): every cell, the meta and the exact findings."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

import govdisclose
from govdisclose.mapping.flattened import split_run
from govdisclose.sources.flat_text import split_flat_text

from .conftest import FIXTURES, ROOT

DUMPS = FIXTURES / "dumps"
NAMES = sorted(p.name.removesuffix(".truth.json") for p in DUMPS.glob("*.truth.json"))


def _generator():
    sys.path.insert(0, str(ROOT / "fixtures"))
    spec = importlib.util.spec_from_file_location("fixture_dumps", ROOT / "fixtures" / "dumps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=NAMES)
def case(request):
    truth = json.loads((DUMPS / f"{request.param}.truth.json").read_text(encoding="utf-8"))
    return truth, govdisclose.parse(DUMPS / truth["file"])


def test_there_are_dumps_of_both_eras_and_every_shape():
    assert len(NAMES) == 6
    templates = {json.loads((DUMPS / f"{n}.truth.json").read_text(encoding="utf-8"))["meta"]["template"] for n in NAMES}
    assert templates == {"2019", "2021"}


def test_meta_and_sections(case):
    truth, report = case
    meta = truth["meta"]
    assert (report.meta.agency, report.meta.year, report.meta.template, report.meta.source) == \
        (meta["agency"], meta["year"], meta["template"], "text")
    assert (report.meta.published, report.meta.publisher, report.meta.url) == \
        (meta["published"], meta["publisher"], meta["url"])
    assert report.meta.title == meta["title"]
    assert [(s.number, s.heading) for s in report.sections] == [(s["number"], s["heading"]) for s in truth["sections"]]


def test_every_cell(case):
    truth, report = case
    got = {f"{r.table}/{r.row}/{r.column}": r for r in report.cells()}
    unreadable = set(truth["expected_unreadable"])
    assert set(got) == {f"{c['table']}/{c['row']}/{c['column']}" for c in truth["cells"]}
    for cell in truth["cells"]:
        path = f"{cell['table']}/{cell['row']}/{cell['column']}"
        record = got[path]
        if path in unreadable:
            assert (record.kind, record.value) == ("unreadable", None), path
        else:
            assert (record.value, record.kind, record.raw, record.unit) == \
                (cell["value"], cell["kind"], cell["raw"], cell.get("unit")), path


def test_exact_findings(case):
    truth, report = case
    got = sorted(((f.rule, f.cells) for f in report.findings if f.rule != "UNREADABLE"), key=lambda f: (f[0], f[1][0]))
    assert got == [(f["rule"], f["cells"]) for f in truth["findings"]]
    assert sorted(f.cells[0] for f in report.findings if f.rule == "UNREADABLE") == truth["expected_unreadable"]


def test_ambiguous_finding_lists_the_readings():
    report = govdisclose.parse(DUMPS / "glued2021_ambiguous.txt")
    finding = next(f for f in report.findings if f.rule == "FLATTENED-AMBIGUOUS")
    assert finding.message == (
        "table 二 row normative_documents: digits '1234567' split 15 ways: 1/2/34567 | 1/23/4567 | "
        "1/234/567 | 1/2345/67 | 1/23456/7 | 12/3/4567 (+9 more)")


def test_contradicting_report_invents_nothing():
    report = govdisclose.parse(DUMPS / "glued2021_contradicting.txt")
    review = {f.rule: f.message for f in report.findings if f.rule.startswith("FLATTENED") and "四" in f.message}
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
    text = "一、总体情况 全年受理申请2件，其中1、2号申请已办结。（一）主动公开 内容。二、主动公开政府信息情况 无。"
    lines = [line for _, line in split_flat_text(text)]
    assert lines == ["一、总体情况", "全年受理申请2件，其中1、2号申请已办结。", "（一）主动公开 内容。",
                     "二、主动公开政府信息情况", "无。"]


def test_regeneration_is_byte_identical(tmp_path):
    _generator().generate_all(tmp_path)
    for path in DUMPS.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
