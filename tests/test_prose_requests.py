"""Rule P-1 on hand-built reports: the prose's number of requests against table 三.

收到/受理/接收 … N件 may count the new requests alone or new + 上年结转 (the real pingtan 2022 and
shuyang 2025 reports do the latter, huaian 2024 the former); 新收 counts only the new ones.
"""

from __future__ import annotations

import pytest

from govdisclose.model import AnnualReport, Cell, Meta, Section, StatTable, Tables
from govdisclose.validate import validate

NEW, CARRIED = 74, 1


def carried_cell(carried) -> Cell:
    if carried is None:
        return Cell(kind="blank", raw="")
    if carried == "?":
        return Cell(kind="unreadable", raw="1?")
    return Cell(value=carried, kind="number", raw=str(carried))


def report_saying(sentence: str, carried=CARRIED) -> AnnualReport:
    """Only table 三's new/total and carried_over/total, and section 一 stating ``sentence``."""
    rows = {"new": {"total": Cell(value=NEW, kind="number", raw=str(NEW))}}
    if carried != "absent":
        rows["carried_over"] = {"total": carried_cell(carried)}
    section = Section(number=1, heading="一、总体情况", canonical_heading="一、总体情况",
                      text=f"本年度，本机关{sentence}，均在法定期限内予以答复。")
    return AnnualReport(meta=Meta(source="text", sha256="0" * 64, template="unknown"),
                        tables=Tables(requests=StatTable(rows=rows)), sections=[section])


def p1(report: AnnualReport) -> list[tuple]:
    return [(f.rule, f.severity, f.cells, f.expected, f.actual, f.message) for f in validate(report)
            if f.rule == "P-1"]


@pytest.mark.parametrize("sentence", [
    "收到政府信息公开申请75件",            # pingtan 2022: 75 = 74 new + 1 carried over
    "受理政府信息公开申请75件",
    "共接收各类政府信息公开申请共75件",
    "收到政府信息公开申请74件",            # the new requests alone, as huaian 2024 prints them
    "新收政府信息公开申请74件",
])
def test_new_or_new_plus_carried_over_agrees(sentence):
    assert p1(report_saying(sentence)) == []


def test_new_only_verb_does_not_count_the_carried_over():
    assert p1(report_saying("新收政府信息公开申请75件")) == [(
        "P-1", "warning", ["requests/new/total"], NEW, 75,
        "the text says '新收政府信息公开申请75件' but table 三 new/total is 74")]


def test_neither_reading_agrees():
    assert p1(report_saying("收到政府信息公开申请76件")) == [(
        "P-1", "warning", ["requests/new/total"], NEW, 76,
        "the text says '收到政府信息公开申请76件' but table 三 new/total is 74 (new + 1 carried over = 75)")]


@pytest.mark.parametrize("carried", [None, 0, "absent"])
def test_no_carried_over_requests_leaves_only_the_new_count(carried):
    assert p1(report_saying("收到政府信息公开申请75件", carried)) == [(
        "P-1", "warning", ["requests/new/total"], NEW, 75,
        "the text says '收到政府信息公开申请75件' but table 三 new/total is 74")]


def test_unreadable_carried_over_leaves_the_rule_undecided():
    assert p1(report_saying("收到政府信息公开申请75件", "?")) == []
    # 新收 does not involve the carried-over cell: still checked
    assert [f[3:5] for f in p1(report_saying("新收政府信息公开申请75件", "?"))] == [(NEW, 75)]
