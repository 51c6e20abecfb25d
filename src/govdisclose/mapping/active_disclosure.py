"""Table 二 → ``active_disclosure`` cells: sub-table headers give the columns, labels the rows."""

from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from ..catalogue import active_disclosure as catalogue
from ..model import Cell, Finding, StatTable
from ..normalize import label_key
from ..table_rows import Row, is_value_like
from .cells import make_cell, unreadable_cell
from .columns import AMBIGUOUS, header_ranges, place_by_x, placed_cells
from .rows import fit_values

TABLE = "active_disclosure"
CAPTION = regex.compile(r"第二十条")
HEADER_START = "信息内容"
FUZZY_ROW = 85
ROW_KEYS: dict[str, str] = {label_key(label): key for key, labels in catalogue.ROWS.items() for label in labels}


def _column_keys(template: str) -> dict[str, str]:
    """Header label key → column key, the detected era first, the other era as fallback."""
    eras = [template] + [era for era in catalogue.COLUMNS if era != template]
    mapping: dict[str, str] = {}
    for era in eras:
        for column, labels in catalogue.COLUMNS.get(era, {}).items():
            for label in labels:
                mapping.setdefault(label_key(label), column)
    return mapping


def match_row(label: str) -> str | None:
    key = label_key(label)
    if key in ROW_KEYS:
        return ROW_KEYS[key]
    best = max(ROW_KEYS, key=lambda candidate: fuzz.ratio(key, candidate))
    return ROW_KEYS[best] if fuzz.ratio(key, best) >= FUZZY_ROW else None


def caption_run_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Blocks of table 二 printed as text lines wherever they stand: from a ``第二十条第（X）项``
    caption line, the captions, ``信息内容`` headers and catalogue rows that follow it.

    ``lines`` are (block index, text) in document order; a converter that misnumbers the section
    heading still prints these lines together, so they are table 二 whatever section holds them.
    """
    found: set[int] = set()
    in_run = False
    previous = None
    for block, text in lines:
        squeezed = label_key(text)
        caption = bool(CAPTION.match(squeezed)) and len(squeezed) <= MAX_CAPTION
        if previous is not None and block != previous + 1:
            in_run = False  # a grid or another block between: the run ended
        previous = block
        if caption:
            in_run = True
        elif not in_run or not (squeezed.startswith(HEADER_START) or _is_row_line(text)):
            in_run = False
            continue
        found.add(block)
    return found


MAX_CAPTION = 12  # 第二十条第（一）项 and nothing more


def _is_row_line(text: str) -> bool:
    """A line holding a table 二 row label and values (``行政许可 97``)."""
    parts = text.split()
    return len(parts) >= 2 and match_row(parts[0]) is not None and all(is_value_like(p) for p in parts[1:])


def _header(row: Row, columns_by_label: dict[str, str]) -> tuple[list[str | None], str | None]:
    """Column keys of a ``信息内容 | …`` header row (None where a label is unknown), and a unit."""
    texts = [c.text for c in row.cells if c is not None and c.text and c.text.strip()]
    headers = texts[1:]
    unit = "10k_yuan" if any("万元" in t for t in headers) else ("yuan" if any("元" in t for t in headers) else None)
    return [columns_by_label.get(label_key(regex.sub(r"[（(]单位.*$", "", t))) or columns_by_label.get(label_key(t))
            for t in texts[1:]], unit


def map_active_disclosure(rows: list[Row], template: str) -> tuple[StatTable, list[Finding], set[int]]:
    columns_by_label = _column_keys(template)
    table = StatTable()
    findings: list[Finding] = []
    used: set[int] = set()
    header: list[str | None] | None = None  # columns of the current sub-table's header
    slots: HeaderSlots | None = None  # where the header's cells stand on its grid
    unit: str | None = None
    for row in rows:
        first = label_key(row.cells[0].text) if row.cells and row.cells[0] is not None else label_key(row.label)
        if CAPTION.search(row.label) and not row.has_numbers():
            header, slots, unit = None, None, None
            used.add(row.block)
            continue
        if first.startswith(HEADER_START) or label_key(row.label).startswith(HEADER_START):
            header, unit = _header(row, columns_by_label)
            slots = header_slots(row)
            used.add(row.block)
            continue
        row = _split_by_header(row, slots)
        if not row.values:
            continue
        key = match_row(row.label)
        if key is None:
            if row.has_numbers():
                findings.append(Finding(rule="UNPLACED-ROW", severity="error",
                                        message=f"table 二 row {row.label!r} matches no catalogue row"))
            continue
        used.add(row.block)
        table.row_labels[key] = row.label
        if header is not None and _troubled(header):
            table.rows[key] = _under_troubled_header(row, key, header, slots, template, unit, findings)
            continue
        from_header = _fits_row(header, key)
        columns = header if from_header else catalogue.ROW_COLUMNS.get(template, {}).get(key)
        placed = place_by_header(row, slots) if from_header and slots else None
        table.rows[key] = _cells(row, key, columns, unit, findings, placed)
    return table, findings, used


@dataclass(frozen=True)
class HeaderSlots:
    """Where the value header cells stand: grid columns ``[start, end)`` on a grid of ``width``
    columns (``block``), or, for a header read from a text line, the x-extents of its words in
    points (``by_x``, ``columns.header_ranges``); they hold on the next page too, where a table
    cut by a page break goes on under the same columns."""

    block: int
    width: int
    ranges: tuple[tuple[float, float], ...]
    by_x: bool = False


def header_slots(row: Row) -> HeaderSlots | None:
    """Where each value header of a ``信息内容`` row stands (colspan/gridSpan/merged cells
    included), or its words' x-ranges for a line with boxes; None for a line without boxes or
    whose words overlap."""
    if row.from_line:
        words = [w for w in row.cells if w is not None and w.text.strip()]
        if len(words) < 2 or any(w.bbox is None for w in words):
            return None
        ranges = header_ranges([(w.bbox[0], w.bbox[2]) for w in words[1:]])  # after 信息内容
        return HeaderSlots(row.block, 0, tuple(ranges), by_x=True) if ranges else None
    starts = [i for i, cell in enumerate(row.cells) if cell is not None]
    named = [i for i in starts if row.cells[i].text.strip()][1:]  # after 信息内容
    ends = {i: next((j for j in starts if j > i), len(row.cells)) for i in named}
    return HeaderSlots(row.block, len(row.cells), tuple((i, ends[i]) for i in named))


def _split_by_header(row: Row, slots: HeaderSlots | None) -> Row:
    """A grid row under its header: the label is what stands left of the first header column and
    the values are the cells under the header, whatever they print (``873件`` is then a value
    that cannot be read, not a piece of the label)."""
    if slots is None or slots.by_x or row.from_line or row.block != slots.block \
            or len(row.cells) != slots.width or not slots.ranges:
        return row
    first = int(slots.ranges[0][0])
    labels = [c.text.replace("\n", "") for c in row.cells[:first] if c is not None and c.text.strip()]
    values = [c for c in row.cells[first:] if c is not None]
    return Row(labels, values, row.block, row.cells)


def place_by_header(row: Row, slots: HeaderSlots) -> list | None:
    """Each header column's cell of a data row: the one printed cell under it, a blank cell when
    none is printed, ``AMBIGUOUS`` when two are. None (count instead) when the row is on another
    grid, has no boxes, or prints a value under no header cell."""
    if slots.by_x:
        return place_by_x(row, list(slots.ranges))
    if row.from_line or row.block != slots.block or len(row.cells) != slots.width:
        return None
    first = slots.ranges[0][0] if slots.ranges else len(row.cells)
    covered = {i for start, end in slots.ranges for i in range(start, end)}
    if any(cell is not None and cell.text.strip() and i >= first and i not in covered
           for i, cell in enumerate(row.cells)):
        return None
    placed: list = []
    for start, end in slots.ranges:
        present = [c for c in row.cells[start:end] if c is not None]
        printed = [c for c in present if c.text.strip()]
        if len(printed) > 1 or not present:
            placed.append(AMBIGUOUS)
        else:
            placed.append(printed[0] if printed else present[0])
    return placed


# Every column a row may have in either era: a header naming anything else is not this row's.
ALLOWED_COLUMNS: dict[str, set[str]] = {}
for _era_columns in catalogue.ROW_COLUMNS.values():
    for _row, _columns in _era_columns.items():
        ALLOWED_COLUMNS.setdefault(_row, set()).update(_columns)


def _fits_row(header: list[str | None] | None, key: str) -> bool:
    """Whether the current sub-table header can belong to row ``key`` (a stale header cannot)."""
    return bool(header) and all(c is not None and c in ALLOWED_COLUMNS.get(key, ()) for c in header)


def _troubled(header: list[str | None]) -> bool:
    """A header printing a column the catalogue does not know, or naming one column twice."""
    known = [c for c in header if c is not None]
    return len(known) < len(header) or len(set(known)) < len(known)


def _under_troubled_header(row: Row, key: str, header: list[str | None], slots: HeaderSlots | None,
                           template: str, unit: str | None, findings: list[Finding]) -> dict[str, Cell]:
    """A row under a sub-table header (until the next caption) that prints an unknown or
    twice-named column, whichever block it is in (a continuation may print it too): each
    column named once is read from the cell under its header cell (the others left out) when the
    header's cells give positions and the row fits them; else the row is unreadable (COLUMN-ORDER),
    since counting cannot tell which printed column a value belongs to."""
    placed = place_by_header(row, slots) if slots else None
    once = {c for c in header if c is not None and header.count(c) == 1}
    if placed is not None and len(placed) == len(header) and once and once <= ALLOWED_COLUMNS.get(key, set()):
        kept = [(c, p) for c, p in zip(header, placed, strict=True) if c in once]
        return _placed_cells(row, key, [c for c, _ in kept], unit, findings, [p for _, p in kept])
    columns = catalogue.ROW_COLUMNS.get(template, {}).get(key) or tuple(once)
    raw = " ".join(v.text for v in row.values)
    findings.append(Finding(rule="COLUMN-ORDER", severity="error", cells=[f"{TABLE}/{key}"],
                            message=f"table 二 row {key}: the header prints a column not known or named "
                                    f"twice; which value is which cannot be read ({raw!r})"))
    return {column: unreadable_cell(raw, row.values[0]) for column in columns}


def _cells(row: Row, key: str, columns, unit: str | None, findings: list[Finding],
           placed: list | None = None) -> dict[str, Cell]:
    """Cells of one row, by the header's grid columns where given (``place_by_header``), else by
    counting; unreadable ones where the values do not fit, none when no column is known."""
    raw = " ".join(v.text for v in row.values)
    if placed is not None:
        return _placed_cells(row, key, columns, unit, findings, placed)
    values = fit_values(row.values, len(columns)) if columns else None
    if values is None:
        findings.append(Finding(rule="COLUMN-COUNT", severity="error",
                                message=f"table 二 row {key}: values {raw!r} do not fit its columns",
                                cells=[f"{TABLE}/{key}/{c}" for c in columns or ()]))
        return {column: unreadable_cell(raw, row.values[0]) for column in columns or ()}
    cells = {}
    for column, span in zip(columns, values, strict=False):
        is_money = column in catalogue.MONEY_COLUMNS
        cells[column] = make_cell(span, (unit or catalogue.MONEY_COLUMNS[column]) if is_money else None)
    return cells


def _placed_cells(row: Row, key: str, columns, unit: str | None, findings: list[Finding],
                  placed: list) -> dict[str, Cell]:
    units = [(unit or catalogue.MONEY_COLUMNS[c]) if c in catalogue.MONEY_COLUMNS else None for c in columns]
    cells, found = placed_cells(row, placed, [f"{TABLE}/{key}/{c}" for c in columns], units)
    findings += found
    return dict(zip(columns, cells, strict=True))
