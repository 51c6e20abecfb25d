"""Tables that run over page breaks, joined back into one grid (every paged source: text and OCR).

Contract: ``continue_tables(blocks)`` returns the blocks with every grid that continues the
grid ending the previous page appended to it. A continuation is the first block of its page,
right after a grid ending the page before, with as many columns (or the grid before is one
caption row) and the same left and right edges (within ``COLUMN_TOLERANCE`` points; OCR grids
of a tilted scan within ``TILT_TOLERANCE``) and width (within ``COLUMN_TOLERANCE``, measured
square to the rules: a tilted table's bbox grows with its height, ``Grid.square_width``). Its header
rows that repeat the table's first rows are dropped, and a row cut in two by the break is joined
back when the evidence says so. Always required: no row label starts in the first row after the
break (``（二）…``, ``3.…``: a row of its own), no column holds a value on both sides of the break,
and no value stands under a cell merged down from above (it would move up a row). Then either the
table's rules run open into the page foot (``Grid.open_bottom``), or the last row before the break
starts a row label (``1.信``) and the first row after it holds that label's tail. Labels are
matched on folded text (``codepoints.fold``: Chromium prints ``（⼆）``). Cells keep their own page
and box; text is never guessed, only joined.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from .codepoints import fold
from .document import Block, Grid, Span
from .normalize import label_key
from .table_rows import is_value_like

COLUMN_TOLERANCE = 3.0
# Scanned pages (OCR grids) keep the tilt of the scan: a table's edges at the foot of one page and
# the top of the next lie up to this far apart (±1° over a page), its width still within COLUMN_TOLERANCE.
TILT_TOLERANCE = 12.0
# A row label starts with 一、 / （一） / 1. ; the tail of a label cut by a page break does not.
_NUMERAL = "[一二三四五六七八九十]"
LABEL_START = regex.compile(rf"^\s*(?:{_NUMERAL}\s*[、.．]|[（(]\s*{_NUMERAL}\s*[)）]|\d{{1,2}}\s*[.、．])")


def continue_tables(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if isinstance(block, Grid) and isinstance(previous, Grid) and _continues(previous, block):
            result[-1] = _joined(previous, block)
        else:
            result.append(block)
    return result


def _continues(first: Grid, second: Grid) -> bool:
    if first.page is None or second.page is None or second.page != _last_page(first) + 1:
        return False
    if _width(first) not in (1, _width(second)) or first.bbox is None or second.bbox is None:
        return False  # one column: a caption row left at the page foot
    edges = TILT_TOLERANCE if first.engine == second.engine == "ocr" else COLUMN_TOLERANCE
    return (abs(first.bbox[0] - second.bbox[0]) <= edges and abs(first.bbox[2] - second.bbox[2]) <= edges
            and abs(_table_width(first) - _table_width(second)) <= COLUMN_TOLERANCE)


def _table_width(grid: Grid) -> float:
    """Points between the table's side rules (``bbox`` set): square to them on a tilted scan."""
    return grid.square_width if grid.square_width is not None else grid.bbox[2] - grid.bbox[0]


def _last_page(grid: Grid) -> int:
    pages = [cell.page for row in grid.rows for cell in row if cell is not None and cell.page is not None]
    return max(pages, default=grid.page or 0)


def _width(grid: Grid) -> int:
    return max((len(row) for row in grid.rows), default=0)


def _joined(first: Grid, second: Grid) -> Grid:
    rows = second.rows[_repeated_header(first, second):]
    head = [list(row) for row in first.rows]
    if rows and head and _cut_row(first, head[-1], rows[0]):
        head[-1] = _join_row(head, rows[0])
        rows = rows[1:]
    return replace(first, rows=head + [list(row) for row in rows], open_bottom=second.open_bottom)


def _texts(row: list[Span | None]) -> list[str | None]:
    return [None if cell is None else label_key(cell.text) for cell in row]


def _repeated_header(first: Grid, second: Grid) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first`` (a repeated header):
    the same texts in the same order, empty cells aside (a page image may split off an empty one)."""
    count = 0
    while (count < min(len(first.rows), len(second.rows)) - 1
           and any(_texts(first.rows[count]))
           and _filled(first.rows[count]) == _filled(second.rows[count])):
        count += 1
    return count


def _filled(row: list[Span | None]) -> list[str]:
    return [text for text in _texts(row) if text]


def _is_value(text: str) -> bool:
    """A printed value (the mappers' notion: digits, ``/``, ``无``, ``5万元``); blank is not one."""
    return bool(text.strip()) and is_value_like(fold(text))


def _starts_label(text: str) -> bool:
    return bool(LABEL_START.match(fold(text)))


def _cut_row(first: Grid, last: list[Span | None], following: list[Span | None]) -> bool:
    """Whether ``following`` (first row after the break) is the rest of ``last`` (last row before it)."""
    labels = [c.text for c in following if c is not None and c.text.strip() and not _is_value(c.text)]
    if any(_starts_label(text) for text in labels):
        return False  # a row of its own, whatever the rules say
    for index, after in enumerate(following):
        if after is None or not _is_value(after.text):
            continue
        before = last[index] if index < len(last) else None
        if before is None:
            return False  # a value under a merged cell: joining would move it up a row
        if _is_value(before.text):
            return False  # values on both sides: two rows, not one cut in two
    if first.open_bottom:
        return True
    if not labels:
        return False
    return any(_starts_label(c.text) for c in last if c is not None and not _is_value(c.text))


def _join_row(head: list[list[Span | None]], following: list[Span | None]) -> list[Span | None]:
    """The last row of ``head`` with the texts of ``following`` appended cell by cell; a text
    below a merged cell joins the cell above it (the one reaching down to the break)."""
    last = head[-1]
    joined = list(last)
    for index, after in enumerate(following):
        if after is None or not after.text.strip():
            continue
        before = last[index] if index < len(last) else None
        if before is not None:
            joined[index] = _append(before, after)
            continue
        for row in reversed(head[:-1]):  # a cell merged down from an earlier row
            if index < len(row) and row[index] is not None:
                row[index] = _append(row[index], after)
                break
    return joined


def _append(before: Span, after: Span) -> Span:
    if not before.text.strip():
        return after
    printed = None
    if before.printed is not None or after.printed is not None:
        printed = (before.printed or before.text) + "\n" + (after.printed or after.text)
    return replace(before, text=before.text + "\n" + after.text, printed=printed)
