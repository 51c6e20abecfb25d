"""OCR of PDF pages (or image regions of a page) into the same blocks the text path produces.

Contract: ``read_ocr_regions(path, requests, limits, deadline)`` takes ``(page number, region or
None)`` pairs and returns, per request, ``(top, block)`` pairs like ``pdf_text`` does: ``Grid`` for
ruled tables (cells from ``image_table``) and ``TextLine`` for the rest, text NFKC-normalised, boxes
in PDF points of the page as displayed (its /Rotate applied), every span carrying its OCR
confidence. Needs the ``ocr`` extra (rapidocr on onnxruntime, models inside the wheel: nothing is
downloaded); raises ``MissingDependency`` without, ``TooLarge`` before rendering anything bigger
than ``Limits.max_render_pixels`` (page, region or embedded image), ``Timeout`` between requests.

Steps per image: render with pypdfium2 at ``RENDER_DPI``; one detection + recognition pass of the
whole image; a page lying sideways or upside down turned upright and read again; skew measured
on the detected text lines and undone (image for rule finding, boxes by the same rotation); rules
→ cells (a table whose rules run open into the page foot is ``Grid.open_bottom``, as on the text
path); each text box goes to the cell holding its centre. A box that straddles cells, or a cell
with ink but no box, is recognised again from the cell's own crop.
An image without a ruled table gets its tables read by the columns their headers predict
(``ocr_columns``), a table's columns carried to the next page when it runs off the bottom.

Modules: this one renders and runs the steps; ``engine`` (the RapidOCR calls), ``orientation``
(upright turn, skew, the frame back to page points), ``cells`` (ruled tables' cells), ``columns``
(tables without rules), ``lines`` (the rest as text lines).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from ...document import BBox, Grid, TextLine
from ...errors import CorruptDocument, TooLarge
from ...limits import DEFAULT_LIMITS, Deadline, Limits
from ..image_table import find_tables
from ..rules import RULE_TOLERANCE
from .cells import fill_grid, table_parts
from .columns import column_tables
from .engine import OcrBox, ocr_engine, read_boxes
from .lines import group_lines
from .orientation import QUARTER_TURNS, Frame, quarter_turn, reading_score, skew_angle

__all__ = ["RENDER_DPI", "OcrBox", "check_render_size", "ocr_engine", "read_image", "read_ocr_regions",
           "skew_angle"]

# Measured on fixture table pages at 150, 200 and 250 dpi: the same text at all three (digit
# confidences ≥ 0.86 everywhere), timings within the shared machine's noise. 200 is the top
# resolution of the scans, so rendering there loses nothing they hold. Rerun (benchmarks/bench_ocr.py
# --dpi) on three scans, 559 numbers: 150, 200 and 250 dpi each read 558 right, 0 wrong (the one
# refusal is the same "0"); s/page 8.4 / 9.3 / 9.8 on the 200-dpi scan, on a loaded machine.
RENDER_DPI = 200


def read_ocr_regions(
    path: Path,
    requests: list[tuple[int, BBox | None]],
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> list[list[tuple[float, TextLine | Grid]]]:
    """Blocks of each requested page (``region=None``) or image region, in request order.

    Before anything is rendered, the pixels the render would take and the declared size of every
    image on the page are checked against ``limits.max_render_pixels`` (``TooLarge``: image bombs
    declare huge pages or images with little data); ``deadline`` is checked before each request."""
    limits = limits or DEFAULT_LIMITS
    scale = RENDER_DPI / 72
    results = []
    carry: dict = {}  # columns of a table running off a page, for the next one (ocr_columns)
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise CorruptDocument(f"the PDF cannot be rendered for OCR ({error})", str(path)) from error
    try:
        for number, region in requests:
            if deadline is not None:
                deadline.check()
            try:
                page = pdf[number - 1]
            except pypdfium2.PdfiumError as error:
                raise CorruptDocument(f"page {number} cannot be rendered for OCR ({error})",
                                      str(path)) from error
            try:
                check_render_size(page, number, region, scale, limits.max_render_pixels, str(path))
                rgb, offset = _render(page, region, scale)
            except pypdfium2.PdfiumError as error:
                raise CorruptDocument(f"page {number} cannot be rendered for OCR ({error})",
                                      str(path)) from error
            finally:
                page.close()
            results.append(read_image(ocr_engine(), rgb, scale, number, offset,
                                      carry=carry if region is None else None))
    finally:
        pdf.close()
    return results


def check_render_size(page, number: int, region: BBox | None, scale: float, limit: int,
                      path: str | None = None) -> None:
    """``TooLarge`` when page ``number`` (or ``region`` of it) would render to more than ``limit``
    pixels at ``scale``, or holds an image declaring more than ``limit`` pixels. Nothing is decoded."""
    width, height = page.get_size()
    if region is not None:
        width, height = region[2] - region[0], region[3] - region[1]
    pixels = round(max(width, 0.0) * scale) * round(max(height, 0.0) * scale)
    if pixels > limit:
        raise TooLarge(f"page {number} would render to {pixels:,} pixels, more than the limit of {limit:,}",
                       path)
    for image in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        try:
            image_width, image_height = image.get_px_size()
        except pypdfium2.PdfiumError:
            continue  # no readable size: pdfium will not decode it either
        if image_width * image_height > limit:
            raise TooLarge(
                f"page {number} holds an image of {image_width:,}×{image_height:,} = "
                f"{image_width * image_height:,} pixels, more than the limit of {limit:,}", path)


def _render(page, region: BBox | None, scale: float) -> tuple[np.ndarray, tuple[float, float]]:
    """RGB pixels of the page, or of ``region`` only (cropped while rendering), and their origin in points."""
    if region is None:
        return np.ascontiguousarray(page.render(scale=scale).to_numpy()[:, :, :3]), (0.0, 0.0)
    width, height = page.get_size()
    x0, top, x1, bottom = region
    crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
    rgb = page.render(scale=scale, crop=crop).to_numpy()[:, :, :3]
    return np.ascontiguousarray(rgb), (crop[0], crop[3])


def _part_box(cells) -> BBox:
    present = [box for row in cells for box in row if box is not None]
    return (min(c[0] for c in present), min(c[1] for c in present),
            max(c[2] for c in present), max(c[3] for c in present))


def _han_word(text: str) -> bool:
    """A box of label text: Han characters, and no part (between spaces) without Han, so not
    values joined across cells (``（七） 总计`` is one, ``行政许可 284`` is not)."""
    parts = text.split()
    return bool(parts) and all(any("\u4e00" <= ch <= "\u9fff" for ch in part) for part in parts)


def read_image(engine, rgb: np.ndarray, scale: float, page: int, offset=(0.0, 0.0),
               carry: dict | None = None) -> list[tuple[float, TextLine | Grid]]:
    """Blocks of one image; ``scale`` is pixels per point, ``offset`` the image's origin on the page.

    An image shown sideways or upside down (a page's /Rotate, or a scan fed in turned) is turned
    upright and read again (see ``quarter_turn``); boxes stay in points of the page as displayed,
    and each block's sort key follows the upright reading order."""
    displayed_shape = rgb.shape
    boxes = read_boxes(engine, rgb)
    turn = quarter_turn(engine, rgb, boxes)
    if turn:
        upright = np.ascontiguousarray(cv2.rotate(rgb, QUARTER_TURNS[turn]))
        upright_boxes = read_boxes(engine, upright)
        if reading_score(upright_boxes) >= reading_score(boxes):
            rgb, boxes = upright, upright_boxes
        else:
            turn = 0
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(boxes, gray)
    frame = Frame(gray.shape, angle, scale, offset, turn, displayed_shape)
    if angle:
        gray = cv2.warpAffine(gray, frame.matrix, (gray.shape[1], gray.shape[0]),
                              flags=cv2.INTER_LINEAR, borderValue=255)
        for b in boxes:
            b.quad = frame.rotate(b.quad)
    blocks: list[tuple[float, TextLine | Grid]] = []
    taken: set[int] = set()
    words = [b.box for b in boxes if _han_word(b.text)]
    tables = find_tables(gray, scale, [b.box for b in boxes], words)
    for table in tables:
        for cells in table_parts(table.cells, boxes, scale):
            open_bottom = table.open_bottom and _part_box(cells)[3] >= table.box[3] - RULE_TOLERANCE
            grid = fill_grid(engine, gray, cells, boxes, taken, frame, page, open_bottom)
            blocks.append((frame.page_box(_part_box(cells))[1], grid))
    if not tables:  # no ruled table: tables read by the columns their header predicts
        for grid in column_tables(gray, boxes, taken, frame, page, carry):
            blocks.append((grid.bbox[1], grid))
    free = [b for i, b in enumerate(boxes) if i not in taken]
    for line in group_lines(free, frame, page):
        blocks.append((line.bbox[1], line))
    if turn:
        blocks = [(frame.reading_top(block.bbox), block) for _, block in blocks]
    blocks.sort(key=lambda pair: pair[0])
    return blocks
