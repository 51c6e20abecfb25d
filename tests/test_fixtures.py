"""Every generated fixture PDF, asserted cell by cell against its ground truth, findings exactly."""

from __future__ import annotations

import json

import pytest

import govdisclose

from .conftest import FIXTURES

TRUTHS = sorted(FIXTURES.glob("*.truth.json"))


def truth_of(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def case(request):
    truth = truth_of(request.param)
    report = govdisclose.parse(request.param.with_name(truth["name"] + ".pdf"))
    return truth, report


def test_there_are_enough_fixtures():
    assert len(TRUTHS) >= 20


def test_meta(case):
    truth, report = case
    meta = truth["meta"]
    assert (report.meta.agency, report.meta.year, report.meta.template) == (meta["agency"], meta["year"], meta["template"])
    assert report.meta.title == meta["title"]
    assert report.meta.page_count == meta["page_count"]
    assert report.meta.source == "pdf_text"


def test_sections(case):
    truth, report = case
    assert [(s.number, s.heading) for s in report.sections] == [(s["number"], s["heading"]) for s in truth["sections"]]
    for number in (1, 5, 6):
        assert report.section(number).text.strip(), f"section {number} has no text"
    assert [i.marker + i.heading for i in report.section(1).subitems] == truth["subitems"]
    for section in report.sections:
        assert not any(word in section.text for word in ("信息内容", "自然人", "结果维持")), section.text
        assert "-2-" not in section.text and "  " not in section.text


def test_every_cell(case):
    truth, report = case
    got = {
        f"{r.table}/{r.row}/{r.column}": {"value": r.value, "kind": r.kind, "raw": r.raw, "unit": r.unit}
        for r in report.cells()
    }
    wanted = {
        f"{c['table']}/{c['row']}/{c['column']}": {"value": c["value"], "kind": c["kind"], "raw": c["raw"],
                                                   "unit": c.get("unit")}
        for c in truth["cells"]
    }
    assert got == wanted


def test_findings_exactly(case):
    truth, report = case
    got = sorted((f.rule, tuple(f.cells), f.expected, f.actual) for f in report.findings)
    wanted = sorted((f["rule"], tuple(f["cells"]), f["expected"], f["actual"]) for f in truth["findings"])
    assert got == wanted


def test_every_number_has_page_and_box(case):
    _, report = case
    for record in report.cells():
        assert record.page is not None and record.bbox is not None, record
