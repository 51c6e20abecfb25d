"""Grid headers the catalogue does not describe (an unknown column, a column named twice, table 四's
labels in another order): values are read by the header cell over them, or refused, never counted
onto the template's columns (found in review: each once gave a confident wrong number)."""

from __future__ import annotations

import pytest

import govdisclose
from govdisclose.document import Span, TextLine
from govdisclose.mapping.review_litigation import map_review_litigation
from govdisclose.mapping.rows import fit_values, row_of_line
from govdisclose.table_rows import Row

TITLE = "# 某县教育局2023年政府信息公开工作年度报告\n"
SECTION_2 = "## 二、主动公开政府信息情况\n"
SECTION_3 = "## 三、收到和处理政府信息公开申请情况\n"
SECTION_4 = "## 四、政府信息公开行政复议、行政诉讼情况\n"
NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
PARTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T4_LABELS = ["结果维持", "结果纠正", "尚未审结", "其他结果", "总计"]  # 尚未审结 before 其他结果


def parse_text(tmp_path, text: str, name: str = "r.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return govdisclose.parse(path)


def table_values(report, table: str, row: str) -> dict:
    cells = getattr(report.tables, table).rows[row]
    return {column: (cell.value if cell.kind == "number" else cell.kind) for column, cell in cells.items()}


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |\n"


def md_table(rows: list[list[str]]) -> str:
    """A pipe table whose first row is the markdown header line."""
    return md_row(rows[0]) + md_row(["---"] * len(rows[0])) + "".join(md_row(r) for r in rows[1:])


def html_table(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table border=1>{body}</table>"


def html_report(section: str, table: str) -> str:
    return (f"<html><body><p>某县教育局2023年政府信息公开工作年度报告</p><p>{section}</p>"
            f"{table}</body></html>")


# Table 三 with a 个体工商户 column between 自然人 and 商业企业: nine grid columns.
EXTRA_COLUMN = [
    ["", "自然人", "个体工商户", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", *PARTS, ""],
    [NEW, "", "3", "1", "0", "0", "0", "0", "4"],
    [CARRIED, "1", "0", "0", "0", "0", "0", "0", "1"],
]
READ_BY_GRID = {
    "new": {"natural_person": "blank", "commercial_enterprise": 1, "research_institution": 0,
            "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 4},
    "carried_over": {"natural_person": 1, "commercial_enterprise": 0, "research_institution": 0,
                     "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 1},
}


@pytest.mark.parametrize("name, text", [
    ("r.md", TITLE + SECTION_3 + md_table(EXTRA_COLUMN)),
    ("r.html", html_report("三、收到和处理政府信息公开申请情况", html_table(EXTRA_COLUMN))),
])
def test_unknown_column_is_left_out_and_the_rest_read_by_grid_column(tmp_path, name, text):
    report = parse_text(tmp_path, text, name)
    for row, wanted in READ_BY_GRID.items():
        assert table_values(report, "requests", row) == wanted
    assert "COLUMN-ORDER" not in [f.rule for f in report.findings]


def test_unknown_column_with_a_row_off_the_grid_is_unreadable(tmp_path):
    """A merged cell under the known columns leaves no cell per column: the row is refused."""
    table = html_table(EXTRA_COLUMN[:2]).replace("</table>", "") + (
        f"<tr><td>{NEW}</td><td></td><td colspan=\"2\">3</td><td>0</td><td>0</td><td>0</td>"
        "<td>0</td><td>3</td></tr></table>")
    report = parse_text(tmp_path, html_report("三、收到和处理政府信息公开申请情况", table), "r.html")
    assert set(table_values(report, "requests", "new").values()) == {"unreadable"}
    order = [f for f in report.findings if f.rule == "COLUMN-ORDER"]
    assert [f.cells for f in order] == [["requests/new"]]


@pytest.mark.parametrize("name, make", [
    ("r.md", lambda rows: TITLE + SECTION_3 + md_table(rows)),
    ("r.html", lambda rows: html_report("三、收到和处理政府信息公开申请情况", html_table(rows))),
])
def test_column_named_twice_is_unreadable(tmp_path, name, make):
    """合计 and 总计 both name the total: which one the row's 3 stands in is not known."""
    rows = [
        ["", "自然人", "法人或其他组织", "", "", "", "", "合计", "总计"],
        ["", "", *PARTS, "", ""],
        [NEW, "1", "1", "0", "0", "0", "1", "3", ""],
    ]
    report = parse_text(tmp_path, make(rows), name)
    cells = report.tables.requests.rows["new"]
    assert {c.kind for c in cells.values()} == {"unreadable"}
    assert report.cell("requests/new/total").value is None
    assert [f.cells for f in report.findings if f.rule == "COLUMN-ORDER"] == [["requests/new"]]


T2_CAPTION = ["第二十条第（一）项", "", "", "", ""]


@pytest.mark.parametrize("header, rules, wanted", [
    # an unknown 本年修订件数 column right of the known ones
    (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年修订件数"], ["规章", "", "0", "5", "2"],
     {"issued": "blank", "repealed": 0, "in_force": 5}),
    # an unknown 本年新制发件数 column left of them
    (["信息内容", "本年新制发件数", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "3", "1", "0", ""],
     {"issued": 1, "repealed": 0, "in_force": "blank"}),
])
def test_table_2_unknown_column_is_left_out(tmp_path, header, rules, wanted):
    report = parse_text(tmp_path, TITLE + SECTION_2 + md_table([T2_CAPTION, header, rules]))
    assert table_values(report, "active_disclosure", "rules") == wanted
    assert "COLUMN-ORDER" not in [f.rule for f in report.findings]


def test_table_2_unknown_column_without_positions_is_unreadable(tmp_path):
    """Text lines give no cell positions: three values under four header words cannot be placed."""
    text = ("某县教育局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容 本年新制发件数 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 2\n")
    report = parse_text(tmp_path, text, "r.txt")
    assert set(table_values(report, "active_disclosure", "rules").values()) == {"unreadable"}
    assert [f.cells for f in report.findings if f.rule == "COLUMN-ORDER"] == [["active_disclosure/rules"]]


def test_table_4_labels_out_of_order_are_read_by_their_header_cell(tmp_path):
    rows = [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*[""] * 5, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        T4_LABELS * 3,
        ["3", "1", "2", "0", "6", "1", "0", "0", "4", "5", "0", "0", "7", "0", "7"],
    ]
    report = parse_text(tmp_path, TITLE + SECTION_4 + md_table(rows))
    assert table_values(report, "review_litigation", "review") == {
        "upheld": 3, "corrected": 1, "other": 0, "pending": 2, "total": 6}
    assert table_values(report, "review_litigation", "litigation_direct") == {
        "upheld": 1, "corrected": 0, "other": 4, "pending": 0, "total": 5}
    assert table_values(report, "review_litigation", "litigation_after_review") == {
        "upheld": 0, "corrected": 0, "other": 0, "pending": 7, "total": 7}


def test_table_4_labelled_rows_under_labels_out_of_order(tmp_path):
    rows = [["类别", *T4_LABELS], ["行政复议", "3", "1", "2", "0", "6"]]
    report = parse_text(tmp_path, TITLE + SECTION_4 + md_table(rows))
    assert table_values(report, "review_litigation", "review") == {
        "upheld": 3, "corrected": 1, "other": 0, "pending": 2, "total": 6}


def test_table_4_labels_out_of_order_with_a_merged_value_are_unreadable(tmp_path):
    rows = [["类别", *T4_LABELS]]
    table = html_table(rows).replace("</table>", "") + (
        "<tr><td>行政复议</td><td>3</td><td>1</td><td colspan=\"2\">2</td><td>6</td></tr></table>")
    report = parse_text(tmp_path, html_report("四、政府信息公开行政复议、行政诉讼情况", table), "r.html")
    assert set(table_values(report, "review_litigation", "review").values()) == {"unreadable"}
    assert [f.cells for f in report.findings if f.rule == "COLUMN-ORDER"] == [["review_litigation/review"]]


def spans(*texts: str) -> list[Span]:
    return [Span(text, 1) for text in texts]


def test_fit_values_never_drops_a_blank_under_a_named_header_cell():
    values = spans("3", "1", "0", "0", "0", "0", "4", "")
    assert [v.text for v in fit_values(values, 7)] == ["3", "1", "0", "0", "0", "0", "4"]
    assert fit_values(values, 7, frozenset({7})) is None


def test_blank_under_a_total_spanning_two_cells_is_not_padding(tmp_path):
    """总计 printed over two grid cells, the row printing 4 and a blank under it: not one cell."""
    parts = "".join(f"<td>{p}</td>" for p in PARTS)
    header = f"<tr><td></td><td>自然人</td>{parts}<td colspan=\"2\">总计</td></tr>"
    row = f"<tr><td>{NEW}</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td><td></td></tr>"
    report = parse_text(tmp_path, html_report("三、收到和处理政府信息公开申请情况",
                                              f"<table border=1>{header}{row}</table>"), "r.html")
    assert set(table_values(report, "requests", "new").values()) == {"unreadable"}
    assert [f.rule for f in report.findings if f.cells == [f"requests/new/{c}" for c in READ_BY_GRID["new"]]] \
        == ["COLUMN-COUNT"]


def boxed_line(words: list[str], xs: list[float], y: float) -> Row:
    """A text line read as a row, each word 20 points wide at its x."""
    boxes = [Span(w, 1, (x, y, x + 20, y + 10)) for w, x in zip(words, xs, strict=True)]
    return row_of_line(TextLine(" ".join(words), 1, words=boxes), 0)


def test_borderless_table_4_labels_out_of_order_are_placed_by_their_x():
    xs = [40.0 * i for i in range(15)]
    rows = [boxed_line(T4_LABELS * 3, xs, 0),
            boxed_line(["3", "1", "2", "0", "6", "1", "0", "0", "4", "5", "0", "0", "7", "0", "7"], xs, 20)]
    table, findings, _ = map_review_litigation(rows)
    got = {row: {c: cell.value for c, cell in cells.items()} for row, cells in table.rows.items()}
    assert got == {"review": {"upheld": 3, "corrected": 1, "other": 0, "pending": 2, "total": 6},
                   "litigation_direct": {"upheld": 1, "corrected": 0, "other": 4, "pending": 0, "total": 5},
                   "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 7, "total": 7}}
    assert findings == []


def test_borderless_table_4_partial_labels_out_of_order_are_unreadable():
    """The last 总计 not found, 尚未审结 left of 其他结果: the columns cannot be known."""
    rows = [boxed_line((T4_LABELS * 3)[:14], [40.0 * i for i in range(14)], 0),
            boxed_line([str(n) for n in [3, 1, 2, 0, 6, 1, 0, 0, 4, 5, 0, 0, 7, 0, 7]],
                       [40.0 * i for i in range(15)], 20)]
    table, findings, _ = map_review_litigation(rows)
    assert {cell.kind for cells in table.rows.values() for cell in cells.values()} == {"unreadable"}
    assert [f.rule for f in findings] == ["COLUMN-ORDER"]


def test_unknown_column_holds_for_a_grid_continued_without_its_own_header(tmp_path):
    """The next page's grid prints no header: the rows stand under the same nine columns."""
    text = TITLE + SECTION_3 + md_table(EXTRA_COLUMN[:2]) + "\n续表\n\n" + md_table(EXTRA_COLUMN[2:])
    report = parse_text(tmp_path, text)
    for row, wanted in READ_BY_GRID.items():
        assert table_values(report, "requests", row) == wanted

