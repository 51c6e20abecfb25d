"""Table rows from grids and from lines: label cells on the left, value cells on the right.

Every source's table comes here as ``Row`` objects (``table_rows``, shared with the sources), so
the table mappers never see formats; ``fit_values`` places a row's values on a table's columns.
"""

from __future__ import annotations

import regex

from ..document import Grid, Span, TextLine
from ..table_rows import Row, is_value_like

HAN = regex.compile(r"\p{Han}")


def rows_of_grid(grid: Grid, block: int) -> list[Row]:
    """Split each grid row at the trailing run of value-like cells (merged ``None`` skipped)."""
    rows = []
    for cells in grid.rows:
        present = list(cells)
        while present and present[-1] is None:
            present.pop()
        split = len(present)
        while split > 0 and present[split - 1] is not None and is_value_like(present[split - 1].text):
            split -= 1
        labels = [c.text.replace("\n", "") for c in present[:split] if c is not None and c.text]
        values = [c for c in present[split:] if c is not None]
        rows.append(Row(labels, values, block, list(cells)))
    return rows


def row_of_line(line: TextLine, block: int) -> Row:
    """A text line read as a row: leading words are the label, trailing value-like words values."""
    words = line.words or [Span(w, line.page) for w in line.text.split()]
    split = len(words)
    while split > 0 and is_value_like(words[split - 1].text):
        split -= 1
    labels = [w.text for w in words[:split]]
    return Row(labels, list(words[split:]), block, list(words), from_line=True)


def header_indices(rows: list[Row], labels: dict[str, str]) -> dict[int, tuple[int, frozenset[int]]]:
    """By grid block: the width of its header rows (the rows before its first row with numbers)
    and the grid indices a header cell naming a column stands over (a merged cell's span
    included). ``labels`` maps label keys (Han characters only) to columns; a block is kept only
    when its header names every one of those columns, so that its cells' indices can be trusted
    (an OCR'd grid whose header pieces are misaligned is not)."""
    found: dict[int, tuple[int, set[int], set[str]]] = {}
    done: set[int] = set()
    for row in rows:
        if row.from_line or row.block in done:
            continue
        if row.has_numbers():
            done.add(row.block)
            continue
        width, named, columns = found.setdefault(row.block, (len(row.cells), set(), set()))
        if len(row.cells) != width:
            continue
        column = None  # the column the cell spanning this index names
        for index, cell in enumerate(row.cells):
            if cell is not None:
                column = labels.get("".join(HAN.findall(cell.text)))
            if column is not None:
                named.add(index)
                columns.add(column)
    wanted = set(labels.values())
    return {block: (width, frozenset(named)) for block, (width, named, columns) in found.items()
            if columns == wanted}


def named_positions(row: Row, headers: dict[int, tuple[int, frozenset[int]]]) -> frozenset[int]:
    """Positions in ``row.values`` that stand under a named header cell of the row's grid."""
    width, named = headers.get(row.block, (-1, frozenset()))
    if row.from_line or len(row.cells) != width:
        return frozenset()
    index_of = {id(cell): i for i, cell in enumerate(row.cells) if cell is not None}
    return frozenset(p for p, v in enumerate(row.values) if index_of.get(id(v)) in named)


def fit_values(values: list[Span], expected: int, named: frozenset[int] = frozenset()) -> list[Span] | None:
    """The row's values when they can be placed on ``expected`` columns, else ``None``.

    Extra blank cells at either end are padding (tab dumps, trailing pipes) and are dropped
    when exactly one way of dropping them leaves ``expected`` cells, and none of them stands
    under a named header cell (positions ``named``, ``named_positions``): such a blank is a
    printed column, so the row cannot be placed. Fewer values than columns cannot be placed
    without positions: ``None``.
    """
    extra = len(values) - expected
    if extra == 0:
        return values
    if extra < 0:
        return None
    leads = [lead for lead in range(extra + 1)
             if all(not v.text.strip() for v in values[:lead] + values[lead + expected:])]
    distinct = {tuple(v.text.strip() for v in values[lead: lead + expected]) for lead in leads}
    if len(distinct) != 1:
        return None
    clean = [lead for lead in leads if not named & {*range(lead), *range(lead + expected, len(values))}]
    return values[clean[0]: clean[0] + expected] if clean else None
