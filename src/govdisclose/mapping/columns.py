"""Placing a text line's values under the header words above them (tables without rules).

A header's columns are x-ranges: from each header word's centre halfway to its neighbours' (and
as far again beyond the outer ones). ``place_by_x`` puts each value word in the range its centre
falls in; counting values stays the fallback wherever the header does not decide.
"""

from __future__ import annotations

from ..document import Span
from ..normalize import label_key
from ..table_rows import Row

AMBIGUOUS = object()  # two printed values stand under one header cell
STACK_TOLERANCE = 6.0  # points between the centres of a header's pieces on successive lines


def header_lines(rows: list[Row]) -> list[list[tuple[str, float]]]:
    """(label_key, x centre) of the boxed words of each text line above the first row with numbers."""
    lines: list[list[tuple[str, float]]] = []
    for row in rows:
        if not row.from_line or row.has_numbers():
            break
        lines.append([(label_key(w.text), (w.bbox[0] + w.bbox[2]) / 2)
                      for w in row.cells if w is not None and w.bbox is not None and w.text.strip()])
    return lines


def stacked_centres(lines: list[list[tuple[str, float]]], label: str) -> list[float]:
    """The x centre of every place ``label`` is printed: whole on one line, or in pieces on
    successive lines when a narrow column wraps it (``自然`` / ``人``)."""
    centres = []
    for start, line in enumerate(lines):
        for text, centre in line:
            if not text or not label.startswith(text):
                continue
            read, below = text, start + 1
            while read != label and below < len(lines):
                piece = next((t for t, x in lines[below] if abs(x - centre) <= STACK_TOLERANCE
                              and label.startswith(read + t)), None)
                if piece is None:
                    break
                read, below = read + piece, below + 1
            if read == label:
                centres.append(centre)
    return centres


def ranges_of(centres: list[float]) -> list[tuple[float, float]] | None:
    """Column x-ranges from header centres in printed order; None unless they run left to right."""
    if len(centres) < 2 or centres != sorted(centres) or len(set(centres)) < len(centres):
        return None
    cuts = [centres[0] - (centres[1] - centres[0]) / 2,
            *((a + b) / 2 for a, b in zip(centres, centres[1:], strict=False)),
            centres[-1] + (centres[-1] - centres[-2]) / 2]
    return list(zip(cuts, cuts[1:], strict=False))


def place_by_x(row: Row, ranges: list[tuple[float, float]],
               boxes: list[tuple[float, float]] | None = None) -> list | None:
    """Each range's value of a text line: the value word under it, ``AMBIGUOUS`` for two, and for
    none a blank cell (nothing printed there; its box spans ``boxes`` or the range). None (count
    instead) when the row is not a line, a value has no box or falls in no range, or when OCR'd
    words leave a range empty: OCR may have missed the ink, so no blank is inferred from it."""
    values = [v for v in row.values if v.text.strip()]
    if not row.from_line or not values or any(v.bbox is None for v in values):
        return None
    under: list[list[Span]] = [[] for _ in ranges]
    for value in values:
        centre = (value.bbox[0] + value.bbox[2]) / 2
        index = next((i for i, (left, right) in enumerate(ranges) if left <= centre < right), None)
        if index is None:
            return None
        under[index].append(value)
    if any(not found for found in under) and any(v.confidence is not None for v in values):
        return None
    _, top, _, bottom = values[0].bbox
    page = values[0].page
    return [AMBIGUOUS if len(found) > 1 else found[0] if found else Span("", page, (x0, top, x1, bottom))
            for found, (x0, x1) in zip(under, boxes or ranges, strict=True)]
