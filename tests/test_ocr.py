"""Scanned and image-table PDFs (fixtures/generated/scanned/) through OCR, asserted cell by cell.

Each variant's truth is its source text fixture's truth (fixtures/scanned.py); ``ocr_unreadable``
lists cells the OCR honestly refuses (none today), which must then be ``unreadable`` with a finding.
Each variant is parsed once per run (conftest.parse_scan): from its recorded OCR tape
(tests/ocr_tape.py), or with the real engine for the ``LIVE_SCANS`` (marked ``slow``).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys

import numpy as np
import pdfplumber
import pypdfium2
import pytest

import govdisclose
from govdisclose.errors import MissingDependency
from govdisclose.export import cells_jsonl
from govdisclose.mapping.cells import MIN_OCR_CONFIDENCE
from govdisclose.sources import pdf_ocr
from govdisclose.sources.image_table import find_tables
from govdisclose.sources.pdf_route import route_page

from .conftest import FIXTURES, fixture_module, parse_scan, scan_params
from .regen import assert_same_folder
from .truth import assert_ocr_cells, assert_ocr_findings

SCANNED = FIXTURES / "scanned"
TRUTHS = sorted(SCANNED.glob("*.truth.json"))
pytestmark = pytest.mark.skipif(importlib.util.find_spec("rapidocr") is None, reason="ocr extra not installed")


def truth_of(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=scan_params(TRUTHS))
def case(request):
    truth = truth_of(request.param)
    return truth, parse_scan(request.param.with_name(truth["name"] + ".pdf"))


def test_there_are_enough_scanned_fixtures():
    truths = [truth_of(p) for p in TRUTHS]
    assert len(truths) >= 7
    assert {t["meta"]["template"] for t in truths} == {"2019", "2021"}
    assert any("pasted" in t["description"] for t in truths)


def test_meta(case):
    truth, report = case
    meta = truth["meta"]
    assert (report.meta.agency, report.meta.year, report.meta.template) == (
        meta["agency"], meta["year"], meta["template"])
    assert report.meta.title == meta["title"]
    assert report.meta.page_count == meta["page_count"]
    assert report.meta.source == "ocr"


def test_sections(case):
    truth, report = case
    assert [(s.number, s.heading) for s in report.sections] == [(s["number"], s["heading"]) for s in truth["sections"]]
    assert [i.marker + i.heading for i in report.section(1).subitems] == truth["subitems"]
    for section in report.sections:
        assert not any(word in section.text for word in ("信息内容", "自然人", "结果维持")), section.text


def test_every_cell(case):
    """Value, kind and printed text of every cell; the expected refusals are unreadable."""
    truth, report = case
    assert_ocr_cells(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_ocr_findings(report, truth)


def test_confidence_kept(case):
    """Every OCR'd number keeps its confidence, above the threshold; text-layer cells have none."""
    truth, report = case
    pasted = truth.get("image_table")  # only that table was OCR'd in the image-table variant
    for record in report.cells():
        cell = getattr(report.tables, record.table).get(record.row, record.column)
        assert record.confidence == cell.confidence, record  # the long output carries it
        if pasted and record.table != pasted:
            assert cell.confidence is None, record
        elif cell.kind == "number":
            assert cell.confidence is not None and cell.confidence >= MIN_OCR_CONFIDENCE, (record, cell)


def test_cells_output_carries_confidence(case):
    """The cells JSON Lines name each OCR'd value's confidence and leave it out for text-layer cells."""
    truth, report = case
    pasted = truth.get("image_table")
    lines = [json.loads(line) for line in cells_jsonl(report).splitlines()]
    assert len(lines) == len(truth["cells"])
    for line in lines:
        if pasted and line["table"] != pasted:
            assert "confidence" not in line, line
        elif line["kind"] == "number":
            assert 0 < line["confidence"] <= 1, line


@functools.cache
def source_boxes(name: str) -> dict:
    """Page and box of each cell of a text fixture (parsed once per module)."""
    source = govdisclose.parse(FIXTURES / f"{name}.pdf")
    return {(r.table, r.row, r.column): (r.page, r.bbox) for r in source.cells()}


def test_boxes_in_pdf_points(case):
    """Provenance as for text PDFs: each cell's box lies where the source text PDF printed it
    (within the ±1° tilt of the scan, about 8 points at the page corners)."""
    truth, report = case
    where = source_boxes(truth["source_fixture"])
    for record in report.cells():
        page, box = where[(record.table, record.row, record.column)]
        assert record.page == page, record
        assert record.bbox is not None, record
        centre = ((record.bbox[0] + record.bbox[2]) / 2, (record.bbox[1] + record.bbox[3]) / 2)
        expected = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        assert abs(centre[0] - expected[0]) < 10 and abs(centre[1] - expected[1]) < 10, (record, box)


def test_text_fixtures_stay_on_the_text_path():
    for pdf_path in sorted(FIXTURES.glob("*.pdf")):
        with pdfplumber.open(pdf_path) as pdf:
            routes = [route_page(page, n) for n, page in enumerate(pdf.pages, start=1)]
        assert all(r.kind == "text" and not r.image_regions for r in routes), (pdf_path.name, routes)


def test_routing_of_scans_and_image_tables():
    with pdfplumber.open(SCANNED / "scan_t2021_basic_200dpi.pdf") as pdf:
        assert {(r.kind, r.reason) for r in (route_page(p, n) for n, p in enumerate(pdf.pages, 1))} == {
            ("ocr", "full-page image")}
    with pdfplumber.open(SCANNED / "image_table_t2021_basic.pdf") as pdf:
        routes = [route_page(p, n) for n, p in enumerate(pdf.pages, 1)]
    assert [r.kind for r in routes] == ["text"] * 4
    assert [len(r.image_regions) for r in routes] == [0, 0, 0, 1]


def test_ruled_grid_from_an_image_matches_pdfplumber():
    """Rules found in a clean render rebuild the very cells pdfplumber finds in the text layer."""
    pdf_path = FIXTURES / "t2021_basic.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        expected = [[c is None for c in row.cells] for t in pdf.pages[2].find_tables() for row in t.rows]
    page = pypdfium2.PdfDocument(str(pdf_path))[2]
    gray = page.render(scale=200 / 72, grayscale=True).to_numpy()
    gray = gray if gray.ndim == 2 else gray[:, :, 0]
    tables = find_tables(np.ascontiguousarray(gray), 200 / 72)
    found = [[c is None for c in row] for table in tables for row in table.cells]
    assert found == expected


def test_skew_is_measured_from_text_lines():
    quad = np.array([[100.0, 100.0], [700.0, 110.47], [700.0, 140.47], [100.0, 130.0]])  # 1° down to the right
    boxes = [pdf_ocr.OcrBox("x", 1.0, quad)] * 3
    assert pdf_ocr.skew_angle(boxes) == pytest.approx(1.0, abs=0.01)
    flat = np.array([[100.0, 100.0], [700.0, 100.2], [700.0, 130.2], [100.0, 130.0]])
    assert pdf_ocr.skew_angle([pdf_ocr.OcrBox("x", 1.0, flat)]) == 0.0


def test_missing_ocr_extra_is_a_typed_error(monkeypatch):
    monkeypatch.setattr(pdf_ocr.engine, "_ENGINES", {})
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import fails as if not installed
    with pytest.raises(MissingDependency, match=r"OCR needs the ocr extra: pip install 'govdisclose\[ocr\]'"):
        govdisclose.parse(SCANNED / "scan_t2021_basic_200dpi.pdf")


def test_regeneration_matches_committed(tmp_path):
    """Truth byte for byte; scans by content (tests/regen.py: pixels within a stated tolerance)."""
    module = fixture_module("scanned")
    written = module.generate_all(tmp_path)
    assert_same_folder(tmp_path, SCANNED, [p.name for p in written])
