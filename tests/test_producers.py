"""The producer matrix (fixtures/producers.py): generated reports printed by Chromium and converted by
LibreOffice, each parsed to its truth: every cell, the findings, title/agency/year/template and the
six sections with their prose. Plus the pieces each producer needed: compatibility code points,
tables cut by page breaks, prose inside ruled frames, and OCR'd pages feeding meta and sections."""

from __future__ import annotations

import functools
import re
import shutil

import pdfplumber
import pypdfium2
import pytest

import govdisclose
from govdisclose.codepoints import fold, fold_document
from govdisclose.document import Document, Grid, Span, TextLine
from govdisclose.mapping.cells import make_cell
from govdisclose.page_breaks import continue_tables

from .conftest import FIXTURES, fixture_module, parse_scan
from .truth import (
    assert_every_cell,
    assert_findings,
    assert_meta,
    fixture_id,
    load_truth,
    truth_files,
)

PRODUCERS = FIXTURES / "producers"
TEXT_TRUTHS = truth_files(PRODUCERS, source="pdf_text")
OCR_TRUTHS = truth_files(PRODUCERS, source="ocr")


@functools.cache
def parsed(name: str):
    """Each producer PDF parsed once for the whole module (tests that change a report copy it)."""
    return govdisclose.parse(PRODUCERS / f"{name}.pdf")


@pytest.fixture(params=TEXT_TRUTHS, ids=[fixture_id(p) for p in TEXT_TRUTHS], name="case")
def case_fixture(request):
    truth = load_truth(request.param)
    return truth, parsed(truth["name"])


# Cells a producer's layout leaves unreadable: refusals the parser must make, not misses.
# LibreOffice at 12 pt wraps the 3-digit 148 in table 四's narrow column as "14" / "8".
EXPECTED_UNREADABLE = {"libreoffice2019_split": ("review_litigation/review/total",)}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sections_of(report) -> list[tuple[int, str, str]]:
    return [(s.number, s.heading, squeezed(s.text)) for s in report.sections]


def truth_sections(truth: dict) -> list[tuple[int, str, str]]:
    return [(s["number"], s["heading"], s["text"]) for s in truth["sections"]]


def test_matrix_covers_both_producers_and_eras():
    truths = [load_truth(p) for p in TEXT_TRUTHS + OCR_TRUTHS]
    assert {t["producer"] for t in truths} == {"chromium", "libreoffice"}
    assert {t["meta"]["template"] for t in truths} == {"2019", "2021"}
    assert 6 <= len(truths) <= 10


# ---------------------------------------------------------------- every fixture, every cell

def test_every_cell(case):
    truth, report = case
    assert_every_cell(report, truth, unreadable=EXPECTED_UNREADABLE.get(truth["name"], ()))


def test_findings(case):
    truth, report = case
    report = report.model_copy(deep=True)
    refused = EXPECTED_UNREADABLE.get(truth["name"], ())
    unreadable = sorted(f.cells[0] for f in report.findings if f.rule == "UNREADABLE")
    assert unreadable == sorted(refused)
    report.findings = [f for f in report.findings if f.rule != "UNREADABLE"]
    if refused:  # the sums over the refused cell are not checked
        report.findings = [f for f in report.findings if not set(f.cells) & set(refused)]
    assert_findings(report, truth)


def test_meta(case):
    truth, report = case
    assert_meta(report, truth, "pdf_text")


def test_sections_with_their_prose(case):
    truth, report = case
    assert sections_of(report) == truth_sections(truth)


# ---------------------------------------------------------------- 1. compatibility code points

def test_chromium_prints_kangxi_radicals():
    """The fixture really carries the code points: 一 as U+2F00, 民 as U+2EA0 (CJK Radicals Supplement)."""
    with pdfplumber.open(PRODUCERS / "chromium2021_kangxi.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "\u2f00、总体情况" in text and "\u2ea0" in text


def test_fold_maps_compatibility_code_points():
    assert fold("⼀、总体情况 ⼆、主动公开 ⾏政 ⼯作") == "一、总体情况 二、主动公开 行政 工作"
    assert fold("云溪市⼈⺠政府 ⻔⼾ ⻓期") == "云溪市人民政府 门户 长期"  # ⼾ as SC fonts print it
    assert fold("\uf9b5\U0002f80f") == "例兔"  # CJK Compatibility Ideographs
    assert fold("１２３４ＡＢｃ％．５") == "1234ABc%.5"
    assert fold("（一）“三安全一稳定”，。　") == "（一）“三安全一稳定”，。　"  # punctuation stays
    assert fold("\u2e80") == "\u2e80"  # a component, not a character


def test_folded_cell_keeps_what_was_printed():
    cells = [Span("行政许可"), Span("⽆", 2, (1, 2, 3, 4)), Span("１２")]
    document = Document("pdf_text", [Grid([cells], page=2)])
    grid = fold_document(document).blocks[0]
    label, dash, number = grid.rows[0]
    assert label.printed is None and (dash.text, dash.printed) == ("无", "⽆")
    cell = make_cell(dash)
    assert (cell.kind, cell.value, cell.raw, cell.page) == ("not_applicable", None, "⽆", 2)
    cell = make_cell(number)
    assert (cell.kind, cell.value, cell.raw) == ("number", 12, "１２")


def test_kangxi_title_and_headings_are_found():
    report = parsed("chromium2021_kangxi")
    assert report.meta.title == "云溪市人民政府2023年政府信息公开工作年度报告"
    assert report.meta.agency == "云溪市人民政府"
    assert report.section(1).heading == "一、总体情况"
    assert report.cell("requests/partially_granted/total").value == 295


# ---------------------------------------------------------------- 2. prose inside a ruled frame

def test_frame_gives_back_prose_and_keeps_its_table():
    """The frame around the end of 总体情况, heading 二 and table 二 is one pdfplumber table; its
    prose row goes back to the text, its table rows stay a grid."""
    truth = load_truth(PRODUCERS / "chromium2021_frame.truth.json")
    with pdfplumber.open(PRODUCERS / "chromium2021_frame.pdf") as pdf:
        frame = pdf.pages[1].find_tables()[0]
        assert "（五）监督保障情况" in frame.extract()[0][0] and "信息内容" in str(frame.extract())
    report = parsed("chromium2021_frame")
    assert report.section(2).heading == "二、主动公开政府信息情况"
    assert squeezed(report.section(1).text) == truth["sections"][0]["text"]
    assert report.cell("active_disclosure/rules/issued").raw == "0"


# ---------------------------------------------------------------- 5. tables over page breaks

def row(page: int, top: float, *texts: str | None) -> list[Span | None]:
    return [None if text is None else Span(text, page, (50.0 * i, top, 50.0 * i + 50, top + 20))
            for i, text in enumerate(texts)]


def grid(page: int, rows: list, **flags) -> Grid:
    return Grid(rows, page, (0.0, rows[0][0].bbox[1] if rows[0][0] else 0.0, 150.0, 700.0), **flags)


HEADER = ("项目", "自然人", "总计")


def test_continuation_drops_repeated_header_and_joins_cut_row():
    first = grid(1, [row(1, 600, *HEADER), row(1, 620, "1.信访举报投诉类申请", "2", "2"),
                     row(1, 680, "3.补正后", "", "")])
    second = grid(2, [row(2, 60, *HEADER), row(2, 80, "申请内容仍不明确", "18", "18"),
                      row(2, 100, "（七）总计", "5", "5")])
    blocks = continue_tables([first, second])
    assert len(blocks) == 1
    texts = [[c.text for c in r] for r in blocks[0].rows]
    assert texts == [list(HEADER), ["1.信访举报投诉类申请", "2", "2"],
                     ["3.补正后\n申请内容仍不明确", "18", "18"], ["（七）总计", "5", "5"]]
    assert blocks[0].rows[2][1].page == 2  # the value keeps where it was printed


def test_continuation_keeps_rows_with_values_on_both_sides_apart():
    first = grid(1, [row(1, 600, *HEADER), row(1, 680, "1.信访", "2", "2")])
    second = grid(2, [row(2, 60, "举报投诉类申请", "3", "3")])
    texts = [[c.text for c in r] for r in continue_tables([first, second])[0].rows]
    assert texts == [list(HEADER), ["1.信访", "2", "2"], ["举报投诉类申请", "3", "3"]]


def test_rules_open_at_the_page_foot_join_the_cut_row():
    first = grid(1, [row(1, 600, *HEADER), row(1, 680, "4.保护第三方", "0", "0")], open_bottom=True)
    second = grid(2, [row(2, 60, "合法权益", "", "")])
    texts = [[c.text for c in r] for r in continue_tables([first, second])[0].rows]
    assert texts == [list(HEADER), ["4.保护第三方\n合法权益", "0", "0"]]


@pytest.mark.parametrize("before, after", [
    (("（一）予以公开", "4", "4"), ("（二）部分公开", "", "")),
    (("（一）予以公开", "", ""), ("（二）部分公开", "4", "4")),
    (("（一）予以公开", "", ""), ("（⼆）部分公开", "4", "4")),  # Chromium's Kangxi ⼆, folded to match
    (("2.其他法律行政法规禁止公开", "", ""), ("3.危及“三安全一稳定”", "1", "1")),
])
def test_rules_open_at_the_page_foot_never_join_a_row_that_starts_its_own_label(before, after):
    """A table left open at the page foot does not swallow the next page's own row (whose blank
    cells would take the values printed before the break)."""
    first = grid(1, [row(1, 600, *HEADER), row(1, 680, *before)], open_bottom=True)
    second = grid(2, [row(2, 60, *after)])
    texts = [[c.text for c in r] for r in continue_tables([first, second])[0].rows]
    assert texts == [list(HEADER), list(before), list(after)]


def test_a_value_under_a_merged_cell_never_moves_up_a_row():
    first = grid(1, [row(1, 600, *HEADER), row(1, 640, "（三）不予公开", "2", "2"),
                     row(1, 680, "1.属于", None, "")], open_bottom=True)
    second = grid(2, [row(2, 60, "国家秘密", "3", "")])
    texts = [[None if c is None else c.text for c in r] for r in continue_tables([first, second])[0].rows]
    assert texts == [list(HEADER), ["（三）不予公开", "2", "2"], ["1.属于", None, ""], ["国家秘密", "3", ""]]


def test_grids_with_other_columns_or_pages_stay_apart():
    first = grid(1, [row(1, 600, *HEADER)])
    assert len(continue_tables([first, grid(3, [row(3, 60, "甲", "1", "1")])])) == 2
    assert len(continue_tables([first, grid(2, [row(2, 60, "甲", "1")])])) == 2
    heading = TextLine("三、收到和处理政府信息公开申请情况", 2)
    assert len(continue_tables([first, heading, grid(2, [row(2, 60, *HEADER)])])) == 3


def test_chromium_continuation_without_top_rule_keeps_its_first_row():
    """Chromium draws no rule along the break: the first row of the continuation has side rules only."""
    report = parsed("chromium2021_kangxi")
    cell = report.cell("requests/withheld.three_securities_one_stability/total")
    assert (cell.value, cell.page) == (8, 3)


def test_page_image_rules_close_a_cut_table():
    """The OCR path's rule finder closes the continuation too, and says which table runs open into
    the page foot (``open_bottom``, for page_breaks), as the text path does (no OCR run: rules only)."""
    find_tables = pytest.importorskip("govdisclose.sources.image_table").find_tables  # the ocr extra
    scale = 150 / 72
    pdf = pypdfium2.PdfDocument(PRODUCERS / "chromium2021_type3_ocr.pdf")
    try:
        tables = [find_tables(page.render(scale=scale, grayscale=True).to_numpy(), scale)
                  for page in (pdf[0], pdf[1], pdf[2])]
    finally:
        pdf.close()
    assert tables[0] == []  # the title's strokes close nothing
    assert [(len(t.cells), t.open_bottom) for t in tables[1]] == [(14, False), (9, True)]  # table 三 cut
    assert tables[1][1].box[3] > 760  # down to the page foot (842 pt)
    (box, rows, open_bottom), _review = tables[2]
    assert box[1] < 70 and len(rows) == 19 and not open_bottom  # from the page's first rule-less row down


# ---------------------------------------------------------------- 6. OCR'd pages (recorded OCR tape)

@pytest.mark.parametrize("truth_path", OCR_TRUTHS, ids=[fixture_id(p) for p in OCR_TRUTHS])
def test_ocr_pages_feed_meta_sections_and_cells(truth_path):
    truth = load_truth(truth_path)
    with pdfplumber.open(truth_path.with_name(truth["file"])) as pdf:  # no usable text layer
        assert "(cid:" in pdf.pages[0].extract_text()
    report = parse_scan(truth_path.with_name(truth["file"]))  # OCR answered from <name>.ocr.json
    assert_meta(report, truth, "ocr")
    assert sections_of(report) == truth_sections(truth)
    assert_every_cell(report, truth)
    assert_findings(report, truth)


# ---------------------------------------------------------------- regeneration

def load_generator():
    return fixture_module("producers")


def same_truth(folder, name: str) -> bool:
    path = f"{name}.truth.json"
    return (folder / path).read_text("utf-8") == (PRODUCERS / path).read_text("utf-8")


def test_truths_regenerate_identically(tmp_path):
    names = load_generator().write_truths(tmp_path)
    for name in names:
        assert same_truth(tmp_path, name), f"{name}: run fixtures/producers.py"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["chromium2021_kangxi", "libreoffice2021_basic"])
def test_printed_again_parses_the_same(name, tmp_path):
    """A fresh print by today's producer parses to the same cells, meta and sections (content, not bytes)."""
    if not (shutil.which("chromium") and shutil.which("soffice")):
        pytest.skip("chromium or soffice not installed")
    assert load_generator().generate_all(tmp_path, only=(name,)) == [name]
    truth = load_truth(PRODUCERS / f"{name}.truth.json")
    assert same_truth(tmp_path, name)
    report = govdisclose.parse(tmp_path / f"{name}.pdf")
    assert_every_cell(report, truth)
    assert_meta(report, truth, "pdf_text")
    assert sections_of(report) == truth_sections(truth)
