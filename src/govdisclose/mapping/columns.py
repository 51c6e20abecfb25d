"""Placing a text line's values under the header words above them (tables without rules).

A header's columns are the x-extents of its words (``header_ranges``): a header wrapped in a
narrow column (``自然`` / ``人``) spans its pieces together. ``place_by_x`` puts a value word under
the one header it overlaps; a value in a gap between headers, or over two, is not placed by x, and
counting values stays the fallback wherever the header does not decide. ``placed_cells`` turns
the placement into cells, refusing a column that two values stand under. ``unplaced_values``
names the values under no header word; ``rows_by_page`` and ``lines_agree`` tell on which pages
of a table a header's ranges hold (a continuation page may be typeset elsewhere), and
``counted_rows_agree`` whether ranges in character columns (layout text) hold for a table's full
lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Span
from ..model import Cell, Finding
from ..normalize import label_key
from ..table_rows import Row
from .cells import make_cell, unreadable_cell

AMBIGUOUS = object()  # two printed values stand under one header cell
STACK_TOLERANCE = 6.0  # points between the centres of a header's pieces on successive lines


@dataclass(frozen=True)
class HeaderWord:
    """One boxed word of a header line: its label key, x-extent, and line number."""

    text: str
    x0: float
    x1: float
    line: int

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


Stack = tuple[HeaderWord, ...]  # the pieces of one printed header, top first


def header_lines(rows: list[Row]) -> list[list[HeaderWord]]:
    """The boxed words of each text line above the first row with numbers."""
    lines: list[list[HeaderWord]] = []
    for row in rows:
        if not row.from_line or row.has_numbers():
            break
        lines.append([HeaderWord(label_key(w.text), w.bbox[0], w.bbox[2], len(lines))
                      for w in row.cells if w is not None and w.bbox is not None and w.text.strip()])
    return lines


def row_page(row: Row) -> int | None:
    """The page a row is printed on (its first cell's), None when not known."""
    return next((c.page for c in row.cells if c is not None and c.page is not None), None)


def rows_by_page(rows: list[Row]) -> dict[int | None, list[Row]]:
    """A table's rows grouped by page, pages in printed order: ``header_lines`` of a page's rows
    is the header above the table's first row, or one reprinted atop a continuation page."""
    pages: dict[int | None, list[Row]] = {}
    for row in rows:
        pages.setdefault(row_page(row), []).append(row)
    return pages


def lines_agree(rows: list[Row], ranges: list[tuple[float, float]]) -> bool:
    """Whether the value lines of a page without its own header stand under x-ranges read on
    another page: every value word has a box and overlaps exactly one range, and every range
    has a value under it. A page typeset elsewhere fails (shifted by a column's pitch, values
    stand outside the ranges or the first or last range stays empty): its values are counted."""
    hit: set[int] = set()
    values = [v for row in rows if row.from_line for v in row.values if v.text.strip()]
    for value in values:
        if value.bbox is None:
            return False
        under = [i for i, (x0, x1) in enumerate(ranges) if value.bbox[0] < x1 and value.bbox[2] > x0]
        if len(under) != 1:
            return False
        hit.add(under[0])
    return bool(values) and len(hit) == len(ranges)


def counted_rows_agree(rows: list[Row], ranges: list[tuple[float, float]]) -> bool:
    """Whether x-ranges read in character columns (a layout text dump: boxes without a page,
    ``sources/text.py``) hold for a table's lines: every line printing one value per range has
    each value under its own range, as counting reads it. pdftotext squeezes or shifts columns
    where a page is typeset tighter (a table continued on the next page): where a full line
    does not stand under the header, no line of the table is placed by x (all are counted).
    True for boxes with a page (PDF points, exact)."""
    for row in rows:
        values = [v for v in row.values if v.text.strip()]
        if not row.from_line or len(values) != len(ranges) or any(v.bbox is None for v in values):
            continue
        if values[0].page is not None:
            return True
        placed = place_by_x(row, ranges)
        if placed is None or any(p is AMBIGUOUS for p in placed):
            return False
    return True


def stacked_headers(lines: list[list[HeaderWord]], label: str) -> list[Stack]:
    """Every place ``label`` (a label key) is printed: whole on one line, or in pieces on
    successive lines when a narrow column wraps it (``自然`` / ``人``), each as its pieces."""
    found = []
    for start, line in enumerate(lines):
        for word in line:
            if not word.text or not label.startswith(word.text):
                continue
            pieces, read, below = [word], word.text, start + 1
            while read != label and below < len(lines):
                piece = next((w for w in lines[below] if abs(w.centre - word.centre) <= STACK_TOLERANCE
                              and label.startswith(read + w.text)), None)
                if piece is None:
                    break
                pieces, read, below = [*pieces, piece], read + piece.text, below + 1
            if read == label:
                found.append(tuple(pieces))
    return found


def extent(stack: Stack) -> tuple[float, float]:
    """The x-extent a printed header covers, all its pieces together."""
    return min(w.x0 for w in stack), max(w.x1 for w in stack)


def header_ranges(extents: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """Column x-ranges from the x-extents of their header words in printed order: each column is
    its header's own extent. None unless they run left to right without overlapping."""
    if not extents or any(x0 >= x1 for x0, x1 in extents):
        return None
    if any(right > left for (_, right), (left, _) in zip(extents, extents[1:], strict=False)):
        return None
    return list(extents)


def unclaimed_words(lines: list[list[HeaderWord]], claimed: set[HeaderWord],
                    span: tuple[float, float]) -> list[HeaderWord]:
    """Header words centred within ``span`` (the table's columns) that belong to no known
    header: a printed column the reader does not recognise, which x-ranges would hide."""
    return [w for line in lines for w in line
            if w.text and span[0] <= w.centre <= span[1] and w not in claimed]


def unplaced_values(row: Row, ranges: list[tuple[float, float]]) -> list[Span]:
    """The printed value words of a text line with boxes that overlap no range: a value under a
    printed column the header reader did not see, or in a gap between headers. Empty for a row
    not read from a line or with a value without a box (x says nothing there)."""
    values = [v for v in row.values if v.text.strip()]
    if not row.from_line or any(v.bbox is None for v in values):
        return []
    return [v for v in values if not any(v.bbox[0] < x1 and v.bbox[2] > x0 for x0, x1 in ranges)]


def place_by_x(row: Row, ranges: list[tuple[float, float]]) -> list | None:
    """Each range's value of a text line: the value word under it, ``AMBIGUOUS`` for two, and for
    none a blank cell (nothing printed there; its box spans the range). None (count instead) when
    the row is not a line, a value has no box or does not overlap exactly one range (it stands in
    a gap between headers, or across two), or when OCR'd words leave a range empty: OCR may have
    missed the ink, so no blank is inferred from it."""
    values = [v for v in row.values if v.text.strip()]
    if not row.from_line or not values or any(v.bbox is None for v in values):
        return None
    under: list[list[Span]] = [[] for _ in ranges]
    for value in values:
        left, right = value.bbox[0], value.bbox[2]
        overlapped = [i for i, (x0, x1) in enumerate(ranges) if left < x1 and right > x0]
        if len(overlapped) != 1:
            return None
        under[overlapped[0]].append(value)
    if any(not found for found in under) and any(v.confidence is not None for v in values):
        return None
    _, top, _, bottom = values[0].bbox
    page = values[0].page
    return [AMBIGUOUS if len(found) > 1 else found[0] if found else Span("", page, (x0, top, x1, bottom))
            for found, (x0, x1) in zip(under, ranges, strict=True)]


def placed_cells(row: Row, placed: list, paths: list[str],
                 units: list[str | None] | None = None) -> tuple[list[Cell], list[Finding]]:
    """The cells of a row placed by its header (``place_by_x`` or grid spans), one per cell path
    (``units``: each column's money unit, if any), and findings: where two values stand under one
    header, that cell is unreadable with a COLUMN-COUNT finding, never one of them."""
    raw = " ".join(v.text for v in row.values)
    cells: list[Cell] = []
    findings: list[Finding] = []
    for span, path, unit in zip(placed, paths, units or [None] * len(paths), strict=True):
        if span is AMBIGUOUS:
            findings.append(Finding(rule="COLUMN-COUNT", severity="error", cells=[path],
                                    message=f"{path}: more than one value under its header ({raw!r})"))
            cells.append(unreadable_cell(raw, row.values[0] if row.values else None))
        else:
            cells.append(make_cell(span, unit))
    return cells, findings
