"""Tables without a usable ruled grid, read from OCR boxes by the columns the template predicts.

Contract: ``read_column_tables(boxes, reader, ...)`` takes the OCR boxes of one deskewed page image
(text, confidence, box in points) and returns, for each table whose header it can match to a
template (``SPECS``: table 三's 7 applicant columns + 总计, or 8 with a 小计 column; table 四's 15;
table 二's sub-tables), a ``Grid`` and the indices of the boxes it took. The header's column
positions come from its words, wrapped ones stacked (a box holding two columns' words is cut at
its widest gap of ink, only when that gap stands out); value boxes are clustered into rows by y
and into columns by x against those positions, and rows OCR missed whole are found by their ink.
A slot with no box is blank only when it shows no mark (``reader``); a mark is read again from the
slot's crop, "?" (unreadable) when that finds nothing. Values read with little confidence are read
again and keep the lower confidence when the readings differ.

Never a guess: a box that falls between two columns, or is wider than its column, leaves its row
to the line-by-line reading (the row's values in reading order, so the mapping finds too few or
too many and reports COLUMN-COUNT); a header whose columns do not match a template layout leaves
the whole table to the lines. Every span keeps its OCR confidence and its box in PDF points
(``to_page``). A table running off the bottom of the page hands its columns on (``carry``) to the
top of the next page, which has no header of its own.

Modules: ``boxes`` (the input types), ``header`` (header words → template columns), ``rows`` (the
body cut into rows), ``cells`` (rows → grid cells, empty and doubtful slots read again).
"""

from __future__ import annotations

from collections.abc import Callable

from ...document import BBox, Grid
from .boxes import SlotReader, TextBox
from .cells import build_grid
from .header import Columns, find_headers
from .rows import ROW_SLACK, table_body

__all__ = ["Columns", "SlotReader", "TextBox", "read_column_tables"]


def read_column_tables(
    boxes: list[TextBox],
    reader: SlotReader,
    page: int,
    to_page: Callable[[BBox], BBox],
    page_margins: tuple[float, float] | None = None,
    carry: Columns | None = None,
) -> tuple[list[tuple[Grid, set[int]]], Columns | None]:
    """Grids of the tables found, with the boxes each took, and the columns of a table that runs
    off the bottom of the page (for the next page), if any. Boxes above ``page_margins[0]`` or
    below ``page_margins[1]`` (running headers, page numbers) are never table text."""
    top_margin, bottom_margin = page_margins or (float("-inf"), float("inf"))
    usable = [i for i, b in enumerate(boxes) if top_margin < b.cy and b.box[1] < bottom_margin]
    headers = find_headers(boxes, usable, reader)
    starts: list[tuple[float, Columns, set[int]]] = [(c.header_box[3], c, band) for c, band in headers]
    first_box = min((boxes[i].box[1] for i in usable), default=None)
    first_header = min((c.header_box[1] for c, _ in headers), default=float("inf"))
    if carry is not None and first_box is not None and first_box < first_header:
        starts.append((first_box - ROW_SLACK, carry, set()))
    starts.sort(key=lambda start: start[0])
    results: list[tuple[Grid, set[int]]] = []
    open_columns: Columns | None = None
    claimed: set[int] = set().union(*(band for _, _, band in starts))
    for index, (top, columns, band) in enumerate(starts):
        limit = starts[index + 1][1].header_box[1] if index + 1 < len(starts) else float("inf")
        body, ended = table_body(boxes, usable, columns, top, limit, claimed)
        grid, taken = build_grid(boxes, body, columns, band, reader, page, to_page)
        if grid is None:
            continue
        claimed |= taken
        results.append((grid, taken))
        if not ended:
            open_columns = columns
    return results, open_columns
