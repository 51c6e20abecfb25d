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
from .cells import make_cell, unreadable_cell
from .columns import extent, header_lines, header_ranges, place_by_x, placed_cells, stacked_headers
from .rows import fit_values, header_indices, named_positions

TABLE = "review_litigation"
WIDTH = len(catalogue.POSITIONS)
GROUP_SIZE = len(catalogue.COLUMNS)


def map_review_litigation(rows: list[Row]) -> tuple[StatTable, list[Finding], set[int]]:
    table = StatTable()
    findings: list[Finding] = []
    used: set[int] = set()
    caption: str | None = None  # a group named on its own line above its five numbers
    ranges, positions = position_ranges(rows)
    swapped = swapped_grid_headers(rows)
    headers = header_indices(rows, {label: column for column, label in catalogue.COLUMNS.items()})
    for row in rows:
        if not row.has_numbers():
            caption = _labelled_row(row) or caption
            continue
        if ranges is None and positions is not None and not table.rows:  # labels out of order
            _column_order(table, row, list(catalogue.ROWS), findings)
            used.add(row.block)
            continue
        placed = place_by_x(row, ranges) if ranges and not table.rows else None
        if placed is not None:
            _placed_row(table, row, placed, findings, positions)
            used.add(row.block)
            continue
        if row.block in swapped:
            first = min(i for i, _ in swapped[row.block])  # the label is what stands left of the header
            label = Row([c.text for c in row.cells[:first] if c is not None and c.text.strip()], [], row.block)
            labelled = _labelled_row(label) or (caption if not label.label else None)
            caption = None
            _swapped_row(table, row, swapped[row.block], labelled, findings)
            used.add(row.block)
            continue
        named = named_positions(row, headers)
        values = fit_values(row.values, WIDTH, named)
        if values is not None and not table.rows:
            for (row_key, column), span in zip(catalogue.POSITIONS, values, strict=False):
                table.rows.setdefault(row_key, {})[column] = make_cell(span)
            for row_key, label in catalogue.ROWS.items():
                table.row_labels[row_key] = label
            used.add(row.block)
            continue
        labelled = _labelled_row(row) or (caption if not row.label else None)
        caption = None
        fitted = fit_values(row.values, GROUP_SIZE, named)
        if labelled and labelled not in table.rows and fitted:
            table.rows[labelled] = {
                column: make_cell(span)
                for column, span in zip(catalogue.COLUMNS, fitted, strict=False)
            }
            table.row_labels[labelled] = row.label or catalogue.ROWS[labelled]
            used.add(row.block)
            continue
        findings.append(Finding(
            rule="COLUMN-COUNT", severity="error",
            message=f"table 四: a row of {len(row.values)} values "
                    f"({' '.join(v.text for v in row.values)!r}) fits neither 15 positions nor a labelled row of 5",
        ))
    for cells in table.rows.values():  # template column order, whatever order they were printed in
        ordered = {column: cells[column] for column in catalogue.COLUMNS if column in cells}
        cells.clear()
        cells.update(ordered)
    return table, findings, used


def _labelled_row(row: Row) -> str | None:
    key = label_key(row.label)
    for label, row_key in catalogue.CAPTIONS:
        if key.endswith(label) or key == label:
            return row_key
    return None


Positions = list[tuple[str, str]]


def position_ranges(rows: list[Row]) -> tuple[list[tuple[float, float]] | None, Positions | None]:
    """The x-ranges of the 15 positions and the (row, column) each stands for, left to right,
    when the header lines print the five column labels three times over, each group of five in
    any order (``columns.header_ranges``). Labels found out of template order that do not make
    three such groups give (None, template positions): the columns cannot be known."""
    lines = header_lines(rows)
    found = sorted((extent(stack), column) for column, label in catalogue.COLUMNS.items()
                   for stack in stacked_headers(lines, label_key(label)))
    printed = [column for _, column in found]
    template = [column for _, column in catalogue.POSITIONS]
    groups = [printed[i:i + GROUP_SIZE] for i in range(0, len(printed), GROUP_SIZE)]
    if len(printed) == WIDTH and all(sorted(g) == sorted(catalogue.COLUMNS) for g in groups):
        positions = [(row_key, column) for row_key, group in zip(catalogue.ROWS, groups, strict=True)
                     for column in group]
        return header_ranges([x for x, _ in found]), positions
    return None, (list(catalogue.POSITIONS) if _out_of_order(printed, template) else None)


def _out_of_order(printed: list[str], template: list[str]) -> bool:
    """Whether header labels were found in an order the template's cannot give (not a
    subsequence of it): some column is printed before one the template puts first."""
    remaining = iter(template)
    return not all(any(column == t for t in remaining) for column in printed)


def swapped_grid_headers(rows: list[Row]) -> dict[int, list[tuple[int, str]]]:
    """Grid blocks whose header row prints the five column labels once or more, each five in
    another order than the template's: the (grid index, column) of each label cell, left to right.
    (A header whose labels do not make whole groups of five is left to counting, as before.)"""
    swapped: dict[int, list[tuple[int, str]]] = {}
    by_label = {label_key(label): column for column, label in catalogue.COLUMNS.items()}
    for row in rows:
        if row.from_line or row.has_numbers() or row.block in swapped:
            continue
        labelled = [(i, by_label[label_key(c.text)]) for i, c in enumerate(row.cells)
                    if c is not None and label_key(c.text) in by_label]
        printed = [column for _, column in labelled]
        groups = [printed[i:i + GROUP_SIZE] for i in range(0, len(printed), GROUP_SIZE)]
        if printed and all(sorted(g) == sorted(catalogue.COLUMNS) for g in groups) \
                and any(g != list(catalogue.COLUMNS) for g in groups):
            swapped[row.block] = labelled
    return swapped


def _swapped_row(table: StatTable, row: Row, header: list[tuple[int, str]], labelled: str | None,
                 findings: list[Finding]) -> None:
    """A row under a grid header printed out of template order, read by each value's header cell:
    15 positions under three groups of the five labels, or a labelled row under the five. Any
    other shape, or a value under no label cell, is unreadable (COLUMN-ORDER)."""
    indices = {i for i, _ in header}
    printed_elsewhere = any(c is not None and c.text.strip() and i not in indices
                            and i >= min(indices) for i, c in enumerate(row.cells))
    columns = [c for _, c in header]
    groups = [columns[i:i + GROUP_SIZE] for i in range(0, len(columns), GROUP_SIZE)]
    whole = all(sorted(g) == sorted(catalogue.COLUMNS) for g in groups)
    if row.from_line or printed_elsewhere or not whole or any(row.cells[i] is None for i in indices
                                                              if i < len(row.cells)) \
            or max(indices) >= len(row.cells):
        _column_order(table, row, [labelled] if labelled and len(groups) == 1 else list(catalogue.ROWS), findings)
        return
    if len(groups) == len(catalogue.ROWS) and not table.rows:
        keys = [(row_key, column) for row_key, group in zip(catalogue.ROWS, groups, strict=True) for column in group]
    elif len(groups) == 1 and labelled and labelled not in table.rows:
        keys = [(labelled, column) for column in groups[0]]
        table.row_labels[labelled] = row.label or catalogue.ROWS[labelled]
    else:
        _column_order(table, row, [labelled] if labelled else list(catalogue.ROWS), findings)
        return
    for (row_key, column), (index, _) in zip(keys, header, strict=True):
        table.rows.setdefault(row_key, {})[column] = make_cell(row.cells[index])
    for row_key in {k for k, _ in keys}:
        table.row_labels.setdefault(row_key, catalogue.ROWS[row_key])


def _column_order(table: StatTable, row: Row, row_keys: list[str], findings: list[Finding]) -> None:
    """The rows a row of numbers would fill are unreadable: the header's column order is not the
    template's and cannot be read cell by cell."""
    raw = " ".join(v.text for v in row.values)
    for row_key in row_keys:
        if row_key in table.rows:
            continue
        table.rows[row_key] = {column: unreadable_cell(raw, row.values[0] if row.values else None)
                               for column in catalogue.COLUMNS}
        table.row_labels[row_key] = catalogue.ROWS[row_key]
    findings.append(Finding(rule="COLUMN-ORDER", severity="error",
                            cells=[f"{TABLE}/{row_key}" for row_key in row_keys],
                            message=f"table 四: the header prints its columns out of template order and "
                                    f"the values {raw!r} cannot be read by column"))


def _placed_row(table: StatTable, row: Row, placed: list, findings: list[Finding],
                positions: Positions | None = None) -> None:
    positions = positions or list(catalogue.POSITIONS)
    paths = [f"{TABLE}/{row_key}/{column}" for row_key, column in positions]
    cells, found = placed_cells(row, placed, paths)
    findings += found
    for (row_key, column), cell in zip(positions, cells, strict=True):
        table.rows.setdefault(row_key, {})[column] = cell
    for row_key, label in catalogue.ROWS.items():
        table.row_labels[row_key] = label
