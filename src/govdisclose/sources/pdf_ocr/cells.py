"""A ruled table's cells filled from the OCR boxes of a deskewed image, doubtful cells read again.

Contract: ``fill_grid(engine, gray, cells, boxes, taken, frame, page, open_bottom)`` puts each OCR
box into the cell holding its centre (adding its index to ``taken``) and returns the ``Grid``
(``open_bottom`` as given; ``square_width`` its width in the deskewed frame, on an upright page),
boxes in page points, every span with its confidence. A cell a box straddles, or one with a mark
but no box, is read again from its own crop ("?" at confidence 0 when that reads nothing, "—" for
a lone flat bar); a value read with little confidence is read again and keeps the lower
confidence when the readings differ. ``crop_box`` and ``is_bar`` serve the borderless reader too (``columns``).
``table_parts(cells, boxes, scale)`` splits a ruled table at its prose rows (a frame drawn around
paragraphs, as in ``pdf_text``): their boxes are left to the text lines.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from ...document import BBox, Grid, Span
from .engine import OcrBox, cell_text, ocr_engine, recognise
from .orientation import Frame

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
# A row that is one cell across SPANNING_SHARE of the table, holding PROSE_MIN_CHARS characters or
# more with a sentence end, is a frame around running text, not a table row (as in pdf_text).
SPANNING_SHARE = 0.95
PROSE_MIN_CHARS = 30
SENTENCE_END = re.compile(r"[。！？；]")
# Inset (points) of a cell crop, to keep the rules out of re-recognition.
CELL_INSET = 1.5


def fill_grid(engine, gray, cells, boxes: list[OcrBox], taken: set[int], frame: Frame, page: int,
              open_bottom: bool = False) -> Grid:
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
    texts = {cell: cell_text(contents[cell]) for cell in present}
    doubtful = [cell for cell in present if cell not in reread and _doubtful_value(*texts[cell])]
    if doubtful:
        crops = [crop_box(gray, cell, scale) for cell in doubtful]
        for cell, (text, score) in zip(doubtful, recognise(ocr_engine("crop"), crops), strict=False):
            first_text, first_score = texts[cell]
            if text != first_text:
                texts[cell] = (first_text, min(first_score, score or 0.0))
    if reread:
        order = sorted(reread)
        crops = [crop_box(gray, cell, scale) for cell in order]
        for cell, (text, score) in zip(order, recognise(ocr_engine("crop"), crops), strict=False):
            if text:
                texts[cell] = (text, score)
            elif is_bar(_marks(gray, cell, scale), scale):
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
    square_width = round(table_box[2] - table_box[0], 2) if not frame.turn else None  # upright page only
    return Grid(rows=rows, page=page, bbox=frame.page_box(table_box), engine="ocr", open_bottom=open_bottom,
                square_width=square_width)


def table_parts(cells: list[list[BBox | None]], boxes: list[OcrBox], scale: float) -> list[list[list[BBox | None]]]:
    """The table's rows split at its prose rows (dropped); a frame holding only prose gives none."""
    present = [box for row in cells for box in row if box is not None]
    width = max(c[2] for c in present) - min(c[0] for c in present)
    parts: list[list[list[BBox | None]]] = [[]]
    for row in cells:
        row_cells = [box for box in row if box is not None]
        if len(row_cells) == 1 and row_cells[0][2] - row_cells[0][0] >= SPANNING_SHARE * width:
            cell = row_cells[0]
            text = "".join(b.text for b in boxes
                           if cell[0] <= b.centre[0] / scale < cell[2] and cell[1] <= b.centre[1] / scale < cell[3])
            text = re.sub(r"\s+", "", text)
            if len(text) >= PROSE_MIN_CHARS and SENTENCE_END.search(text):
                parts.append([])
                continue
        parts[-1].append(row)
    return [part for part in parts if part]


def _doubtful_value(text: str, score: float | None) -> bool:
    has_han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return score is not None and score < SECOND_READING_BELOW and not has_han



def crop_box(gray: np.ndarray, cell: BBox, scale: float) -> np.ndarray:
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
    crop = crop_box(gray, (cell[0] + inset, cell[1] + inset, cell[2] - inset, cell[3] - inset), scale)
    if crop.size == 0:
        return []
    ink = (crop < float(np.median(crop)) - INK_CONTRAST).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    return [
        (int(w), int(h)) for x, y, w, h, _area in stats[1:count]
        if x > 0 and y > 0 and x + w < width and y + h < height and max(w, h) >= MIN_MARK * scale
    ]


def is_bar(marks: list[tuple[int, int]], scale: float) -> bool:
    return (len(marks) == 1 and marks[0][0] >= BAR_RATIO * marks[0][1]
            and marks[0][1] <= BAR_MAX_HEIGHT * scale)
