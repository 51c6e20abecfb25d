"""Real reports from ../shared/samples, compared cell by cell with hand-checked values."""

from __future__ import annotations

import json

import pytest

import govdisclose
from govdisclose.catalogue import requests as req
from govdisclose.catalogue import review_litigation as rl

from .conftest import sample

CANONICAL = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
]


def expected_cells(expected: dict) -> dict[str, float]:
    """Flatten an ``*.expected.json`` into ``{table/row/column: value}``."""
    flat = {}
    for table, rows in expected["cells"].items():
        for row, values in rows.items():
            if isinstance(values, list):
                columns = req.STANDARD_COLUMNS if table == "requests" else tuple(rl.COLUMNS)
                values = dict(zip(columns, values, strict=True))
            for column, value in values.items():
                flat[f"{table}/{row}/{column}"] = value
    return flat


def expected_findings(expected: dict) -> list[tuple]:
    """An ``*.expected.json``'s findings as (rule, cells, expected, actual)."""
    return [(f["rule"], f["cells"], f.get("expected"), f.get("actual")) for f in expected["findings"]]


def findings_of(report) -> list[tuple]:
    return [(f.rule, f.cells, f.expected, f.actual) for f in report.findings]


@pytest.fixture(scope="module")
def huaian():
    return govdisclose.parse(sample("huaian-2024.pdf"))


def test_huaian_every_cell(huaian):
    expected = json.loads(sample("huaian-2024.expected.json").read_text(encoding="utf-8"))
    wanted = expected_cells(expected)
    got = {f"{r.table}/{r.row}/{r.column}": r.value for r in huaian.cells()}
    assert got == wanted
    assert all(r.kind == "number" and r.raw == str(r.value) for r in huaian.cells())
    assert findings_of(huaian) == expected_findings(expected)


def test_pingtan_2022_findings_are_the_expected_ones():
    """The prose's 收到…75件 counts the carried-over request too (75 = 74 new + 1): no P-1."""
    expected = json.loads(sample("pingtan-2022.expected.json").read_text(encoding="utf-8"))
    report = govdisclose.parse(sample(expected["source"]))
    assert findings_of(report) == expected_findings(expected) == []


def test_huaian_meta_sections_findings(huaian):
    assert (huaian.meta.agency, huaian.meta.year, huaian.meta.template) == ("淮安市人民政府", 2024, "2021")
    assert huaian.meta.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert huaian.meta.page_count == 6
    assert [s.canonical_heading for s in huaian.sections] == CANONICAL
    assert [s.heading for s in huaian.sections] == CANONICAL
    assert [i.marker for i in huaian.section(1).subitems] == ["（一）", "（二）", "（三）", "（四）",
                                                              "（五）"]
    assert huaian.section(1).subitems[1].heading == "依申请公开情况"
    assert "全市共受理政府信息公开申请3119件" in huaian.section(1).text
    assert huaian.section(6).text == ("2024年，市政府严格落实《政府信息公开信息处理费管理办法》，"
                                      "全年收取政府信息公开信息处理费3940元。")
    assert "-3-" not in huaian.section(2).text + huaian.section(1).text
    assert huaian.findings == []


def test_huaian_provenance(huaian):
    cell = huaian.cell("requests/unavailable.not_held/natural_person")
    assert (cell.value, cell.page) == (746, 4)
    x0, top, x1, bottom = cell.bbox
    assert 180 < x0 < x1 < 300 and 600 < top < bottom < 800
    # The （四） group continues on page 5 without a header.
    assert huaian.cell("requests/unavailable.needs_creation/total").page == 5
    assert huaian.cell("active_disclosure/fees/amount_10k_yuan").unit == "10k_yuan"


def test_huling_converted_markdown():
    report = govdisclose.parse(sample("huling-2020-converted.md"))
    assert report.meta.template == "2019" and report.meta.year == 2020 and report.meta.source == "text"
    assert [s.canonical_heading for s in report.sections] == CANONICAL
    assert report.section(6).text == "无"
    assert [i.heading for i in report.section(5).subitems] == ["关于政府信息公开队伍建设",
                                                              "关于政府信息公开平台建设"]
    cells = {f"{r.table}/{r.row}/{r.column}": (r.value, r.kind) for r in report.cells()}
    request_rows = [r.key for r in req.ROWS if r.role == "data" and r.key not in req.OTHER_SUBROWS]
    wanted = {f"requests/{row}/{col}" for row in request_rows for col in req.STANDARD_COLUMNS}
    wanted |= {f"review_litigation/{row}/{col}" for row in rl.ROWS for col in rl.COLUMNS}
    wanted |= {f"active_disclosure/{row}/{col}" for row, cols in {
        "rules": ("new_made", "new_published", "published_total"),
        "normative_documents": ("new_made", "new_published", "published_total"),
        "licensing": ("items_last_year", "items_change", "decisions"),
        "other_services": ("items_last_year", "items_change", "decisions"),
        "penalty": ("items_last_year", "items_change", "decisions"),
        "coercion": ("items_last_year", "items_change", "decisions"),
        "fees": ("items_last_year", "items_change"),
        "procurement": ("projects", "amount"),
    }.items() for col in cols}
    assert len(wanted) == 23 * 7 + 15 + 22
    assert cells == {key: (0, "number") for key in wanted}
    assert report.findings == []


def test_shuyang_converted_markdown_split_tables():
    """A converter split table 三 into one small table per group and table 四 into three."""
    report = govdisclose.parse(sample("shuyang-2025-converted.md"))
    assert (report.meta.agency, report.meta.year, report.meta.template) == ("沐阳县人民政府", 2025, "2021")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    review = {row: [c.value for c in cells.values()]
              for row, cells in report.tables.review_litigation.rows.items()}
    assert review == {"review": [27, 10, 9, 15, 61], "litigation_direct": [3, 0, 0, 0, 3],
                      "litigation_after_review": [8, 0, 1, 1, 10]}
    requests = report.tables.requests.rows
    assert len(requests) == 25
    assert [c.value for c in requests["new"].values()] == [705, 3, 0, 0, 5, 0, 713]
    assert [c.value for c in requests["other.fee_unpaid"].values()] == [7, 0, 0, 0, 0, 0, 7]
    assert [c.value for c in requests["total"].values()] == [710, 3, 0, 0, 5, 0, 718]
    assert report.tables.active_disclosure.rows["fees"]["amount_10k_yuan"].value == 4068.208
    # The prose's 受理…749件 counts carried-over requests too (749 = 713 new + 36), so P-1 holds.
    assert report.findings == []


def test_shanghai_kewei_table2_lines_above_the_table_become_cells():
    """A converter printed 行政许可 97, 行政处罚 0 … as lines under a misnumbered heading (一、主动公开…)
    and 规章 / 规范性文件 as a pipe table: every printed row of table 二 is a cell (issue 15, class 8)."""
    report = govdisclose.parse(sample("shanghai-kewei-2024-converted.md"))
    table = {row: {col: (c.value, c.kind, c.unit) for col, c in cells.items()}
             for row, cells in report.tables.active_disclosure.rows.items()}
    zero = (0, "number", None)
    assert table == {
        "licensing": {"decisions": (97, "number", None)}, "penalty": {"decisions": zero},
        "coercion": {"decisions": zero}, "fees": {"amount_10k_yuan": (0, "number", "10k_yuan")},
        "rules": {"issued": zero, "repealed": zero, "in_force": zero},
        "normative_documents": {"issued": (13, "number", None), "repealed": zero,
                                "in_force": (55, "number", None)},
    }
    assert not [f for f in report.findings if any(c.startswith("active_disclosure") for c in f.cells)]
    assert "行政许可" not in report.section(1).text


def test_shanghai_office_table2_rows_missing_a_cell_stay_unreadable():
    """``| 规章 | 22 | 235 |`` under three columns: no header says which cell is missing."""
    report = govdisclose.parse(sample("shanghai-office-2025-converted.md"))
    rules = report.tables.active_disclosure.rows["rules"]
    assert {c.kind for c in rules.values()} == {"unreadable"} and len(rules) == 3
    assert [f.cells for f in report.findings if f.rule == "COLUMN-COUNT" and "二" in f.message] == [
        ["active_disclosure/rules/issued", "active_disclosure/rules/repealed",
         "active_disclosure/rules/in_force"],
        ["active_disclosure/normative_documents/issued", "active_disclosure/normative_documents/repealed",
         "active_disclosure/normative_documents/in_force"]]
    assert not [f for f in report.findings if f.rule == "MISSING-ROW" and "active_disclosure" in f.cells[0]]
