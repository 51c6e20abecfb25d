"""Table rows from grids and from lines: label cells on the left, value cells on the right.

Every source's table comes here as ``Row`` objects (``table_rows``, shared with the sources), so
the table mappers never see formats; ``fit_values`` places a row's values on a table's columns.
"""

from __future__ import annotations

from ..document import Grid, Span, TextLine
from ..table_rows import Row, is_value_like


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


def fit_values(values: list[Span], expected: int) -> list[Span] | None:
    """The row's values when they can be placed on ``expected`` columns, else ``None``.

    Extra blank cells at either end are padding (tab dumps, trailing pipes) and are dropped
    when exactly one way of dropping them leaves ``expected`` cells; fewer values than columns
    cannot be placed without positions, so the answer is ``None``.
    """
    extra = len(values) - expected
    if extra == 0:
        return values
    if extra < 0:
        return None
    fits = [
        values[lead: lead + expected]
        for lead in range(extra + 1)
        if all(not v.text.strip() for v in values[:lead] + values[lead + expected:])
    ]
    distinct = {tuple(v.text.strip() for v in fit) for fit in fits}
    return fits[0] if len(distinct) == 1 else None
