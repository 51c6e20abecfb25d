"""Table 二 values placed by the grid columns of the header cell above them (issue 15, class 3).

The split fixtures print 本年增/减 as a header spanning two grid columns and each row as an empty
cell then the value; t2019_borderless_blank_cells prints blank cells in rows read from text lines
(placed by the header words' x-ranges). Their every cell is asserted by test_fixtures /
test_html_source / test_docx_source. Here: what happens when the header does not decide.
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
         "active_disclosure/licensing/items_change: more than one value under its header ('42 7 4 873')"),
    ]


def test_a_missing_cell_is_blank_where_the_header_decides(tmp_path):
    """The value cell of 本年增/减 left empty too: that column is blank, the others are read."""
    report = _parse_with_row(tmp_path, LICENSING.replace(">4<", ">&nbsp;<"))
    licensing = report.tables.active_disclosure.rows["licensing"]
    assert {c: (cell.value, cell.kind) for c, cell in licensing.items()} == {
        "items_last_year": (42, "number"), "items_change": (None, "blank"), "decisions": (873, "number")}
    assert report.findings == []


# A borderless 2019 sub-table read from text lines: words with their boxes (as pdf_text gives them).
HEADER_WORDS = (("信息内容", 126.1, 166.1), ("上一年项目数量", 235.6, 305.6), ("本年增/减", 349.0, 394.2),
                ("处理决定数量", 442.6, 502.6))


def _line_rows(values: tuple[tuple[str, float], ...]):
    from govdisclose.document import Span
    from govdisclose.mapping.rows import Row

    def word(text, x0, x1, top):
        return Span(text, 3, (x0, top, x1, top + 10))

    header = [word(t, x0, x1, 146.5) for t, x0, x1 in HEADER_WORDS]
    label = word("行政许可", 75.1, 115.1, 168.5)
    data = [word(t, centre - 3 * len(t), centre + 3 * len(t), 168.5) for t, centre in values]
    return [Row([w.text for w in header], [], 1, list(header), from_line=True),
            Row(["行政许可"], data, 2, [label, *data], from_line=True)]


def test_a_line_value_goes_to_the_header_above_it():
    from govdisclose.mapping.active_disclosure import map_active_disclosure

    table, findings, _ = map_active_disclosure(_line_rows((("42", 270.6), ("873", 472.6))), "2019")
    cells = table.rows["licensing"]
    assert {c: (cell.value, cell.kind, cell.raw) for c, cell in cells.items()} == {
        "items_last_year": (42, "number", "42"), "items_change": (None, "blank", ""),
        "decisions": (873, "number", "873")}
    assert cells["items_change"].bbox == (349.0, 168.5, 394.2, 178.5) and findings == []


def test_two_line_values_under_one_header_word_leave_that_column_unreadable():
    from govdisclose.mapping.active_disclosure import map_active_disclosure

    rows = _line_rows((("42", 260.0), ("5", 290.0), ("873", 472.6)))
    table, findings, _ = map_active_disclosure(rows, "2019")
    assert {c: (cell.value, cell.kind) for c, cell in table.rows["licensing"].items()} == {
        "items_last_year": (None, "unreadable"), "items_change": (None, "blank"),
        "decisions": (873, "number")}
    assert [(f.rule, f.cells) for f in findings] == [
        ("COLUMN-COUNT", ["active_disclosure/licensing/items_last_year"])]


def test_a_value_under_no_header_word_falls_back_to_counting():
    from govdisclose.mapping.active_disclosure import map_active_disclosure

    rows = _line_rows((("42", 150.0), ("873", 472.6)))  # left of every header cell
    table, findings, _ = map_active_disclosure(rows, "2019")
    assert {cell.kind for cell in table.rows["licensing"].values()} == {"unreadable"}
    assert [f.rule for f in findings] == ["COLUMN-COUNT"]


def test_ocr_words_never_make_a_blank():
    """An OCR line missing a value under a header word may have lost the ink: counting decides."""
    from dataclasses import replace

    from govdisclose.mapping.active_disclosure import map_active_disclosure

    header, data = _line_rows((("42", 270.6), ("873", 472.6)))
    data.values = [replace(v, confidence=0.99) for v in data.values]
    table, findings, _ = map_active_disclosure([header, data], "2019")
    assert {cell.kind for cell in table.rows["licensing"].values()} == {"unreadable"}
    assert [f.rule for f in findings] == ["COLUMN-COUNT"]


# Table 三 without rules: its header wraps in the narrow columns (as t2021_borderless_blank_cells).
REQUEST_HEADER_LINES = (
    (("申请人情况", 398.9, 446.4),),
    (("自然", 323.1, 342.1), ("社会", 413.1, 432.1), ("法律", 443.1, 462.1), ("总计", 503.1, 522.1)),
    (("人", 327.9, 337.4), ("商业", 353.1, 372.1), ("科研", 383.1, 402.1), ("公益", 413.1, 432.1),
     ("服务", 443.1, 462.1), ("其他", 473.1, 492.1)),
    (("企业", 353.1, 372.1), ("机构", 383.1, 402.1), ("组织", 413.1, 432.1), ("机构", 443.1, 462.1)),
)


def _x_extent(value: tuple) -> tuple[float, float]:
    """A value word's x0, x1: given as (text, x0, x1), or (text, centre) for a word 6 pt wide."""
    return value[1:] if len(value) == 3 else (value[1] - 3.0, value[1] + 3.0)


def _request_rows(values: tuple[tuple, ...], header=REQUEST_HEADER_LINES):
    from govdisclose.document import Span
    from govdisclose.mapping.rows import Row

    rows = []
    for n, line in enumerate(header):
        words = [Span(t, 4, (x0, 100.0 + 12 * n, x1, 110.0 + 12 * n)) for t, x0, x1 in line]
        rows.append(Row([w.text for w in words], [], n, words, from_line=True))
    label = Span("一、本年新收政府信息公开申请数量", 4, (60.0, 160.0, 300.0, 170.0))
    data = [Span(v[0], 4, (_x_extent(v)[0], 160.0, _x_extent(v)[1], 170.0)) for v in values]
    rows.append(Row([label.text], data, 9, [label, *data], from_line=True))
    return rows


def test_table_three_values_go_under_their_wrapped_headers():
    from govdisclose.mapping.requests import map_requests

    table, findings, _ = map_requests(_request_rows(
        (("113", 332.6), ("4", 362.6), ("2", 452.6), ("2", 482.6), ("121", 512.6))))
    assert {c: (cell.value, cell.kind) for c, cell in table.rows["new"].items()} == {
        "natural_person": (113, "number"), "commercial_enterprise": (4, "number"),
        "research_institution": (None, "blank"), "social_welfare_org": (None, "blank"),
        "legal_service_org": (2, "number"), "other_org": (2, "number"), "total": (121, "number")}
    assert [f.rule for f in findings if f.rule != "MISSING-ROW"] == []


def test_table_three_two_values_under_one_header_leave_that_cell_unreadable():
    from govdisclose.mapping.requests import map_requests

    table, findings, _ = map_requests(_request_rows(
        (("113", 332.6), ("4", 358.0), ("1", 368.0), ("2", 452.6), ("2", 482.6), ("122", 512.6))))
    cells = table.rows["new"]
    assert (cells["commercial_enterprise"].kind, cells["natural_person"].value, cells["total"].value) == (
        "unreadable", 113, 122)
    assert [(f.rule, f.cells) for f in findings] == [
        ("COLUMN-COUNT", ["requests/new/commercial_enterprise"])]


def _review_rows(values: tuple[tuple, ...]):
    from govdisclose.document import Span
    from govdisclose.mapping.rows import Row

    labels = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3
    words = [Span(t, 4, (50.0 + 32 * i, 100.0, 78.0 + 32 * i, 110.0)) for i, t in enumerate(labels)]
    data = [Span(v[0], 4, (_x_extent(v)[0], 130.0, _x_extent(v)[1], 140.0)) for v in values]
    return [Row([w.text for w in words], [], 0, words, from_line=True),
            Row([], data, 1, data, from_line=True)]


def test_table_four_line_placed_by_its_fifteen_headers():
    from govdisclose.mapping.review_litigation import map_review_litigation

    centres = [64.0 + 32 * i for i in range(15)]
    printed = (3, 1, 4, 1, 9, 1, 1, 2, 0, 2, 1, 2, 1, 6)  # litigation_direct/total left blank
    values = tuple((str(n), x) for n, x in zip(printed, centres[:9] + centres[10:], strict=True))
    table, findings, _ = map_review_litigation(_review_rows(values))
    assert [(c.value, c.kind) for c in table.rows["litigation_direct"].values()] == [
        (1, "number"), (1, "number"), (2, "number"), (0, "number"), (None, "blank")]
    assert [c.value for c in table.rows["litigation_after_review"].values()] == [2, 1, 2, 1, 6]
    assert findings == []


def test_table_four_two_values_under_one_header():
    from govdisclose.mapping.review_litigation import map_review_litigation

    centres = [64.0 + 32 * i for i in range(15)]
    values = tuple(("1", x) for x in centres) + (("7", centres[0] + 8),)
    table, findings, _ = map_review_litigation(_review_rows(values))
    assert table.rows["review"]["upheld"].kind == "unreadable" and table.rows["review"]["total"].value == 1
    assert [(f.rule, f.cells) for f in findings] == [("COLUMN-COUNT", ["review_litigation/review/upheld"])]


def test_a_value_printed_with_a_unit_word_is_unreadable_not_part_of_the_label(tmp_path):
    """``873件`` is no label: under the header it is the cell of 处理决定数量, and unreadable."""
    report = _parse_with_row(tmp_path, LICENSING.replace(">873<", ">873件<"))
    licensing = report.tables.active_disclosure.rows["licensing"]
    assert {c: (cell.value, cell.kind, cell.raw) for c, cell in licensing.items()} == {
        "items_last_year": (42, "number", "42"), "items_change": (4, "number", "4"),
        "decisions": (None, "unreadable", "873件")}
    assert [(f.rule, f.cells) for f in report.findings] == [
        ("UNREADABLE", ["active_disclosure/licensing/decisions"])]


# Values placed by x only under the header word they overlap (review 1.3, 1.4): a value in a gap,
# or under a printed column the header reader does not know, is no column's by x.


def test_a_line_value_between_two_header_words_is_placed_by_counting():
    """42 right-aligned in the gap between 上一年项目数量 and 本年增/减: not 本年增/减's value."""
    from govdisclose.mapping.active_disclosure import map_active_disclosure

    table, findings, _ = map_active_disclosure(_line_rows((("42", 335.0), ("873", 472.6))), "2019")
    assert {c: (cell.value, cell.kind) for c, cell in table.rows["licensing"].items()} == {
        "items_last_year": (None, "unreadable"), "items_change": (None, "unreadable"),
        "decisions": (None, "unreadable")}
    assert [(f.rule, f.cells) for f in findings] == [("COLUMN-COUNT", [
        "active_disclosure/licensing/items_last_year", "active_disclosure/licensing/items_change",
        "active_disclosure/licensing/decisions"])]
    table, findings, _ = map_active_disclosure(
        _line_rows((("42", 335.0), ("4", 380.0), ("873", 472.6))), "2019")  # every column printed
    assert {c: cell.value for c, cell in table.rows["licensing"].items()} == {
        "items_last_year": 42, "items_change": 4, "decisions": 873}
    assert findings == []


def test_a_subtotal_header_wrapped_in_its_column_is_found():
    """小 / 计 in a narrow column is the subtotal column: its 2 is not 其他组织's."""
    from govdisclose.mapping.requests import map_requests

    header = (*REQUEST_HEADER_LINES[:1],
              (("自然", 323.1, 342.1), ("社会", 413.1, 432.1), ("法律", 443.1, 462.1), ("小", 503.1, 512.1),
               ("总计", 533.1, 552.1)),
              (*REQUEST_HEADER_LINES[2], ("计", 503.1, 512.1)),
              REQUEST_HEADER_LINES[3])
    table, findings, _ = map_requests(_request_rows(
        (("5", 332.6), ("2", 362.6), ("2", 507.6), ("7", 542.6)), header))
    assert {c: (cell.value, cell.kind) for c, cell in table.rows["new"].items()} == {
        "natural_person": (5, "number"), "commercial_enterprise": (2, "number"),
        "research_institution": (None, "blank"), "social_welfare_org": (None, "blank"),
        "legal_service_org": (None, "blank"), "other_org": (None, "blank"),
        "legal_person_subtotal": (2, "number"), "total": (7, "number")}
    assert [f.rule for f in findings if f.rule != "MISSING-ROW"] == []


def test_an_unknown_printed_column_leaves_the_columns_unknown():
    """个体/工商/户 names no catalogue column. By x, its 1,000 (reaching into 其他's extent) would be
    taken for 其他组织's value; by counting, a row with one blank among the template columns would
    shift its values. Neither is tried: every cell is unreadable with COLUMN-ORDER."""
    from govdisclose.mapping.requests import map_requests

    header = (*REQUEST_HEADER_LINES[:1],
              (("自然", 323.1, 342.1), ("社会", 413.1, 432.1), ("法律", 443.1, 462.1), ("个体", 498.1, 517.1),
               ("总计", 533.1, 552.1)),
              (*REQUEST_HEADER_LINES[2], ("工商", 498.1, 517.1)),
              (*REQUEST_HEADER_LINES[3], ("户", 503.1, 512.1)))
    wide = (("5", 332.6), ("2", 362.6), ("1,000", 490.0, 520.0), ("1,007", 535.0, 550.0))
    counted = (("5", 332.6), ("2", 362.6), ("1", 422.6), ("1", 452.6), ("1", 482.6), ("3", 507.6),
               ("13", 542.6))  # 科研机构 blank: seven values, as many as the template's columns
    for values in (wide, counted):
        table, findings, _ = map_requests(_request_rows(values, header))
        assert {c: cell.kind for c, cell in table.rows["new"].items()} == {
            c: "unreadable" for c in (
                "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                "legal_service_org", "other_org", "legal_person_subtotal", "total")}
        assert [(f.rule, f.cells) for f in findings if f.rule != "MISSING-ROW"] == [
            ("COLUMN-ORDER", ["requests/new"])]


def test_a_table_four_value_between_two_headers_is_placed_by_counting():
    """The 4 printed in the gap left of litigation_direct/total's header (306–334 | 338–366) is
    not pending's; with 14 values for 15 positions the line is not read."""
    from govdisclose.mapping.review_litigation import map_review_litigation

    centres = [64.0 + 32 * i for i in range(15)]
    values = tuple((str(n), x) for n, x in zip((3, 1, 4, 1, 9, 1, 1, 2), centres, strict=False)) \
        + (("4", 334.5, 335.5),) + tuple(("1", x) for x in centres[10:])
    table, findings, _ = map_review_litigation(_review_rows(values))
    assert table.rows == {}
    assert [f.rule for f in findings] == ["COLUMN-COUNT"]


# Review 2, items 2 and 3: a value under no header word of table 三, and a continuation page.
REQUEST_CENTRES = (332.6, 362.6, 392.6, 422.6, 452.6, 482.6, 512.6)  # under 自然人 … 总计


def _paged_request_rows(pages: tuple[tuple[int, tuple, tuple], ...]):
    """Rows of table 三 read as text lines: per page its number, the header lines it prints
    (words as (text, x0, x1)) and its rows (label, values as ``_x_extent`` takes them)."""
    from govdisclose.document import Span
    from govdisclose.mapping.rows import Row

    rows = []
    for page, header, lines in pages:
        top = 100.0
        for line in header:
            words = [Span(t, page, (x0, top, x1, top + 10)) for t, x0, x1 in line]
            rows.append(Row([w.text for w in words], [], len(rows), words, from_line=True))
            top += 12
        for label_text, values in lines:
            label = Span(label_text, page, (60.0, top, 300.0, top + 10))
            data = [Span(v[0], page, (_x_extent(v)[0], top, _x_extent(v)[1], top + 10)) for v in values]
            rows.append(Row([label.text], data, len(rows), [label, *data], from_line=True))
            top += 20
    return rows


NEW = "一、本年新收政府信息公开申请数量"
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
CARRIED_FORWARD = "四、结转下年度继续办理"
NEW_ROW = (NEW, tuple(zip(("113", "4", "0", "0", "2", "2", "121"), REQUEST_CENTRES, strict=True)))


def _cells(table, key):
    return {c: (cell.value, cell.kind) for c, cell in table.rows[key].items()}


def test_a_column_printed_right_of_total_leaves_the_columns_unknown():
    """网上/申请 printed right of 总计 names no catalogue column: its 7 is no column's, and
    counting 4 0 0 2 2 121 7 (自然人 blank) would shift every value. Nothing is read."""
    from govdisclose.mapping.requests import map_requests

    header = (*REQUEST_HEADER_LINES[:2], (*REQUEST_HEADER_LINES[2], ("网上", 540.0, 559.0)),
              (*REQUEST_HEADER_LINES[3], ("申请", 540.0, 559.0)))
    values = (*zip(("4", "0", "0", "2", "2", "121"), REQUEST_CENTRES[1:], strict=True), ("7", 549.5))
    table, findings, _ = map_requests(_paged_request_rows(((4, header, ((NEW, values),)),)))
    assert set(_cells(table, "new").values()) == {(None, "unreadable")}
    assert [(f.rule, f.cells) for f in findings if f.rule != "MISSING-ROW"] == [
        ("COLUMN-ORDER", ["requests/new"])]


def test_a_value_under_no_header_word_makes_a_table_three_row_unreadable():
    """The same 7, its column's header not read: it stands under no header word, so the row is
    not counted either (seven values would fill seven columns, each one column off)."""
    from govdisclose.mapping.requests import map_requests

    values = (*zip(("4", "0", "0", "2", "2", "121"), REQUEST_CENTRES[1:], strict=True), ("7", 549.5))
    table, findings, _ = map_requests(_paged_request_rows(((4, REQUEST_HEADER_LINES, ((NEW, values),)),)))
    assert set(_cells(table, "new").values()) == {(None, "unreadable")}
    assert [(f.rule, f.message) for f in findings if f.rule != "MISSING-ROW"] == [
        ("COLUMN-COUNT", "table 三 row new: 7 under no column's header ('4 0 0 2 2 121 7')")]


def _continuation(shift: float, header: tuple = ()):
    """Table 三 from page 3 onto page 4, page 4 typeset ``shift`` points to the right: 二 prints
    自然人 blank and 0 0 0 0 0 2; 四 prints every column."""
    short = tuple((t, x + shift) for t, x in zip(("0", "0", "0", "0", "0", "2"), REQUEST_CENTRES[1:], strict=True))
    full = tuple((t, x + shift) for t, x in zip(("3", "0", "0", "0", "0", "0", "3"), REQUEST_CENTRES, strict=True))
    return _paged_request_rows(((3, REQUEST_HEADER_LINES, (NEW_ROW,)),
                                (4, header, ((CARRIED_OVER, short), (CARRIED_FORWARD, full)))))


def test_a_continuation_page_typeset_elsewhere_is_counted_not_placed_by_another_pages_header():
    """Page 4 shifted 30 pt left puts 二's values one column to the left under page 3's header
    words (0 under 自然人 … 2 under 其他, 总计 empty). Its lines disagree with that header (四's
    first 3 stands under no header word, 总计's word has nothing under it), so they are counted:
    二's six values for seven columns are unreadable, 四's seven are read."""
    from govdisclose.mapping.requests import map_requests

    table, findings, _ = map_requests(_continuation(-30.0))
    assert set(_cells(table, "carried_over").values()) == {(None, "unreadable")}
    assert [c.value for c in table.rows["carried_forward"].values()] == [3, 0, 0, 0, 0, 0, 3]
    assert [c.value for c in table.rows["new"].values()] == [113, 4, 0, 0, 2, 2, 121]
    assert [(f.rule, f.message) for f in findings if f.rule != "MISSING-ROW"] == [
        ("COLUMN-COUNT", "table 三 row carried_over: 6 values for 7 columns ('0 0 0 0 0 2')")]


def test_a_continuation_page_under_the_same_columns_keeps_its_blanks():
    """Page 4 typeset where page 3 is: its lines stand under page 3's header words, so 二's
    empty 自然人 is read as blank."""
    from govdisclose.mapping.requests import map_requests

    table, findings, _ = map_requests(_continuation(0.0))
    assert _cells(table, "carried_over") == {
        "natural_person": (None, "blank"), "commercial_enterprise": (0, "number"),
        "research_institution": (0, "number"), "social_welfare_org": (0, "number"),
        "legal_service_org": (0, "number"), "other_org": (0, "number"), "total": (2, "number")}
    assert [f.rule for f in findings if f.rule != "MISSING-ROW"] == []


def test_a_header_reprinted_on_the_continuation_page_places_its_values():
    """Page 4 shifted 30 pt left reprints the header at its own positions: that header decides."""
    from govdisclose.mapping.requests import map_requests

    labels = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他组织", "总计")
    header = (tuple((t, x - 30.0 - 12.0, x - 30.0 + 12.0) for t, x in zip(labels, REQUEST_CENTRES, strict=True)),)
    table, findings, _ = map_requests(_continuation(-30.0, header))
    assert _cells(table, "carried_over") == {
        "natural_person": (None, "blank"), "commercial_enterprise": (0, "number"),
        "research_institution": (0, "number"), "social_welfare_org": (0, "number"),
        "legal_service_org": (0, "number"), "other_org": (0, "number"), "total": (2, "number")}
    assert [c.value for c in table.rows["carried_forward"].values()] == [3, 0, 0, 0, 0, 0, 3]
    assert [f.rule for f in findings if f.rule != "MISSING-ROW"] == []
