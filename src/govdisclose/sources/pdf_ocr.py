"""OCR of PDF pages (or image regions of a page) into the same blocks the text path produces.

Contract: ``read_ocr_regions(path, requests)`` takes ``(page number, region or None)`` pairs and
returns, per request, ``(top, block)`` pairs like ``pdf_text`` does: ``Grid`` for ruled tables
(cells from ``image_table``) and ``TextLine`` for the rest, text NFKC-normalised, boxes in PDF
points of the page, every span carrying its OCR confidence. Needs the ``ocr`` extra (rapidocr on
onnxruntime, models inside the wheel: nothing is downloaded); raises ``MissingDependency`` without.

Steps per image: render with pypdfium2 at ``RENDER_DPI``; one detection + recognition pass of the
whole image; skew measured on the detected text lines and undone (image for rule finding, boxes by
the same rotation); rules → cells; each text box goes to the cell holding its centre. A box that
straddles cells, or a cell with ink but no box, is recognised again from the cell's own crop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from ..document import BBox, Grid, Span, TextLine
from ..errors import MissingDependency
from ..normalize import nfkc
from .image_table import find_tables

# Measured on fixture table pages at 150, 200 and 250 dpi: the same text at all three (digit
# confidences ≥ 0.86 everywhere), timings within the shared machine's noise. 200 is the top
# resolution of the scans, so rendering there loses nothing they hold.
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

# Engine settings: pages upright (no direction classifier); for cell crops, detection at the
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


def read_ocr_regions(path: Path, requests: list[tuple[int, BBox | None]]) -> list[list[tuple[float, TextLine | Grid]]]:
    """Blocks of each requested page (``region=None``) or image region, in request order."""
    engine = ocr_engine()
    scale = RENDER_DPI / 72
    results = []
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for number, region in requests:
            page = pdf[number - 1]
            rgb = page.render(scale=scale).to_numpy()[:, :, :3]
            page.close()
            offset = (0.0, 0.0)
            if region is not None:
                x0, top, x1, bottom = (round(v * scale) for v in region)
                rgb = rgb[max(0, top):bottom, max(0, x0):x1]
                offset = (region[0], region[1])
            results.append(read_image(engine, np.ascontiguousarray(rgb), scale, number, offset))
    finally:
        pdf.close()
    return results


def read_image(engine, rgb: np.ndarray, scale: float, page: int, offset=(0.0, 0.0)) -> list[tuple[float, TextLine | Grid]]:
    """Blocks of one image; ``scale`` is pixels per point, ``offset`` the image's origin on the page."""
    result = engine(rgb, use_det=True, use_cls=False, use_rec=True)
    boxes = [
        OcrBox(nfkc(text).strip(), float(score), np.asarray(quad, dtype=np.float64))
        for quad, text, score in zip(result.boxes if result.boxes is not None else [], result.txts or (), result.scores or ())
    ]
    boxes = [b for b in boxes if b.text]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(boxes)
    frame = Frame(gray.shape, angle, scale, offset)
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
    free = [b for i, b in enumerate(boxes) if i not in taken]
    for line in _group_lines(free, frame, page):
        blocks.append((line.bbox[1], line))
    blocks.sort(key=lambda pair: pair[0])
    return blocks


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
    """Deskewed pixels ↔ page points: rotation about the image centre, then scale and offset."""

    def __init__(self, shape, angle: float, scale: float, offset):
        height, width = shape[:2]
        self.matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        self.inverse = cv2.invertAffineTransform(self.matrix)
        self.scale = scale
        self.offset = offset

    def rotate(self, points: np.ndarray) -> np.ndarray:
        return points @ self.matrix[:, :2].T + self.matrix[:, 2]

    def page_box(self, box_points: BBox) -> BBox:
        """A box in deskewed points → the box enclosing it on the page, in page points."""
        x0, y0, x1, y1 = (v * self.scale for v in box_points)
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        page = corners @ self.inverse[:, :2].T + self.inverse[:, 2]
        xs = page[:, 0] / self.scale + self.offset[0]
        ys = page[:, 1] / self.scale + self.offset[1]
        return (round(float(xs.min()), 2), round(float(ys.min()), 2),
                round(float(xs.max()), 2), round(float(ys.max()), 2))


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
