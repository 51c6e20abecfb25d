"""Table grids from a page image: ruled lines found with OpenCV, cells built as pdfplumber builds them.

Contract: ``find_tables(gray, scale)`` takes a deskewed grey page image (``scale`` pixels per PDF
point) and returns each ruled table (``FoundTable``) as rows of cell boxes in points, ``None`` where
a merged neighbour covers the cell, exactly the shape pdfplumber gives for text PDFs, and whether
its rules run open into the page foot (closed there by ``rules.closing_rules``: a page break cut
it, as ``Grid.open_bottom`` says on the text path). Lines are kept by morphology (long thin runs
of dark pixels), so text strokes, noise and blur do not make rules.

``InkMask(gray, scale)`` is the page's ink, for reading tables that have no usable grid
(``ocr_columns``): marks, and runs of inked pixel rows or columns inside given boxes, in points.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from .._vendor.pdfplumber_tables.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from ..document import BBox
from .rules import EDGE_BAND, RULE_TOLERANCE, closing_rules

# Shortest rule kept, in points: longer than any stroke of a 10–14 pt character, shorter than
# the narrowest cell (table 四 has 15 columns of about 30 pt).
MIN_HORIZONTAL_RULE = 22.0
MIN_VERTICAL_RULE = 13.0
# Gaps bridged along a rule (blur, JPEG, a broken scan line), in points.
RULE_GAP = 2.0
# Share of a text box's height, at top and bottom, where a horizontal rule may still run.
TEXT_BAND_MARGIN = 0.2
# A "vertical rule" lying mostly (STROKE_SHARE of its length) inside words of Han text (boxes
# without spaces, more than STROKE_INSET points in from their ends) is character strokes joined
# across the rules above and below: LibreOffice sets cell text flush against tight rules.
STROKE_SHARE = 0.6
STROKE_INSET = 1.0
# Tolerances handed to pdfplumber's edge merging and intersection search, in points.
SNAP = 3.0
JOIN = 3.0
INTERSECTION = 3.0
MIN_COLUMNS = 2
MIN_ROWS = 2
# A table of one row is kept only at the top or foot of a page (all of it within EDGE_BAND of the
# page height; a box around the page is not one): a row or caption of a table that a page break
# cut off from the rest, at least MIN_CONTINUATION_WIDTH of the page wide (a table, not a title's
# strokes). If nothing continues it, it is a text line again (pdf_text's lone captions).
MIN_CONTINUATION_WIDTH = 0.5

TableCells = list[list[BBox | None]]


class FoundTable(NamedTuple):
    box: BBox
    cells: TableCells
    open_bottom: bool  # its rules run into the page foot with none closing them (a page break)


# Ink: at least INK_CONTRAST grey levels darker than the page's paper (its median grey); dark ink
# at least DARK_CONTRAST darker: printed text, never a faint (light grey) rule.
INK_CONTRAST = 35
DARK_CONTRAST = 100
# A row of pixels is inked when it holds at least INK_PIXELS ink pixels; runs of inked rows closer
# than RUN_GAP points are one run.
INK_PIXELS = 2
RUN_GAP = 1.0


def find_tables(gray: np.ndarray, scale: float, text_boxes=(), word_boxes=()) -> list[FoundTable]:
    """Ruled tables on the image as (table box, rows of cell boxes, open at the foot), in points.

    ``text_boxes`` (pixels, x0 y0 x1 y1) are detected text lines: no horizontal rule runs through
    the middle of one, so their middle band is ignored there (strokes of neighbouring characters
    such as 结果维持 otherwise line up into a "rule"). ``word_boxes`` (pixels) are those holding
    one word of Han text: a vertical "rule" lying mostly inside them is strokes (``STROKE_SHARE``).
    """
    binary = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 12)
    without_text = binary.copy()
    for x0, y0, x1, y1 in text_boxes:
        band = (y1 - y0) * TEXT_BAND_MARGIN
        without_text[int(y0 + band):int(y1 - band) + 1, int(x0):int(x1) + 1] = 0
    verticals = _rules(binary, scale, "v")
    if word_boxes:
        words = [tuple(v / scale for v in box) for box in word_boxes]
        verticals = [e for e in verticals if not _inside_words(e, words)]
    edges = _rules(without_text, scale, "h") + verticals
    if not edges:
        return []
    closing = closing_rules(edges, gray.shape[0] / scale)  # a table a page break cut open (sources/rules.py)
    cut_feet = [rule["top"] for rule in closing if rule["end"] == "bottom"]
    edges += closing
    edges = merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    cells = intersections_to_cells(edges_to_intersections(edges, INTERSECTION, INTERSECTION))
    groups = cells_to_tables(cells)
    grouped = {tuple(cell) for group in groups for cell in group}
    groups += [[cell] for cell in cells if tuple(cell) not in grouped]  # pdfplumber drops lone cells
    page = (gray.shape[1] / scale, gray.shape[0] / scale)
    tables = []
    for table_cells in groups:
        table = Table(None, table_cells)  # rows need only the cells, not the page
        rows = [[_round(box) if box else None for box in row.cells] for row in table.rows]
        if (len(rows) >= MIN_ROWS and max(len(r) for r in rows) >= MIN_COLUMNS) or _cut_off_row(
                table.bbox, rows, page):
            box = _round(table.bbox)
            tables.append(FoundTable(box, rows, any(abs(box[3] - y) <= RULE_TOLERANCE for y in cut_feet)))
    return tables


def _cut_off_row(bbox, rows: list, page: tuple[float, float]) -> bool:
    """One row, as wide as a table, wholly in the page's top or foot band (``MIN_CONTINUATION_WIDTH``)."""
    width, height = page
    return (len(rows) == 1 and bbox[2] - bbox[0] >= MIN_CONTINUATION_WIDTH * width
            and (bbox[3] <= EDGE_BAND * height or bbox[1] >= (1 - EDGE_BAND) * height))


def _rules(binary: np.ndarray, scale: float, orientation: str) -> list[dict]:
    """Rule segments of one orientation as pdfplumber edges (points)."""
    if orientation == "h":
        length = max(8, int(MIN_HORIZONTAL_RULE * scale))
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, int(RULE_GAP * scale)), 1))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    else:
        length = max(8, int(MIN_VERTICAL_RULE * scale))
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(1, int(RULE_GAP * scale))))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    mask = cv2.morphologyEx(cv2.morphologyEx(binary, cv2.MORPH_CLOSE, bridge), cv2.MORPH_OPEN, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _area in stats[1:count]:
        if orientation == "h" and w >= length and h <= 4 * scale:
            middle = (y + h / 2) / scale
            edges.append({"x0": x / scale, "x1": (x + w) / scale, "top": middle, "bottom": middle,
                          "width": w / scale, "height": 0.0, "orientation": "h", "object_type": "line"})
        elif orientation == "v" and h >= length and w <= 4 * scale:
            middle = (x + w / 2) / scale
            edges.append({"x0": middle, "x1": middle, "top": y / scale, "bottom": (y + h) / scale,
                          "width": 0.0, "height": h / scale, "orientation": "v", "object_type": "line"})
    return edges


def _inside_words(vertical: dict, words: list[BBox]) -> bool:
    """Whether ``STROKE_SHARE`` of a vertical edge's length lies inside the word boxes (points)."""
    x, top, bottom = vertical["x0"], vertical["top"], vertical["bottom"]
    spans = sorted((max(top, y0), min(bottom, y1)) for x0, y0, x1, y1 in words
                   if x0 + STROKE_INSET < x < x1 - STROKE_INSET and y0 < bottom and y1 > top)
    covered, reach = 0.0, top
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered >= STROKE_SHARE * (bottom - top)


def _round(box) -> BBox:
    return tuple(round(float(v), 2) for v in box)  # type: ignore[return-value]


class InkMask:
    """Ink of a deskewed grey page image, all coordinates in points. Rules are not removed: callers
    keep them out by where they look (clear of column edges), by height (a rule is thinner than a
    line of text) or by darkness (``column_runs`` sees dark ink only)."""

    def __init__(self, gray: np.ndarray, scale: float):
        self.scale = scale
        paper = float(np.median(gray))
        self.ink = (gray < paper - INK_CONTRAST).astype(np.uint8)
        self.dark = (gray < paper - DARK_CONTRAST).astype(np.uint8)

    def _crop(self, box: BBox, mask: np.ndarray | None = None) -> np.ndarray:
        x0, y0, x1, y1 = (max(0, round(v * self.scale)) for v in box)
        return (self.ink if mask is None else mask)[y0:max(y0, y1), x0:max(x0, x1)]

    def row_runs(self, boxes: list[BBox]) -> list[tuple[float, float]]:
        """(top, bottom) of the runs of inked pixel rows over the union of ``boxes`` (same height)."""
        crops = [self._crop(box) for box in boxes]
        height = min((c.shape[0] for c in crops), default=0)
        if not height:
            return []
        counts = sum(c[:height].sum(axis=1) for c in crops)
        return [(boxes[0][1] + a / self.scale, boxes[0][1] + b / self.scale)
                for a, b in _runs(counts >= INK_PIXELS, RUN_GAP * self.scale)]

    def marks(self, box: BBox, min_size: float, whole: bool = False) -> list[tuple[int, int]]:
        """(width, height) in pixels of the marks reaching into ``box`` at least ``min_size`` points
        long or tall (measured whole when ``whole``, else their part inside the box)."""
        x0, y0, x1, y1 = (max(0, round(v * self.scale)) for v in box)
        if whole:
            count, labels, stats, _ = cv2.connectedComponentsWithStats(self.ink, connectivity=8)
            inside = set(np.unique(labels[y0:y1, x0:x1])) - {0}
            return [(int(stats[i, 2]), int(stats[i, 3])) for i in inside
                    if max(stats[i, 2], stats[i, 3]) >= min_size * self.scale]
        count, _, stats, _ = cv2.connectedComponentsWithStats(self._crop(box), connectivity=8)
        return [(int(w), int(h)) for _x, _y, w, h, _a in stats[1:count] if max(w, h) >= min_size * self.scale]

    def column_runs(self, box: BBox) -> list[tuple[float, float]]:
        """(x0, x1) of the runs of pixel columns with dark ink inside ``box``, gaps of any width kept."""
        crop = self._crop(box, self.dark)
        if crop.size == 0:
            return []
        runs = _runs(crop.sum(axis=0) >= 1, 0)
        return [(box[0] + a / self.scale, box[0] + b / self.scale) for a, b in runs]


def _runs(flags: np.ndarray, join: float) -> list[tuple[int, int]]:
    """[start, end) of the True runs of ``flags``; runs at most ``join`` apart become one."""
    runs: list[tuple[int, int]] = []
    padded = np.concatenate(([False], flags.astype(bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    for start, end in zip(edges[::2], edges[1::2], strict=False):
        if runs and start - runs[-1][1] <= join:
            runs[-1] = (runs[-1][0], int(end))
        else:
            runs.append((int(start), int(end)))
    return runs
