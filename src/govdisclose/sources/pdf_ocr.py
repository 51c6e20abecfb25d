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
→ cells; each text box goes to the cell holding its centre. A box that straddles cells, or a cell
with ink but no box, is recognised again from the cell's own crop.
An image without a ruled table gets its tables read by the columns their headers predict
(``ocr_columns``), a table's columns carried to the next page when it runs off the bottom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from ..document import BBox, Grid, Span, TextLine
from ..errors import CorruptDocument, MissingDependency, TooLarge
from ..limits import DEFAULT_LIMITS, Deadline, Limits
from ..normalize import nfkc
from .image_table import InkMask, find_tables

# Measured on fixture table pages at 150, 200 and 250 dpi: the same text at all three (digit
# confidences ≥ 0.86 everywhere), timings within the shared machine's noise. 200 is the top
# resolution of the scans, so rendering there loses nothing they hold. Rerun (benchmarks/bench_ocr.py
# --dpi) on three scans, 559 numbers: 150, 200 and 250 dpi each read 558 right, 0 wrong (the one
# refusal is the same "0"); s/page 8.4 / 9.3 / 9.8 on the 200-dpi scan, on a loaded machine.
RENDER_DPI = 200
# Skew below this (degrees) is left alone; above MAX_SKEW it is not a scan's small tilt.
MIN_SKEW = 0.05
MAX_SKEW = 5.0
# A box this much wider than tall is a text line good for measuring skew.
SKEW_BOX_RATIO = 6.0
# Ratio of an OCR box's height to the font size (for TextLine.size).
BOX_TO_FONT = 1.4
# A cell with no detected box is read again only if it shows a mark: a blob of pixels at least
# INK_CONTRAST grey levels darker than the cell's paper (a thin dash, blurred, is only ~60
# darker), clear of the cell's edges (rules leaking in), at least MIN_MARK points wide or tall.
# Anything else is blank. A lone flat bar that OCR cannot read is the dash it looks like.
INK_CONTRAST = 35
INK_INSET = 2.5
MIN_MARK = 3.0
BAR_RATIO = 3.0
BAR_MAX_HEIGHT = 2.0
# A box reaching this far into a neighbouring cell (points, and share of that cell's width)
# straddles the two: both cells are read again from their own crops.
STRADDLE = 6.0
STRADDLE_SHARE = 0.3
# A value (no Han) read with less confidence than this gets a second reading from the cell's own
# crop. The second reading can only take confidence away: when it differs, the lower of the two
# stands. Agreement adds nothing (the same model errs the same way: a blurred "/" reads "1" twice).
SECOND_READING_BELOW = 0.9
# What OCR makes of a lone dash in a value cell (the Han 一 and friends) → the dash printed.
DASHES = {"一": "—", "一一": "——", "_": "—", "~": "—"}
# Inset (points) of a cell crop, to keep the rules out of re-recognition.
CELL_INSET = 1.5
# Orientation: a text line is LINE_RATIO times longer than thick; at least MIN_ORIENTATION_LINES of
# them to judge by, the ORIENTATION_SAMPLE longest asked of the direction classifier, a vote counted
# at CLS_MIN_SCORE, and this share of votes for 180° turns the image.
LINE_RATIO = 4.0
MIN_ORIENTATION_LINES = 3
ORIENTATION_SAMPLE = 9
CLS_MIN_SCORE = 0.9
UPSIDE_DOWN_SHARE = 0.6
# cv2.rotate codes for turning an image clockwise by these degrees.
QUARTER_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}

# Engine settings: pages read without the direction classifier (orientation is settled once per
# image, see ``quarter_turn``); for cell crops, detection at the
# crop's own size (the page default scales the short side up to 736 px, 10× for a cell).
PAGE_PARAMS = {"Global.log_level": "error", "Global.use_cls": False}
CROP_PARAMS = {**PAGE_PARAMS, "Det.limit_type": "max", "Det.limit_side_len": 736}

_ENGINES: dict[str, object] = {}


def ocr_engine(kind: str = "page"):
    """A shared RapidOCR engine (``page`` or ``crop``); ``MissingDependency`` without the ``ocr`` extra."""
    if kind not in _ENGINES:
        try:
            from rapidocr import RapidOCR
        except ImportError as error:
            raise MissingDependency(
                "this PDF has pages without a usable text layer; OCR needs the ocr extra: "
                "pip install 'govdisclose[ocr]'"
            ) from error
        _ENGINES[kind] = RapidOCR(params=PAGE_PARAMS if kind == "page" else CROP_PARAMS)
    return _ENGINES[kind]


@dataclass
class OcrBox:
    """One detected text line: text, confidence, and its corners in deskewed pixels."""

    text: str
    score: float
    quad: np.ndarray  # 4×2

    @property
    def box(self) -> tuple[float, float, float, float]:
        xs, ys = self.quad[:, 0], self.quad[:, 1]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2


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
                raise CorruptDocument(f"page {number} cannot be rendered for OCR ({error})", str(path)) from error
            try:
                check_render_size(page, number, region, scale, limits.max_render_pixels, str(path))
                rgb, offset = _render(page, region, scale)
            except pypdfium2.PdfiumError as error:
                raise CorruptDocument(f"page {number} cannot be rendered for OCR ({error})", str(path)) from error
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


def read_image(engine, rgb: np.ndarray, scale: float, page: int, offset=(0.0, 0.0),
               carry: dict | None = None) -> list[tuple[float, TextLine | Grid]]:
    """Blocks of one image; ``scale`` is pixels per point, ``offset`` the image's origin on the page.

    An image shown sideways or upside down (a page's /Rotate, or a scan fed in turned) is turned
    upright and read again (see ``quarter_turn``); boxes stay in points of the page as displayed,
    and each block's sort key follows the upright reading order."""
    displayed_shape = rgb.shape
    boxes = _read_boxes(engine, rgb)
    turn = quarter_turn(engine, rgb, boxes)
    if turn:
        upright = np.ascontiguousarray(cv2.rotate(rgb, QUARTER_TURNS[turn]))
        upright_boxes = _read_boxes(engine, upright)
        if _reading_score(upright_boxes) >= _reading_score(boxes):
            rgb, boxes = upright, upright_boxes
        else:
            turn = 0
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(boxes)
    frame = Frame(gray.shape, angle, scale, offset, turn, displayed_shape)
    if angle:
        gray = cv2.warpAffine(gray, frame.matrix, (gray.shape[1], gray.shape[0]),
                              flags=cv2.INTER_LINEAR, borderValue=255)
        for b in boxes:
            b.quad = frame.rotate(b.quad)
    blocks: list[tuple[float, TextLine | Grid]] = []
    taken: set[int] = set()
    for table_box, cells in find_tables(gray, scale, [b.box for b in boxes]):
        grid = _fill_grid(engine, gray, cells, boxes, taken, frame, page)
        blocks.append((frame.page_box(table_box)[1], grid))
    if not blocks:  # no ruled table: tables read by the columns their header predicts
        for grid in _column_tables(gray, boxes, taken, frame, page, carry):
            blocks.append((grid.bbox[1], grid))
    free = [b for i, b in enumerate(boxes) if i not in taken]
    for line in _group_lines(free, frame, page):
        blocks.append((line.bbox[1], line))
    if turn:
        blocks = [(frame.reading_top(block.bbox), block) for _, block in blocks]
    blocks.sort(key=lambda pair: pair[0])
    return blocks


def _read_boxes(engine, rgb: np.ndarray) -> list[OcrBox]:
    """One detection + recognition pass (no direction classifier), NFKC text, empty boxes dropped."""
    result = engine(rgb, use_det=True, use_cls=False, use_rec=True)
    quads = result.boxes if result.boxes is not None else []
    boxes = [
        OcrBox(nfkc(text).strip(), float(score), np.asarray(quad, dtype=np.float64))
        for quad, text, score in zip(quads, result.txts or (), result.scores or ())
    ]
    return [b for b in boxes if b.text]


def quarter_turn(engine, rgb: np.ndarray, boxes: list[OcrBox]) -> int:
    """Degrees (0, 90, 180, 270) to turn the image clockwise so that its text stands upright.

    Text lines (boxes ``LINE_RATIO`` times longer than thick) mostly tall → the image lies sideways.
    Which way up is asked of the direction classifier (0° or 180°) on the longest lines, tall ones
    first turned counter-clockwise; a clear majority upside down decides."""
    wide, tall = [], []
    for b in boxes:
        x0, y0, x1, y1 = b.box
        if x1 - x0 >= LINE_RATIO * (y1 - y0):
            wide.append(b)
        elif y1 - y0 >= LINE_RATIO * (x1 - x0):
            tall.append(b)
    sideways = len(tall) > len(wide) and len(tall) >= MIN_ORIENTATION_LINES
    lines = tall if sideways else wide
    if len(lines) < MIN_ORIENTATION_LINES:
        return 0
    lines = sorted(lines, key=lambda b: max(b.box[2] - b.box[0], b.box[3] - b.box[1]), reverse=True)
    upside_down = 0
    sample = lines[:ORIENTATION_SAMPLE]
    for b in sample:
        x0, y0, x1, y1 = (round(v) for v in b.box)
        crop = rgb[max(0, y0):y1, max(0, x0):x1]
        if crop.size == 0:
            continue
        if sideways:
            crop = cv2.rotate(crop, cv2.ROTATE_90_COUNTERCLOCKWISE)
        reading = engine(np.ascontiguousarray(crop), use_det=False, use_cls=True, use_rec=False)
        label, score = reading.cls_res[0]
        upside_down += label == "180" and score >= CLS_MIN_SCORE
    flipped = upside_down >= UPSIDE_DOWN_SHARE * len(sample)
    if sideways:
        return 90 if flipped else 270
    return 180 if flipped else 0


def _reading_score(boxes: list[OcrBox]) -> float:
    """Recognition confidence weighted by text length: upright text reads with far more of it."""
    return sum(b.score * len(b.text) for b in boxes)


def skew_angle(boxes: list[OcrBox]) -> float:
    """Median slope (degrees) of the long detected lines; 0 when small or not measurable."""
    slopes = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(*(b.quad[3] - b.quad[0]))
        if width >= SKEW_BOX_RATIO * max(height, 1.0):
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if not slopes:
        return 0.0
    angle = float(np.median(slopes))
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


class Frame:
    """Deskewed pixels ↔ page points: rotation about the image centre, the quarter turn that made
    the image upright undone (``turn`` degrees clockwise, from the displayed image of
    ``displayed_shape``), then scale and offset."""

    def __init__(self, shape, angle: float, scale: float, offset, turn: int = 0, displayed_shape=None):
        height, width = shape[:2]
        self.matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        self.inverse = cv2.invertAffineTransform(self.matrix)
        self.scale = scale
        self.offset = offset
        self.turn = turn
        shown_height, shown_width = (displayed_shape or shape)[:2]
        self.shown_height = shown_height
        self.upright_height = height
        self.turned = _turn_matrix(turn, shown_width, shown_height)  # displayed → upright pixels
        self.to_page = _compose(cv2.invertAffineTransform(self.turned), self.inverse)

    def rotate(self, points: np.ndarray) -> np.ndarray:
        return points @ self.matrix[:, :2].T + self.matrix[:, 2]

    def reading_top(self, page_box: BBox) -> float:
        """Sort key of a block at ``page_box`` (page points): its top in the upright image, mapped
        into the image's span of the page so that keys still interleave with text-layer blocks."""
        x0, y0, x1, y1 = ((v - o) * self.scale for v, o in zip(page_box, self.offset * 2, strict=True))
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        top = float((corners @ self.turned[:, :2].T + self.turned[:, 2])[:, 1].min())
        return self.offset[1] + top * self.shown_height / self.upright_height / self.scale

    def page_box(self, box_points: BBox) -> BBox:
        """A box in deskewed points → the box enclosing it on the page, in page points."""
        x0, y0, x1, y1 = (v * self.scale for v in box_points)
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        page = corners @ self.to_page[:, :2].T + self.to_page[:, 2]
        xs = page[:, 0] / self.scale + self.offset[0]
        ys = page[:, 1] / self.scale + self.offset[1]
        return (round(float(xs.min()), 2), round(float(ys.min()), 2),
                round(float(xs.max()), 2), round(float(ys.max()), 2))


def _turn_matrix(turn: int, width: float, height: float) -> np.ndarray:
    """2×3 affine map: pixels of a ``width`` × ``height`` image → that image turned ``turn``° clockwise."""
    return np.array({
        0: [[1, 0, 0], [0, 1, 0]],
        90: [[0, -1, height], [1, 0, 0]],
        180: [[-1, 0, width], [0, -1, height]],
        270: [[0, 1, 0], [-1, 0, width]],
    }[turn], dtype=np.float64)


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The 2×3 affine map ``outer ∘ inner``."""
    return np.hstack([outer[:, :2] @ inner[:, :2], (outer[:, :2] @ inner[:, 2] + outer[:, 2])[:, None]])


def _fill_grid(engine, gray, cells, boxes: list[OcrBox], taken: set[int], frame: Frame, page: int) -> Grid:
    """Put each OCR box into the cell holding its centre; re-read straddling or missed cells."""
    scale = frame.scale
    present = [box for row in cells for box in row if box is not None]
    contents: dict[BBox, list[OcrBox]] = {box: [] for box in present}
    reread: set[BBox] = set()
    for index, b in enumerate(boxes):
        cx, cy = (v / scale for v in b.centre)
        home = next((c for c in present if c[0] <= cx < c[2] and c[1] <= cy < c[3]), None)
        if home is None:
            continue
        taken.add(index)
        contents[home].append(b)
        x0, _, x1, _ = (v / scale for v in b.box)
        neighbours = [c for c in present if c is not home and c[1] <= cy < c[3]
                      and min(x1, c[2]) - max(x0, c[0]) >= max(STRADDLE, STRADDLE_SHARE * (c[2] - c[0]))]
        if neighbours:
            reread.add(home)
            reread.update(neighbours)
    for cell in present:
        if not contents[cell] and _has_ink(gray, cell, scale):
            reread.add(cell)
    texts = {cell: _cell_text(contents[cell]) for cell in present}
    doubtful = [cell for cell in present if cell not in reread and _doubtful_value(*texts[cell])]
    if doubtful:
        crops = [_crop(gray, cell, scale) for cell in doubtful]
        for cell, (text, score) in zip(doubtful, _recognise(ocr_engine("crop"), crops)):
            first_text, first_score = texts[cell]
            if text != first_text:
                texts[cell] = (first_text, min(first_score, score or 0.0))
    if reread:
        order = sorted(reread)
        crops = [_crop(gray, cell, scale) for cell in order]
        for cell, (text, score) in zip(order, _recognise(ocr_engine("crop"), crops)):
            if text:
                texts[cell] = (text, score)
            elif _is_bar(_marks(gray, cell, scale), scale):
                texts[cell] = ("—", None)
            else:
                texts[cell] = ("?", 0.0)
    rows: list[list[Span | None]] = []
    for row in cells:
        spans: list[Span | None] = []
        for cell in row:
            if cell is None:
                spans.append(None)
                continue
            text, score = texts[cell]
            text = DASHES.get(text, text)
            spans.append(Span(text, page, frame.page_box(cell), confidence=score))
        rows.append(spans)
    table_box = (min(c[0] for c in present), min(c[1] for c in present),
                 max(c[2] for c in present), max(c[3] for c in present))
    return Grid(rows=rows, page=page, bbox=frame.page_box(table_box), engine="ocr")


def _doubtful_value(text: str, score: float | None) -> bool:
    return score is not None and score < SECOND_READING_BELOW and not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _cell_text(boxes: list[OcrBox]) -> tuple[str, float | None]:
    """Boxes of one cell read in lines (top to bottom, left to right); confidence is the lowest."""
    if not boxes:
        return "", None
    lines: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: b.centre[1]):
        if lines and abs(b.centre[1] - lines[-1][-1].centre[1]) < (b.box[3] - b.box[1]) / 2:
            lines[-1].append(b)
        else:
            lines.append([b])
    text = "\n".join(" ".join(b.text for b in sorted(line, key=lambda b: b.box[0])) for line in lines)
    return text, min(b.score for b in boxes)


def _crop(gray: np.ndarray, cell: BBox, scale: float) -> np.ndarray:
    x0, y0, x1, y1 = (
        round((v + inset) * scale)
        for v, inset in zip(cell, (CELL_INSET, CELL_INSET, -CELL_INSET, -CELL_INSET), strict=True)
    )
    return gray[max(0, y0):max(y0 + 1, y1), max(0, x0):max(x0 + 1, x1)]


def _has_ink(gray: np.ndarray, cell: BBox, scale: float) -> bool:
    return bool(_marks(gray, cell, scale))


def _marks(gray: np.ndarray, cell: BBox, scale: float) -> list[tuple[int, int]]:
    """(width, height) in pixels of the marks inside a cell (see INK_CONTRAST)."""
    inset = INK_INSET - CELL_INSET
    crop = _crop(gray, (cell[0] + inset, cell[1] + inset, cell[2] - inset, cell[3] - inset), scale)
    if crop.size == 0:
        return []
    ink = (crop < float(np.median(crop)) - INK_CONTRAST).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    return [
        (int(w), int(h)) for x, y, w, h, _area in stats[1:count]
        if x > 0 and y > 0 and x + w < width and y + h < height and max(w, h) >= MIN_MARK * scale
    ]


def _is_bar(marks: list[tuple[int, int]], scale: float) -> bool:
    return len(marks) == 1 and marks[0][0] >= BAR_RATIO * marks[0][1] and marks[0][1] <= BAR_MAX_HEIGHT * scale


def _recognise(engine, crops: list[np.ndarray]) -> list[tuple[str, float | None]]:
    """Cell crops read on their own (padded white) with detection + recognition, so a wrapped
    label reads line by line. Recognition alone is never tried: on a crop without a detected
    line it invents digits from noise."""
    readings: list[tuple[str, float | None]] = []
    for crop in crops:
        padded = cv2.cvtColor(cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255),
                              cv2.COLOR_GRAY2RGB)
        result = engine(padded, use_det=True, use_cls=False, use_rec=True)
        boxes = [
            OcrBox(nfkc(text).strip(), float(score), np.asarray(quad, dtype=np.float64))
            for quad, text, score in zip(result.boxes if result.boxes is not None else [],
                                         result.txts or (), result.scores or ())
        ]
        readings.append(_cell_text([b for b in boxes if b.text]))
    return readings


def _group_lines(boxes: list[OcrBox], frame: Frame, page: int) -> list[TextLine]:
    """Boxes outside tables as text lines: boxes overlapping vertically join, left to right."""
    lines: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: (b.box[1], b.box[0])):
        cy = b.centre[1]
        for line in lines:
            top, bottom = line[0].box[1], line[0].box[3]
            if top <= cy <= bottom:
                line.append(b)
                break
        else:
            lines.append([b])
    result = []
    for line in lines:
        line.sort(key=lambda b: b.box[0])
        words = [Span(b.text, page, frame.page_box(_points(b.box, frame.scale)), confidence=b.score) for b in line]
        box = _points((min(b.box[0] for b in line), min(b.box[1] for b in line),
                       max(b.box[2] for b in line), max(b.box[3] for b in line)), frame.scale)
        height = sorted(b.box[3] - b.box[1] for b in line)[len(line) // 2] / frame.scale
        result.append(TextLine(" ".join(b.text for b in line), page, frame.page_box(box), words,
                               round(height / BOX_TO_FONT, 1)))
    return result


def _points(box, scale: float) -> BBox:
    return tuple(v / scale for v in box)  # type: ignore[return-value]


# --------------------------------------------------------------------------- tables without rules

# Share of the page height at the top and bottom where running headers and page numbers stand
# (kept out of tables).
MARGIN_SHARE = 0.09


def _column_tables(gray, boxes: list[OcrBox], taken: set[int], frame: Frame, page: int,
                   carry: dict | None) -> list[Grid]:
    """Tables without a ruled grid, read by ``ocr_columns``; their boxes are added to ``taken``.
    ``carry`` holds the columns of a table that ran off the previous page (full pages only)."""
    from .ocr_columns import TextBox, read_column_tables

    scale = frame.scale
    text_boxes = [TextBox(b.text, b.score, _points(b.box, scale)) for b in boxes]
    reader = _SlotReader(gray, scale)
    carried = carry.get(page - 1) if carry is not None else None
    height = gray.shape[0] / scale
    margins = (height * MARGIN_SHARE, height * (1 - MARGIN_SHARE)) if carry is not None else None
    found, open_columns = read_column_tables(text_boxes, reader, page, frame.page_box, margins, carried)
    if carry is not None and open_columns is not None:
        carry[page] = open_columns
    grids = []
    for grid, indices in found:
        taken.update(indices)
        grids.append(grid)
    return grids


class _SlotReader:
    """Marks and readings of slots of a deskewed page (``ocr_columns.SlotReader``)."""

    def __init__(self, gray: np.ndarray, scale: float):
        self.gray = gray
        self.scale = scale
        self.ink = InkMask(gray, scale)

    def read_empty(self, core: BBox, crop: BBox) -> tuple[str, float | None]:
        return self.read_empties([(core, crop)])[0]

    def read_empties(self, slots: list[tuple[BBox, BBox]]) -> list[tuple[str, float | None]]:
        """Slots whose core shows a mark are read from their crops; a lone flat bar that reads as a
        dash, or as nothing, is the dash it looks like."""
        readings: list[tuple[str, float | None]] = [("", None)] * len(slots)
        marked = [i for i, (core, _) in enumerate(slots) if self.ink.marks(core, MIN_MARK)]
        crops = [_crop(self.gray, slots[i][1], self.scale) for i in marked]
        for i, (text, score) in zip(marked, _recognise(ocr_engine("crop"), crops), strict=True):
            text = DASHES.get(text, text)
            if text in ("", "—") and _is_bar(self.ink.marks(slots[i][1], MIN_MARK, whole=True), self.scale):
                readings[i] = ("—", None)
            else:
                readings[i] = (text, score) if text else ("?", 0.0)
        return readings

    def read_again(self, crop: BBox) -> tuple[str, float | None]:
        (text, score), = _recognise(ocr_engine("crop"), [_crop(self.gray, crop, self.scale)])
        return DASHES.get(text, text), score

    def ink_rows(self, slots: list[BBox]) -> list[tuple[float, float]]:
        return self.ink.row_runs(slots)

    def ink_columns(self, box: BBox) -> list[tuple[float, float]]:
        return self.ink.column_runs(box)
