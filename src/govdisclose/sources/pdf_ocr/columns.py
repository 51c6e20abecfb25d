"""Tables without a ruled grid on an OCR'd image, handed to ``ocr_columns`` with this page's eyes.

Contract: ``column_tables(gray, boxes, taken, frame, page, carry)`` returns the grids
``ocr_columns.read_column_tables`` finds among the boxes (their indices added to ``taken``);
``carry`` maps a page number to the columns of a table that ran off its bottom (full pages only),
and boxes in the top and bottom ``MARGIN_SHARE`` of a full page are never table text.
``_SlotReader`` answers ``ocr_columns.SlotReader`` from the deskewed grey image: ink marks
(``image_table.InkMask``) and readings of slot crops (a lone flat bar read as nothing or a dash is
the dash it looks like).
"""

from __future__ import annotations

import numpy as np

from ...document import BBox, Grid
from ..image_table import InkMask
from ..ocr_columns import TextBox, read_column_tables
from .cells import DASHES, MIN_MARK, crop_box, is_bar
from .engine import OcrBox, ocr_engine, recognise
from .orientation import Frame, to_points

# Share of the page height at the top and bottom where running headers and page numbers stand
# (kept out of tables).
MARGIN_SHARE = 0.09


def column_tables(gray, boxes: list[OcrBox], taken: set[int], frame: Frame, page: int,
                  carry: dict | None) -> list[Grid]:
    """Tables without a ruled grid, read by ``ocr_columns``; their boxes are added to ``taken``.
    ``carry`` holds the columns of a table that ran off the previous page (full pages only)."""
    scale = frame.scale
    text_boxes = [TextBox(b.text, b.score, to_points(b.box, scale)) for b in boxes]
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
        crops = [crop_box(self.gray, slots[i][1], self.scale) for i in marked]
        for i, (text, score) in zip(marked, recognise(ocr_engine("crop"), crops), strict=True):
            text = DASHES.get(text, text)
            if text in ("", "—") and is_bar(self.ink.marks(slots[i][1], MIN_MARK, whole=True), self.scale):
                readings[i] = ("—", None)
            else:
                readings[i] = (text, score) if text else ("?", 0.0)
        return readings

    def read_again(self, crop: BBox) -> tuple[str, float | None]:
        (text, score), = recognise(ocr_engine("crop"), [crop_box(self.gray, crop, self.scale)])
        return DASHES.get(text, text), score

    def ink_rows(self, slots: list[BBox]) -> list[tuple[float, float]]:
        return self.ink.row_runs(slots)

    def ink_columns(self, box: BBox) -> list[tuple[float, float]]:
        return self.ink.column_runs(box)
