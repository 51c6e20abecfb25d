"""Which pages go to OCR, what OCR refuses to render (image bombs, deadlines), rotated pages.

PDFs are built here from a few hand-written objects, so each test states exactly what the file
declares. Nothing in the bomb tests is rendered: ``PdfPage.render`` is made to fail.
"""

from __future__ import annotations

import importlib.util
import time
import warnings
import zlib
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

import govdisclose
from govdisclose.errors import Timeout, TooLarge
from govdisclose.limits import Deadline, Limits
from govdisclose.sources import pdf_ocr
from govdisclose.sources.pdf_route import route_page

from .conftest import FIXTURES
from .hostile_corpus import raw_pdf

SCANNED = FIXTURES / "scanned"
HAS_OCR = importlib.util.find_spec("rapidocr") is not None


def build_pdf(pages: list[dict]) -> bytes:
    """A PDF whose pages are ``{"size": (w, h), "content": bytes, "images": {name: (dict, data)},
    "rotate": degrees}``; images are XObjects whose dictionary (a string of PDF keys) is given as is."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in last
    tree = add(b"")
    kids = []
    for page in pages:
        resources = []
        for name, (keys, data) in page.get("images", {}).items():
            ref = add(b"<< /Type /XObject /Subtype /Image " + keys.encode()
                      + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
            resources.append(b"/%s %d 0 R" % (name.encode(), ref))
        content = page.get("content", b"")
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        width, height = page["size"]
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Rotate %d /Contents %d 0 R "
            b"/Resources << /XObject << %s >> >> >>"
            % (tree, width, height, page.get("rotate", 0), stream, b" ".join(resources))))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return raw_pdf(objects)  # the catalog is object 1


GREY_2X2 = ("/Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\x00\xff\xff\x00")
# 60000 × 60000 one-bit pixels declared (450 MB decoded), a few hundred bytes stored.
BOMB_IMAGE = ("/Width 60000 /Height 60000 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode",
              zlib.compress(b"\x00" * 100_000))


def cells_of(truth: dict) -> dict:
    """Truth cells keyed like the tests key a report's cells."""
    return {(c["table"], c["row"], c["column"]): (c["value"], c["kind"], c["raw"]) for c in truth["cells"]}


def full_page_image(size: tuple[float, float], image) -> dict:
    return {"size": size, "content": b"q %g 0 0 %g 0 0 cm /Im0 Do Q" % size, "images": {"Im0": image}}


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page was rendered")
    monkeypatch.setattr(pypdfium2.PdfPage, "render", refuse)


# --- limits before rendering --------------------------------------------------------------------

def test_huge_media_box_is_too_large_before_rendering(tmp_path, no_rendering):
    path = tmp_path / "huge_page.pdf"
    path.write_bytes(build_pdf([full_page_image((14400, 14400), GREY_2X2)]))
    with pdfplumber.open(path) as pdf:
        assert route_page(pdf.pages[0], 1).kind == "ocr"
    start = time.perf_counter()
    with pytest.raises(TooLarge) as raised:
        govdisclose.parse(path)
    assert time.perf_counter() - start < 5
    assert str(raised.value) == (
        f"{path}: page 1 would render to 1,600,000,000 pixels, more than the limit of 60,000,000")


def test_image_declaring_huge_pixels_is_too_large_before_rendering(tmp_path, no_rendering):
    path = tmp_path / "image_bomb.pdf"
    path.write_bytes(build_pdf([full_page_image((595, 842), BOMB_IMAGE)]))
    assert path.stat().st_size < 2000
    with pdfplumber.open(path) as pdf:
        assert route_page(pdf.pages[0], 1).kind == "ocr"
    start = time.perf_counter()
    with pytest.raises(TooLarge) as raised:
        govdisclose.parse(path)
    assert time.perf_counter() - start < 5
    assert str(raised.value) == (f"{path}: page 1 holds an image of 60,000×60,000 = 3,600,000,000 pixels, "
                                 "more than the limit of 60,000,000")


def test_render_limit_comes_from_limits(no_rendering):
    """An ordinary A4 scan at 200 dpi is 1654 × 2339 pixels: a lower limit refuses it."""
    path = SCANNED / "scan_t2021_basic_200dpi.pdf"
    message = r"^.*: page 2 would render to 3,868,706 pixels, more than the limit of 3,000,000$"
    with pytest.raises(TooLarge, match=message):
        pdf_ocr.read_ocr_regions(path, [(2, None)], limits=Limits(max_render_pixels=3_000_000))


def test_region_limit_counts_the_region_only(no_rendering):
    path = SCANNED / "image_table_t2021_basic.pdf"
    region = (55.6378, 336.5, 539.6378, 420.5)  # the pasted table: 1344 × 233 pixels at 200 dpi
    message = r"page 4 would render to 313,152 pixels, more than the limit of 300,000$"
    with pytest.raises(TooLarge, match=message):
        pdf_ocr.read_ocr_regions(path, [(4, region)], limits=Limits(max_render_pixels=300_000))


def test_deadline_is_checked_before_each_page(no_rendering):
    deadline = Deadline(Limits(max_seconds=0.0), "scan.pdf")
    time.sleep(0.01)
    with pytest.raises(Timeout, match=r"^scan.pdf: parsing took longer than the limit of 0 s$"):
        pdf_ocr.read_ocr_regions(SCANNED / "scan_t2021_basic_200dpi.pdf", [(1, None)], deadline=deadline)


# --- routing of short, blank and outlined pages -------------------------------------------------

def reportlab_page(draw) -> bytes:
    """One A4 page drawn by ``draw(canvas)`` with the fixtures' embedded CJK font registered as "zh"."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "zh" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("zh", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    draw(page)
    page.showPage()
    page.save()
    return out.getvalue()


def text_page(*lines: str, font: str = "zh") -> bytes:
    def draw(page):
        for index, line in enumerate(lines):
            page.setFont(font, 15)
            page.drawString(72, 760 - 30 * index, line)
    return reportlab_page(draw)


def outlined_text_page(text: str) -> bytes:
    """``text`` drawn as filled polygons traced from a 600 dpi rendering: "text as curves", no characters."""
    import cv2
    import numpy as np

    source = pypdfium2.PdfDocument(text_page(text))
    ink = source[0].render(scale=600 / 72, grayscale=True).to_numpy()
    ink = (ink if ink.ndim == 2 else ink[:, :, 0]) < 128
    source.close()
    contours, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)

    def draw(page):
        path = page.beginPath()
        for contour in contours:
            points = [(x * 72 / 600, 842 - y * 72 / 600) for x, y in contour[:, 0, :]]
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            path.close()
        page.drawPath(path, stroke=0, fill=1, fillMode=0)
    return reportlab_page(draw)


def routes_of(data: bytes, tmp_path) -> list[tuple[str, str]]:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        return [(r.kind, r.reason) for r in (route_page(p, n) for n, p in enumerate(pdf.pages, 1))]


def with_pages(base, *extra: bytes) -> bytes:
    """``base`` (a path) with pages appended (PDF bytes of one page each, or None for a blank page)."""
    import io

    pdf = pypdfium2.PdfDocument(str(base))
    for data in extra:
        if data is None:
            pdf.new_page(595.28, 841.89).close()
        else:
            pdf.import_pages(pypdfium2.PdfDocument(data))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("lines", "route"), [
    (("八、其他需要报告的事项", "无。"), ("text", "short text layer")),
    (("某县人民政府办公室", "2025年1月20日"), ("text", "short text layer")),  # 19 characters
    (("-5-",), ("text", "short text layer")),
])
def test_short_chinese_page_is_a_text_page(tmp_path, lines, route):
    assert routes_of(text_page(*lines), tmp_path) == [route]


def test_short_page_in_broken_encoding_goes_to_ocr(tmp_path):
    """GBK bytes of "其他需要报告的事项" read as Latin-1 (18 characters, 15 letters): a font without a
    usable ToUnicode map."""
    mojibake = "其他需要报告的事项".encode("gbk").decode("latin-1")
    routes = routes_of(text_page(mojibake, font="Helvetica"), tmp_path)
    assert routes == [("ocr", "text layer is not Chinese")]


def test_blank_page_is_a_text_page(tmp_path):
    assert routes_of(reportlab_page(lambda page: None), tmp_path) == [("text", "blank page")]
    framed = reportlab_page(lambda page: page.rect(20, 20, 555, 802))  # a page border, nothing else
    assert routes_of(framed, tmp_path) == [("text", "blank page")]


def test_text_drawn_as_outlines_goes_to_ocr(tmp_path):
    routes = routes_of(outlined_text_page("八、其他需要报告的事项 无。"), tmp_path)
    assert routes == [("ocr", "text drawn as outlines")]


def test_short_page_with_a_large_picture_goes_to_ocr(tmp_path):
    page = full_page_image((595, 842), GREY_2X2)
    page["content"] = b"q 400 0 0 300 100 300 cm /Im0 Do Q"  # half the page wide, a third high
    assert routes_of(build_pdf([page]), tmp_path) == [("ocr", "no text layer")]


@pytest.fixture(scope="module")
def report_with_short_and_blank_pages(tmp_path_factory):
    """t2021_basic followed by a page holding only the signature and date, and a blank page."""
    path = tmp_path_factory.mktemp("short") / "short_last_page.pdf"
    signature = text_page("某某市人民政府办公室", "2025年1月20日")
    path.write_bytes(with_pages(FIXTURES / "t2021_basic.pdf", signature, None))
    return path


def test_short_last_page_keeps_the_report_on_the_text_path(report_with_short_and_blank_pages, monkeypatch):
    import json

    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR was called")
    monkeypatch.setattr(pdf_ocr, "read_ocr_regions", no_ocr)
    report = govdisclose.parse(report_with_short_and_blank_pages)
    truth = json.loads((FIXTURES / "t2021_basic.truth.json").read_text(encoding="utf-8"))
    assert (report.meta.source, report.meta.page_count) == ("pdf_text", 6)
    assert [(s.number, s.heading) for s in report.sections] == [
        (s["number"], s["heading"]) for s in truth["sections"]]
    got = {(r.table, r.row, r.column): (r.value, r.kind, r.raw) for r in report.cells()}
    assert got == cells_of(truth)
    assert report.findings == []


# --- pages shown sideways or upside down --------------------------------------------------------

TURNED_SOURCE = "scan_t2021_basic_200dpi"
# How each page of the turned copy is shown: (page /Rotate, picture turned on the page); page 1 stays.
TURNS = {2: (90, 0), 3: (0, 180), 4: (270, 0)}


def turned_copy(path, turns: dict[int, tuple[int, int]]) -> bytes:
    """``path`` with page /Rotate set, or the page's scan picture itself turned upside down, per ``turns``."""
    import io

    pdf = pypdfium2.PdfDocument(str(path))
    for number, (rotate, picture) in turns.items():
        page = pdf[number - 1]
        page.set_rotation(rotate)
        if picture:
            assert picture == 180  # same width and height, so the picture's placement stays
            image = next(iter(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])))
            turned = image.get_bitmap().to_pil().rotate(picture)
            image.set_bitmap(pypdfium2.PdfBitmap.from_pil(turned))
            page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def shown_centre(box, width: float, height: float, degrees: int) -> tuple[float, float]:
    """Centre of ``box`` (points on the upright page of ``width`` × ``height``) on the page turned
    ``degrees`` clockwise."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return {0: (x, y), 90: (height - y, x), 180: (width - x, height - y), 270: (y, width - x)}[degrees]


# The OCR engine's answers for the turned copy (tests/ocr_tape.py; re-record with
# ``python -m tests.test_ocr_routing`` after a change to the OCR path).
TURNED_TAPE = SCANNED / f"{TURNED_SOURCE}.turned.ocr.json"


def write_turned_copy(folder) -> Path:
    path = folder / "turned.pdf"
    path.write_bytes(turned_copy(SCANNED / f"{TURNED_SOURCE}.pdf", TURNS))
    return path


@pytest.fixture(scope="module")
def turned_report(tmp_path_factory):
    """The turned copy parsed with its OCR calls answered from ``TURNED_TAPE`` (orientation,
    rotation and boxes run for real; the engine's answers are replayed)."""
    from .ocr_tape import parse_from_tape

    report, replay = parse_from_tape(write_turned_copy(tmp_path_factory.mktemp("turned")), TURNED_TAPE)
    if replay.misses:  # answered by the real engine instead: right, only slower
        warnings.warn(f"{replay.misses} OCR calls not on {TURNED_TAPE.name} (re-record: "
                      "python -m tests.test_ocr_routing)", stacklevel=2)
    return report


def test_turned_copy_is_shown_turned(tmp_path):
    """The copy really shows pages 2–4 turned: its rendering is the upright page's, turned."""
    import numpy as np

    path = tmp_path / "turned.pdf"
    path.write_bytes(turned_copy(SCANNED / f"{TURNED_SOURCE}.pdf", TURNS))
    upright = pypdfium2.PdfDocument(str(SCANNED / f"{TURNED_SOURCE}.pdf"))
    turned = pypdfium2.PdfDocument(str(path))
    for number, (rotate, picture) in TURNS.items():
        expected = upright[number - 1].render(scale=0.5, grayscale=True).to_numpy().astype(int)
        expected = np.rot90(expected, k=-(rotate + picture) // 90)
        got = turned[number - 1].render(scale=0.5, grayscale=True).to_numpy().astype(int)
        assert got.shape == expected.shape, number
        assert np.abs(got - expected).mean() < 8, number


@pytest.mark.skipif(not HAS_OCR, reason="ocr extra not installed")
def test_turned_pages_read_every_cell(turned_report):
    """Pages turned 90°, 180° (the scan itself) and 270° read like the upright scan: every cell."""
    import json

    truth = json.loads((SCANNED / f"{TURNED_SOURCE}.truth.json").read_text(encoding="utf-8"))
    got = {(r.table, r.row, r.column): (r.value, r.kind, r.raw) for r in turned_report.cells()}
    assert got == cells_of(truth)
    assert [(s.number, s.heading) for s in turned_report.sections] == [
        (s["number"], s["heading"]) for s in truth["sections"]]
    assert (turned_report.meta.year, turned_report.meta.template, turned_report.meta.title) == (
        truth["meta"]["year"], truth["meta"]["template"], truth["meta"]["title"])
    assert turned_report.findings == []


@pytest.mark.skipif(not HAS_OCR, reason="ocr extra not installed")
def test_turned_pages_keep_boxes_on_the_page_as_shown(turned_report):
    """Each cell's box is where the source text PDF printed it, turned with its page."""
    source = govdisclose.parse(FIXTURES / "t2021_basic.pdf")
    width, height = 595.28, 841.89
    where = {(r.table, r.row, r.column): (r.page, r.bbox) for r in source.cells()}
    turned_pages = set()
    for record in turned_report.cells():
        page, box = where[(record.table, record.row, record.column)]
        assert record.page == page, record
        rotate, picture = TURNS.get(page, (0, 0))
        turned_pages.add(page)
        expected = shown_centre(box, width, height, (rotate + picture) % 360)
        centre = ((record.bbox[0] + record.bbox[2]) / 2, (record.bbox[1] + record.bbox[3]) / 2)
        assert abs(centre[0] - expected[0]) < 10 and abs(centre[1] - expected[1]) < 10, (record, expected)
    assert turned_pages == {2, 3, 4}


if __name__ == "__main__":  # re-record the turned copy's OCR tape
    import tempfile

    from .ocr_tape import record

    with tempfile.TemporaryDirectory() as folder:
        print(record(write_turned_copy(Path(folder)), TURNED_TAPE))
