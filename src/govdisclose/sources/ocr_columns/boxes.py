"""What the borderless-table reader works on: ``TextBox`` (one OCR box of a deskewed page image,
in points) and ``SlotReader`` (what the page image can tell about a place on it: marks, a reading
of a crop, runs of ink). The OCR pass (``pdf_ocr``) provides both; tests provide fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ...document import BBox


@dataclass
class TextBox:
    """One OCR box: text, confidence, box in deskewed points."""

    text: str
    score: float
    box: BBox

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


class SlotReader(Protocol):
    """What the page image tells about a slot (deskewed points)."""

    def read_empty(self, core: BBox, crop: BBox) -> tuple[str, float | None]:
        """("", None) when ``core`` shows no mark, else the reading of ``crop`` ("?" when unreadable)."""

    def read_empties(self, slots: list[tuple[BBox, BBox]]) -> list[tuple[str, float | None]]:
        """``read_empty`` of many (core, crop) pairs at once."""

    def read_again(self, crop: BBox) -> tuple[str, float | None]:
        """A second reading of a slot's text from its own crop."""

    def ink_rows(self, slots: list[BBox]) -> list[tuple[float, float]]:
        """(top, bottom) of the runs of ink over the union of ``slots`` (all the same height)."""

    def ink_columns(self, box: BBox) -> list[tuple[float, float]]:
        """(x0, x1) of the runs of inked pixel columns inside ``box``, left to right."""
