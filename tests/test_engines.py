"""The pdfium engine reads every text-layer PDF exactly as the pdfplumber reference engine does.

Every text-layer fixture (generated, pairs, producers, legacy) and the real Huai'an sample is
parsed with both engines: identical cells (value, status, raw …), findings, meta and sections,
and every cell's box within ``BOX_TOLERANCE`` points. The default engine's parse comes from the
session cache (``truth.parse_once``); only the other engine's parse is extra. Scans are not
OCR'd here: their routing (kind, reason and image regions, page by page) must agree.
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

import govdisclose
from govdisclose.batch.worker import convert_one
from govdisclose.document import Grid
from govdisclose.sources import DEFAULT_ENGINE, ENGINES, load
from govdisclose.sources.pdf_bytes import page_dict_count, zero_metric_fonts
from govdisclose.sources.pdf_route import route_page
from govdisclose.sources.pdfium_page import PdfiumPage

from .conftest import FIXTURES, sample
from .truth import parse_once

BOX_TOLERANCE = 1.0  # points
# Type 3 glyphs: pdfminer reads them as Latin mojibake, pdfium as unmapped; both send the pages
# to OCR (different reasons), and the OCR is what the producer tests check.
OCR_BOUND = {"chromium2021_type3_ocr"}
TEXT_PDFS = sorted(
    path for folder in (FIXTURES, FIXTURES / "pairs", FIXTURES / "producers", FIXTURES / "legacy")
    for path in folder.glob("*.pdf") if path.stem not in OCR_BOUND
)
SCANS = sorted(path for name in ("scanned", "scanned_producers", "scanned_unruled")
               for path in (FIXTURES / name).glob("*.pdf"))
OTHER_ENGINE = next(engine for engine in ENGINES if engine != DEFAULT_ENGINE)


def assert_same_report(path: Path) -> None:
    ours = parse_once(path).model_dump(mode="json")
    other = govdisclose.parse(path, engine=OTHER_ENGINE).model_dump(mode="json")
    ours_cells, other_cells = cells_and_boxes(ours), cells_and_boxes(other)
    assert {key: cell for key, (cell, _) in ours_cells.items()} == {
        key: cell for key, (cell, _) in other_cells.items()}
    for key, (_, box) in ours_cells.items():
        other_box = other_cells[key][1]
        assert (box is None) == (other_box is None), key
        if box is not None:
            assert max(abs(a - b) for a, b in zip(box, other_box, strict=True)) <= BOX_TOLERANCE, key
    for part in ("meta", "findings", "sections"):
        assert ours[part] == other[part], part
    assert set(ours) == set(other)


def cells_and_boxes(report: dict) -> dict[tuple[str, str, str], tuple[dict, list | None]]:
    """``{(table, row, column): (the cell without its box, its box)}`` of a dumped report."""
    found = {}
    for table_name, table in (report.get("tables") or {}).items():
        for row, cells in ((table or {}).get("rows") or {}).items():
            for column, cell in cells.items():
                found[(table_name, row, column)] = ({k: v for k, v in cell.items() if k != "bbox"},
                                                    cell.get("bbox"))
    return found


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_give_the_same_report(path):
    assert_same_report(path)


def test_both_engines_give_the_same_report_of_the_real_sample():
    assert_same_report(sample("huaian-2024.pdf"))


def test_the_fixture_list_is_not_empty():
    assert len(TEXT_PDFS) >= 50 and len(SCANS) >= 15


@pytest.mark.parametrize("path", SCANS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_route_scanned_pages_alike(path):
    with pdfplumber.open(path) as reference:
        document = pypdfium2.PdfDocument(path)
        try:
            zero_metrics = zero_metric_fonts(path.read_bytes())
            for index, page in enumerate(reference.pages):
                expected = route_page(page, index + 1)
                got = route_page(PdfiumPage(document, index, 0.0, zero_metrics), index + 1)
                assert (got.kind, got.reason, len(got.image_regions)) == (
                    expected.kind, expected.reason, len(expected.image_regions)), index + 1
                for box, expected_box in zip(got.image_regions, expected.image_regions, strict=True):
                    assert max(abs(a - b) for a, b in zip(box, expected_box, strict=True)) <= BOX_TOLERANCE
        finally:
            document.close()


def test_moved_boxes_and_turned_pages(tmp_path):
    """A MediaBox not at the origin and a CropBox read alike; a page turned 180 degrees gives the
    same chars; a quarter-turned document is left to pdfplumber (its grids say so)."""
    source = pypdfium2.PdfDocument(FIXTURES / "t2021_basic.pdf")
    for index in range(len(source)):
        left, bottom, right, top = source[index].get_mediabox()
        source[index].set_mediabox(left - 30, bottom - 50, right + 20, top + 10)
        source[index].set_cropbox(left - 10, bottom - 10, right, top)
    source.save(tmp_path / "moved.pdf")
    assert_same_report(tmp_path / "moved.pdf")
    for turn in (180, 90):
        source = pypdfium2.PdfDocument(FIXTURES / "t2021_basic.pdf")
        for index in range(len(source)):
            source[index].set_rotation(turn)
        source.save(tmp_path / f"turned{turn}.pdf")
    with pdfplumber.open(tmp_path / "turned180.pdf") as reference:
        document = pypdfium2.PdfDocument(tmp_path / "turned180.pdf")
        page, expected = PdfiumPage(document, 1), reference.pages[1]
        key = lambda c: (c["text"], round(c["x0"]), round(c["top"]))  # noqa: E731
        got, chars = sorted(page.chars, key=key), sorted(expected.chars, key=key)
        assert [c["text"] for c in got] == [c["text"] for c in chars]
        assert max(abs(a[k] - b[k]) for a, b in zip(got, chars, strict=True) for k in ("x0", "top", "bottom")) < 0.5
        document.close()
    turned = load(tmp_path / "turned90.pdf", engine="pdfium")
    assert {block.engine for block in turned.blocks if isinstance(block, Grid)} == {"pdfplumber"}


def one_page_pdf(content: bytes) -> bytes:
    """A 300 × 200 page drawing ``content`` with Helvetica as /F1 (a cross-reference table
    pdfminer and pdfium both accept)."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources<</Font<</F1 5 0 R>>>>"
               b"/Contents 4 0 R>>",
               b"<</Length %d>>stream\n%s\nendstream" % (len(content), content),
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"]
    data, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return data + (b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                   % (len(objects) + 1, xref, len(objects) + 1, len(data)))


@pytest.mark.parametrize("content", [
    b"BT /F1 10 Tf -1 0 0 -1 100 100 Tm (1234) Tj ET",  # text turned 180 degrees
    b"BT /F1 10 Tf -1 0 0 1 140 100 Tm (42) Tj ET",  # mirrored
    b"BT /F1 -10 Tf 125 110 Td (42) Tj ET",  # a negative font size
    b"BT /F1 -10 Tf -1 0 0 -1 125 110 Tm (42) Tj ET",  # both: upright again
], ids=["turned", "mirrored", "negative-size", "both"])
def test_glyphs_running_leftwards_are_boxed_where_pdfminer_boxes_them(tmp_path, content):
    """A char whose text matrix (times the font size) runs right to left lies left of its
    origin: its box is not moved one advance to the right (into the next cell)."""
    path = tmp_path / "leftwards.pdf"
    path.write_bytes(one_page_pdf(content))
    with pdfplumber.open(path) as reference:
        expected = reference.pages[0].chars
        document = pypdfium2.PdfDocument(path)
        got = PdfiumPage(document, 0).chars
        assert [c["text"] for c in got] == [c["text"] for c in expected]
        for char, other in zip(got, expected, strict=True):
            assert max(abs(char[k] - other[k]) for k in ("x0", "x1", "top", "bottom")) < 0.5, char["text"]
        document.close()


def test_a_space_drawn_as_its_own_object_parts_the_words(tmp_path):
    """Chromium draws a space as a text object of its own; pdfium's text page drops it (or makes
    it a space of its own, not a char): without it ``1 2`` would read ``12``. A duplicate object
    pdfium drops (fake bold) is not a space."""
    path = tmp_path / "space.pdf"
    path.write_bytes(one_page_pdf(b"BT /F1 10 Tf 20 100 Td (1) Tj ET BT /F1 10 Tf 25.56 100 Td ( ) Tj ET "
                                  b"BT /F1 10 Tf 28.34 100 Td (2) Tj ET BT /F1 10 Tf 60 100 Td (34) Tj ET "
                                  b"BT /F1 10 Tf 60 100 Td (34) Tj ET"))
    with pdfplumber.open(path) as reference:
        expected = reference.pages[0].dedupe_chars().extract_words()
        document = pypdfium2.PdfDocument(path)
        page = PdfiumPage(document, 0)
        assert [w["text"] for w in page.extract_words()] == [w["text"] for w in expected] == ["1", "2", "34"]
        space = next(c for c in page.chars if c["text"] == " ")
        assert (round(space["x0"], 1), round(space["top"], 1), round(space["bottom"], 1)) == (25.6, 92.2, 102.2)
        document.close()


def test_grids_name_the_engine_that_read_them():
    path = FIXTURES / "t2021_basic.pdf"
    for engine in ENGINES:
        document = load(path, engine=engine)
        engines = {block.engine for block in document.blocks if isinstance(block, Grid)}
        assert engines == {engine}


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown PDF engine 'poppler': one of pdfium, pdfplumber"):
        govdisclose.parse(FIXTURES / "t2021_basic.pdf", engine="poppler")


def test_convert_passes_the_engine_to_each_parse():
    seen = []

    def spy(location, *, limits=None, engine=None):
        seen.append(engine)
        return govdisclose.parse(location, limits=limits, engine=engine)

    request = {"location": str(FIXTURES / "t2021_basic.pdf"), "engine": "pdfplumber"}
    assert convert_one(spy, request)["status"] == "ok"
    assert convert_one(spy, {"location": request["location"]})["status"] == "ok"
    assert seen == ["pdfplumber", None]


def test_fonts_without_ascent_and_descent_are_found_in_plain_and_compressed_objects():
    plain = (b"1 0 obj <</Type /FontDescriptor /FontName /BAAAAA+Wen#20Quan /Style <</Panose <0102>>> "
             b"/Ascent 0 /Descent 0 /FontBBox [-125 -296 1049 962]>> endobj "
             b"2 0 obj <</Type/FontDescriptor/FontName/Kai/Ascent 859/Descent -141>> endobj "
             b"3 0 obj <</FontName /Song /Type /FontDescriptor /Flags 4>> endobj")
    packed = zlib.compress(b"<</Type /FontDescriptor /FontName /CAAAAA+Hei /Descent 0.0>>")
    stream = (b"4 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream"
              % (len(packed), packed))
    assert zero_metric_fonts(plain + stream) == {"Wen Quan", "Song", "Hei"}
    # a name also seen with real metrics is left to pdfium
    assert zero_metric_fonts(plain + b" <</Type /FontDescriptor /FontName /Song /Descent -200>>") == {"Wen Quan"}


def test_page_dictionaries_are_counted_in_plain_and_compressed_objects():
    plain = (b"1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj "
             b"2 0 obj <</Type /Page /Parent 1 0 R>> endobj 3 0 obj <</type/Page/Parent 1 0 R>> endobj "
             b"5 0 obj <</Type /PageLabels>> endobj 6 0 obj <</Type/Page>>endobj")
    packed = zlib.compress(b"<</Type /Page /Parent 1 0 R>> <</Type /Pages /Count 1>>")
    stream = (b"4 0 obj <</Type /ObjStm /N 2 /First 4 /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream"
              % (len(packed), packed))
    assert page_dict_count(plain) == 3
    assert page_dict_count(plain + stream) == 4
    # an object stream that cannot be read leaves the count unknown
    other_filter = stream.replace(b"/FlateDecode", b"/LZWDecode")
    assert page_dict_count(plain + other_filter) is None
    assert page_dict_count(plain + stream.replace(packed, b"not zlib data")) is None


logging.getLogger("pdfminer").setLevel(logging.ERROR)  # FontBBox warnings of the reference engine
