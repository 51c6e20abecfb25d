"""The intermediate Document every source adapter produces: ordered text lines and table grids.

Adapters know one file format and nothing about reports; recognisers know reports and nothing
about formats. Coordinates are PDF points on a 1-based page (``bbox = (x0, top, x1, bottom)``);
sources without geometry leave them ``None`` and may give an element path instead. Words of a
``pdftotext -layout`` text dump are boxed in character columns and line numbers, with ``page``
None (``sources/text.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["pdf_text", "ocr", "html", "docx", "text"]
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Span:
    """One piece of text with where it was found."""

    text: str
    page: int | None = None
    bbox: BBox | None = None
    path: str | None = None  # element path for HTML/DOCX sources
    confidence: float | None = None  # OCR confidence of the text (0..1); None for text layers
    printed: str | None = None  # the text as printed, where normalisation changed it (codepoints.py)

    @property
    def page_bbox(self) -> BBox | None:
        """The box in PDF points on ``page``, as cells report it; None for a box without a page
        (a layout text dump's character columns place values, they are not points)."""
        return self.bbox if self.page is not None else None


@dataclass
class TextLine:
    """A line of running text (or a table row read as text when no grid was found).

    ``words`` keeps the tokens with their boxes so that a line read as a table row still has
    provenance per cell; ``x0`` and ``size`` help tell headings from body text.
    """

    text: str
    page: int | None = None
    bbox: BBox | None = None
    words: list[Span] = field(default_factory=list)
    size: float | None = None
    path: str | None = None  # element path of the line's block for HTML/DOCX sources


@dataclass
class Grid:
    """A table as found: rows of cells; ``None`` marks a cell covered by a merged neighbour."""

    rows: list[list[Span | None]]
    page: int | None = None
    bbox: BBox | None = None
    engine: str = ""
    # A page break cut the table at its foot: its rules run on past the edge with no rule closing
    # them (page_breaks.py joins the row cut there).
    open_bottom: bool = False
    # The table's width measured square to its rules (points), where ``bbox`` is wider than that:
    # an OCR grid of a tilted scan, whose bbox encloses the tilted table and so grows by about its
    # height × sin(tilt). page_breaks compares this width across a break. None: the bbox's width.
    square_width: float | None = None


Block = TextLine | Grid


@dataclass
class Document:
    """What a source adapter hands to recognition."""

    source: SourceKind
    blocks: list[Block]
    page_count: int | None = None
    sha256: str = ""
    path: str = ""
    # Metadata a source carries outside the body (crawler headers, PDF info); free-form.
    info: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]
