"""Table 二 values placed by the grid columns of the header cell above them (issue 15, class 3).

The split fixtures print 本年增/减 as a header spanning two grid columns and each row as an empty
cell then the value; their every cell is asserted by test_fixtures / test_html_source /
test_docx_source. Here: what happens when the header does not decide.
"""

from __future__ import annotations

import govdisclose

from .conftest import FIXTURES
from .truth import load_truth, report_cells, truth_cells

PAGE = FIXTURES / "web" / "web2019_split_columns.html"
LICENSING = ('<tr><td valign="middle">行政许可</td><td valign="middle">42</td><td valign="middle">&nbsp;</td>'
             '<td valign="middle">4</td><td valign="middle">873</td></tr>')


def _parse_with_row(tmp_path, row: str):
    text = PAGE.read_text(encoding="utf-8")
    assert LICENSING in text
    path = tmp_path / "page.html"
    path.write_text(text.replace(LICENSING, row), encoding="utf-8")
    return govdisclose.parse(path)


def test_the_header_places_each_value_in_its_span():
    report = govdisclose.parse(PAGE)
    licensing = report.tables.active_disclosure.rows["licensing"]
    assert {c: (cell.value, cell.raw) for c, cell in licensing.items()} == {
        "items_last_year": (42, "42"), "items_change": (4, "4"), "decisions": (873, "873")}
    assert licensing["items_change"].path.endswith("/td[4]")


def test_two_values_under_one_header_cell_leave_only_that_column_unreadable(tmp_path):
    report = _parse_with_row(tmp_path, LICENSING.replace("&nbsp;", "7"))
    truth = load_truth(PAGE.with_name("web2019_split_columns.truth.json"))
    got, wanted = report_cells(report), truth_cells(truth)
    assert (got.pop("active_disclosure/licensing/items_change")["kind"],
            wanted.pop("active_disclosure/licensing/items_change")["value"]) == ("unreadable", 4)
    assert got == wanted
    assert [(f.rule, f.cells, f.message) for f in report.findings] == [
        ("UNREADABLE", ["active_disclosure/licensing/items_change"],
         "cell active_disclosure/licensing/items_change could not be read: '42 7 4 873'"),
        ("COLUMN-COUNT", ["active_disclosure/licensing/items_change"],
         "table 二 row licensing: the grid columns under items_change hold more than one value "
         "('42 7 4 873')"),
    ]


def test_a_missing_cell_is_blank_where_the_header_decides(tmp_path):
    """The value cell of 本年增/减 left empty too: that column is blank, the others are read."""
    report = _parse_with_row(tmp_path, LICENSING.replace(">4<", ">&nbsp;<"))
    licensing = report.tables.active_disclosure.rows["licensing"]
    assert {c: (cell.value, cell.kind) for c, cell in licensing.items()} == {
        "items_last_year": (42, "number"), "items_change": (None, "blank"), "decisions": (873, "number")}
    assert report.findings == []
