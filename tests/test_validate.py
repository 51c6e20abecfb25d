"""The 勾稽 rules on hand-built reports: exact findings, values never changed."""

from __future__ import annotations

from govdisclose.catalogue import requests as req
from govdisclose.model import AnnualReport, Cell, Meta, StatTable, Tables
from govdisclose.validate import validate


def cell(value) -> Cell:
    if value is None:
        return Cell(value=None, kind="blank", raw="")
    if value == "/":
        return Cell(value=None, kind="not_applicable", raw="/")
    return Cell(value=value, kind="number", raw=str(value))


def report_with(review=None, requests=None, text="") -> AnnualReport:
    tables = Tables()
    if review is not None:
        tables.review_litigation = StatTable(rows={
            group: dict(zip(("upheld", "corrected", "other", "pending", "total"), map(cell, values), strict=False))
            for group, values in review.items()
        })
    if requests is not None:
        tables.requests = StatTable(rows={
            row: dict(zip(req.STANDARD_COLUMNS, map(cell, values), strict=False)) for row, values in requests.items()
        })
    meta = Meta(source="text", sha256="0" * 64, template="unknown")
    return AnnualReport(meta=meta, tables=tables)


GOOD_REVIEW = {"review": [1, 2, 0, 0, 3], "litigation_direct": [0, 0, 0, 0, 0],
               "litigation_after_review": [0, 0, 1, 0, 1]}


def test_t4_1_names_the_total_cell():
    review = dict(GOOD_REVIEW, review=[10, 1, 0, 0, 0])  # the real 2023 case: parts 11, 总计 0
    report = report_with(review=review)
    findings = validate(report)
    assert [(f.rule, f.cells, f.expected, f.actual) for f in findings] == [(
        "T4-1",
        ["review_litigation/review/total", "review_litigation/review/upheld", "review_litigation/review/corrected",
         "review_litigation/review/other", "review_litigation/review/pending"],
        11, 0,
    )]
    assert report.cell("review_litigation/review/total").value == 0  # never repaired


def test_consistent_table_has_no_findings():
    assert validate(report_with(review=GOOD_REVIEW)) == []


def test_blank_total_is_its_own_finding():
    review = dict(GOOD_REVIEW, review=[1, 2, 0, 0, None])
    findings = validate(report_with(review=review))
    assert [(f.rule, f.cells, f.expected, f.actual) for f in findings] == [
        ("BLANK-TOTAL", ["review_litigation/review/total"], 3, None)]


def test_not_applicable_skips_the_rule():
    review = dict(GOOD_REVIEW, review=[1, "/", 0, 0, 3])
    assert validate(report_with(review=review)) == []


def _requests(**overrides):
    zero = [0] * 7
    rows = {key: list(zero) for key in req.REQUIRED}
    rows["other"] = list(zero)
    rows.update({
        "new": [5, 1, 0, 0, 0, 0, 6], "carried_over": [1, 0, 0, 0, 0, 0, 1],
        "granted": [4, 1, 0, 0, 0, 0, 5], "total": [4, 1, 0, 0, 0, 0, 5],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    })
    rows.update(overrides)
    return rows


def test_requests_rules():
    assert validate(report_with(requests=_requests())) == []
    findings = validate(report_with(requests=_requests(carried_forward=[4, 0, 0, 0, 0, 0, 4])))
    assert [(f.rule, f.cells[0], f.expected, f.actual) for f in findings] == [
        ("T3-1", "requests/new/natural_person", 6, 8),
        ("T3-1", "requests/new/total", 7, 9),
    ]
    findings = validate(report_with(requests=_requests(granted=[4, 1, 0, 0, 0, 0, 6])))
    assert {(f.rule, f.cells[0], f.expected, f.actual) for f in findings} == {
        ("T3-2", "requests/total/total", 6, 5),
        ("T3-3", "requests/granted/total", 5, 6),
    }


def test_negative_count_is_t3_4():
    findings = validate(report_with(requests=_requests(other=[-1, 0, 0, 0, 0, 0, -1],
                                                       granted=[5, 1, 0, 0, 0, 0, 6])))
    assert ("T3-4", ["requests/other/natural_person"], -1) in [(f.rule, f.cells, f.actual) for f in findings]
