"""Table 四 → ``review_litigation`` cells: 15 numbers by position, or three labelled rows of 5.

A line of numbers under a header read as text lines with boxes (no rules) is placed by the
x-extents of the 15 column headers (a blank cell where nothing stands under one); counting
positions is the fallback.

A row of five takes its group from its own label or, when it has none, from a caption line
right above it (converters print ``### 行政诉讼（未经复议直接起诉）`` then a five-column table).
"""

from __future__ import annotations

from ..catalogue import review_litigation as catalogue
from ..model import Finding, StatTable
from ..normalize import label_key
from ..table_rows import Row
from .cells import make_cell
from .columns import extent, header_lines, header_ranges, place_by_x, placed_cells, stacked_headers
from .rows import fit_values

TABLE = "review_litigation"
WIDTH = len(catalogue.POSITIONS)
GROUP_SIZE = len(catalogue.COLUMNS)


def map_review_litigation(rows: list[Row]) -> tuple[StatTable, list[Finding], set[int]]:
    table = StatTable()
    findings: list[Finding] = []
    used: set[int] = set()
    caption: str | None = None  # a group named on its own line above its five numbers
    ranges = position_ranges(rows)
    for row in rows:
        if not row.has_numbers():
            caption = _labelled_row(row) or caption
            continue
        placed = place_by_x(row, ranges) if ranges and not table.rows else None
        if placed is not None:
            _placed_row(table, row, placed, findings)
            used.add(row.block)
            continue
        values = fit_values(row.values, WIDTH)
        if values is not None and not table.rows:
            for (row_key, column), span in zip(catalogue.POSITIONS, values, strict=False):
                table.rows.setdefault(row_key, {})[column] = make_cell(span)
            for row_key, label in catalogue.ROWS.items():
                table.row_labels[row_key] = label
            used.add(row.block)
            continue
        labelled = _labelled_row(row) or (caption if not row.label else None)
        caption = None
        if labelled and labelled not in table.rows and fit_values(row.values, GROUP_SIZE):
            table.rows[labelled] = {
                column: make_cell(span)
                for column, span in zip(catalogue.COLUMNS, fit_values(row.values, GROUP_SIZE), strict=False)
            }
            table.row_labels[labelled] = row.label or catalogue.ROWS[labelled]
            used.add(row.block)
            continue
        findings.append(Finding(
            rule="COLUMN-COUNT", severity="error",
            message=f"table 四: a row of {len(row.values)} values "
                    f"({' '.join(v.text for v in row.values)!r}) fits neither 15 positions nor a labelled row of 5",
        ))
    return table, findings, used


def _labelled_row(row: Row) -> str | None:
    key = label_key(row.label)
    for label, row_key in catalogue.CAPTIONS:
        if key.endswith(label) or key == label:
            return row_key
    return None


def position_ranges(rows: list[Row]) -> list[tuple[float, float]] | None:
    """The x-ranges of the 15 positions, when the header lines print the five column labels
    three times over, left to right in template order (``columns.header_ranges``)."""
    lines = header_lines(rows)
    found = sorted((extent(stack), column) for column, label in catalogue.COLUMNS.items()
                   for stack in stacked_headers(lines, label_key(label)))
    if [column for _, column in found] != [column for _, column in catalogue.POSITIONS]:
        return None
    return header_ranges([x for x, _ in found])


def _placed_row(table: StatTable, row: Row, placed: list, findings: list[Finding]) -> None:
    paths = [f"{TABLE}/{row_key}/{column}" for row_key, column in catalogue.POSITIONS]
    cells, found = placed_cells(row, placed, paths)
    findings += found
    for (row_key, column), cell in zip(catalogue.POSITIONS, cells, strict=True):
        table.rows.setdefault(row_key, {})[column] = cell
    for row_key, label in catalogue.ROWS.items():
        table.row_labels[row_key] = label
