"""Scans of the producer prints (fixtures/generated/scanned_producers/, ``PRODUCER_SCANS`` of
fixtures/scanned.py): Chromium and LibreOffice prints rasterised at 150 or 200 dpi, tilted, noisy,
read by OCR. Each is parsed from its recorded OCR tape (conftest.parse_scan: no OCR run) and
asserted against its truth: every cell (``ocr_unreadable`` cells refused with a finding), the
findings exactly, title/agency/year/template and the six sections with their prose.
"""

from __future__ import annotations

import importlib.util
import re

import pytest

from .conftest import FIXTURES, fixture_module, parse_scan, scan_params
from .regen import assert_same_folder
from .truth import assert_meta, assert_ocr_cells, assert_ocr_findings, load_truth

SCANS = FIXTURES / "scanned_producers"
TRUTHS = sorted(SCANS.glob("*.truth.json"))
pytestmark = pytest.mark.skipif(importlib.util.find_spec("cv2") is None, reason="ocr extra not installed")


@pytest.fixture(scope="module", params=scan_params(TRUTHS))
def case(request):
    truth = load_truth(request.param)
    return truth, parse_scan(request.param.with_name(truth["file"]))


def test_every_producer_print_is_scanned():
    """Every text-layer print of the producer matrix, at 150 and 200 dpi, each with its tape."""
    truths = [load_truth(p) for p in TRUTHS]
    printed = {p.name.removesuffix(".truth.json") for p in (FIXTURES / "producers").glob("*.truth.json")
               if load_truth(p)["source"] == "pdf_text"}
    assert {t["source_fixture"].removeprefix("producers/") for t in truths} == printed
    assert {t["producer"] for t in truths} == {"chromium", "libreoffice"}
    assert {t["meta"]["template"] for t in truths} == {"2019", "2021"}
    assert {re.search(r"(\d+) dpi", t["description"]).group(1) for t in truths} == {"150", "200"}
    assert all((SCANS / (t["name"] + ".ocr.json")).exists() for t in truths)


def test_every_cell(case):
    truth, report = case
    assert_ocr_cells(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_ocr_findings(report, truth)


def test_meta(case):
    truth, report = case
    assert_meta(report, truth, "ocr")


def test_sections_with_their_prose(case):
    truth, report = case
    got = [(s.number, s.heading, re.sub(r"\s+", "", s.text)) for s in report.sections]
    assert got == [(s["number"], s["heading"], s["text"]) for s in truth["sections"]]


# Regenerated in the suite (one per producer and resolution; ``python fixtures/scanned.py
# --only-producers`` writes them all): 4 + 6 pages, about 2 s.
REGENERATED = ("scan_chromium2021_kangxi_150dpi", "scan_libreoffice2021_basic_200dpi")


def test_regeneration_matches_committed(tmp_path):
    """Truths byte for byte, scans by content (tests/regen.py); the recorded tapes are not regenerated."""
    module = fixture_module("scanned")
    scans = tuple(scan for scan in module.PRODUCER_SCANS if scan.name in REGENERATED)
    assert len(scans) == len(REGENERATED)
    written = module.generate_all(tmp_path, scans)
    assert_same_folder(tmp_path, SCANS, [p.name for p in written])


def test_no_wrong_number(case):
    """Whatever a scan's cells come out as, none holds a value other than the printed one: a cell
    is read right or is unreadable (with a finding); OCR never makes a blank of a printed value."""
    truth, report = case
    wanted = {f"{c['table']}/{c['row']}/{c['column']}": c for c in truth["cells"]}
    refused = {f.cells[0] for f in report.findings if f.rule == "UNREADABLE"}
    for record in report.cells():
        key = f"{record.table}/{record.row}/{record.column}"
        if record.kind == "unreadable":
            assert key in refused, key
        else:
            assert (record.value, record.kind) == (wanted[key]["value"], wanted[key]["kind"]), key


# ---------------------------------------------------------------- the pieces the scans needed

def edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top, "object_type": "line"}


def test_table_cut_at_both_ends_is_closed_at_both():
    """On a page image a table cut at the top and the foot has verticals from page top to page
    foot, crossed by its row rules: it is closed at both ends (rules.closing_rules)."""
    from govdisclose.sources.rules import closing_rules

    verticals = [edge("v", x, 62.0, x, 780.0) for x in (60.0, 200.0, 400.0, 530.0)]
    rows = [edge("h", 60.0, y, 530.0, y) for y in (126.0, 300.0, 709.0)]
    closing = closing_rules(verticals + rows, 842.0)
    assert sorted((rule["end"], rule["top"]) for rule in closing) == [("bottom", 780.0), ("top", 62.0)]
    strokes = [edge("v", x, 62.0, x, 80.0) for x in (60.0, 200.0, 400.0, 530.0)]  # nothing crosses them
    assert closing_rules(strokes, 842.0) == []


def test_skew_of_a_page_without_long_text_lines():
    """A page of table cells (no detected line long enough) is deskewed by its ruled lines."""
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    from govdisclose.sources.pdf_ocr.orientation import skew_angle

    page = np.full((1400, 1000), 255, np.uint8)
    for y in range(100, 1300, 60):
        cv2.line(page, (80, y), (920, y), 0, 2)
    for x in (80, 400, 920):
        cv2.line(page, (x, 100), (x, 1280), 0, 2)
    tilted = cv2.warpAffine(page, cv2.getRotationMatrix2D((500, 700), -0.7, 1.0), (1000, 1400), borderValue=255)
    assert skew_angle([], tilted) == pytest.approx(0.7, abs=0.051)
    assert skew_angle([], page) == 0.0
    assert skew_angle([]) == 0.0  # no image: not measurable


def test_character_strokes_between_tight_rules_split_no_cell():
    """Text flush against tight rules (LibreOffice): strokes joined across the rules look like a
    vertical rule; inside a word of Han text they are strokes, and the label's cell stays whole."""
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    from govdisclose.sources.image_table import find_tables

    scale = 2.0
    page = np.full((400, 800), 255, np.uint8)
    for y in (100, 130, 160):
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(page, (x, 100), (x, 160), 0, 2)
    cv2.line(page, (200, 101), (200, 129), 0, 2)  # a stroke bridging the row from rule to rule
    word = (150.0, 104.0, 260.0, 127.0)  # the OCR box of the label (pixels)
    whole = find_tables(page, scale, word_boxes=[word])
    split = find_tables(page, scale)
    assert [len([c for c in r if c]) for r in whole[0][1]] == [2, 2]
    assert [len([c for c in r if c]) for r in split[0][1]] == [3, 2]


def test_frame_rows_of_prose_leave_the_ocr_grid():
    """A ruled frame's row of running prose is not a table row: the OCR grid is split there."""
    import numpy as np

    from govdisclose.sources.pdf_ocr.cells import table_parts
    from govdisclose.sources.pdf_ocr.engine import OcrBox

    cells = [[(0.0, 0.0, 300.0, 40.0), None], [(0.0, 40.0, 150.0, 60.0), (150.0, 40.0, 300.0, 60.0)]]

    def box(text, x0, y0, x1, y1):
        return OcrBox(text, 0.99, np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float))

    prose = box("（五）监督保障情况。将政务公开工作纳入年度绩效考核，强化考核结果运用。", 10, 10, 290, 30)
    assert table_parts(cells, [prose], 1.0) == [cells[1:]]
    heading = box("第二十条第（一）项", 10, 10, 120, 30)
    assert table_parts(cells, [heading], 1.0) == [cells]


def test_repeated_header_read_with_an_extra_empty_cell_is_dropped():
    """OCR may split an empty cell off a header row on one page only: the repeat is still dropped."""
    from govdisclose.document import Grid, Span
    from govdisclose.page_breaks import continue_tables

    def row(page, top, *texts):
        return [None if t is None else Span(t, page, (50.0 * i, top, 50.0 * i + 50, top + 20))
                for i, t in enumerate(texts)]

    first = Grid([row(1, 600, "项目", "申请人情况", "", None), row(1, 620, "1.信访举报投诉类申请", "2", "2", "2")],
                 1, (0.0, 600.0, 200.0, 700.0))
    second = Grid([row(2, 60, "项目", "申请人情况", None, None), row(2, 80, "2.重复申请", "3", "3", "3")],
                  2, (0.0, 60.0, 200.0, 700.0))
    (joined,) = continue_tables([first, second])
    assert [[c.text for c in r if c is not None] for r in joined.rows] == [
        ["项目", "申请人情况", ""], ["1.信访举报投诉类申请", "2", "2", "2"], ["2.重复申请", "3", "3", "3"]]


def test_tilted_table_continues_by_its_square_width():
    """A tilted scan's grid bbox encloses the tilted table: a page-high part of table 三 comes out
    wider than the part at the foot of the page before (LibreOffice 2019 at 150 dpi, tilted 0.8°:
    441.1 against 435.5 points). Their widths square to the rules agree, so the row cut by the
    break (label begun before it, its tail after) is joined; widths that differ still refuse."""
    from dataclasses import replace

    from govdisclose.document import Grid, Span
    from govdisclose.page_breaks import continue_tables

    def row(page, top, *texts):
        return [None if t is None else Span(t, page, (80.0 + 60 * i, top, 140.0 + 60 * i, top + 20))
                for i, t in enumerate(texts)]

    first = Grid([row(2, 480, "项目", "自然人", "总计"), row(2, 700, "1.属", "4", "4")],
                 2, (79.9, 471.82, 515.44, 720.31), "ocr", square_width=432.09)
    second = Grid([row(3, 70, "于国家秘密", "", ""), row(3, 100, "2.其他法律行政法规禁止公开", "20", "21")],
                  3, (80.16, 69.04, 521.23, 710.21), "ocr", square_width=432.0)
    (joined,) = continue_tables([first, second])
    assert [[c.text for c in r] for r in joined.rows] == [
        ["项目", "自然人", "总计"], ["1.属\n于国家秘密", "4", "4"], ["2.其他法律行政法规禁止公开", "20", "21"]]
    assert len(continue_tables([replace(first, square_width=None), replace(second, square_width=None)])) == 2
    assert len(continue_tables([first, replace(second, square_width=427.0)])) == 2
