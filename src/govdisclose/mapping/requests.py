"""Table 三 → ``requests`` cells: rows aligned to the catalogue in order, columns by the header.

Rows are placed by an order-preserving alignment of printed labels to catalogue rows. A row is
placed when its label matches clearly, or when a weakly matching label sits alone between two
clearly placed neighbours; any other row is not placed and reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex
from rapidfuzz import fuzz

from ..catalogue import requests as catalogue
from ..document import Span
from ..model import Cell, Finding, StatTable
from ..normalize import clean_text, label_key
from ..table_rows import Row
from .cells import make_cell, unreadable_cell
from .columns import (
    HeaderWord,
    Stack,
    counted_rows_agree,
    extent,
    header_lines,
    header_ranges,
    lines_agree,
    place_by_x,
    placed_cells,
    row_page,
    rows_by_page,
    stacked_headers,
    unclaimed_words,
    unplaced_values,
)
from .rows import fit_values, header_indices, named_positions

GROUP = regex.compile(r"[（(]\s*([一二三四五六七])\s*[)）]")
ITEM = regex.compile(r"(?:^|(?<=[^\d]))([1-8])\s*[.、．,，]")
TOP = regex.compile(r"^([一二三四])\s*[、.．]")
CONFIDENT = 0.75
WEAK = 0.35
AMBIGUOUS = 0.05  # a label that fits two catalogue rows this closely proves neither
TABLE = "requests"


@dataclass(frozen=True)
class LabelParts:
    top: str | None
    group: str | None
    item: int | None
    core: str  # label_key of the text without markers


def parse_label(text: str) -> LabelParts:
    """Markers and core words of the most specific label in ``text``."""
    text = clean_text(text)
    items = list(ITEM.finditer(text))
    groups = list(GROUP.finditer(text))
    top_match = TOP.match(text)
    if items:
        last = items[-1]
        core_text = text[last.end():]
        group = groups[-1].group(1) if groups and groups[-1].start() < last.start() else None
        return LabelParts(None, group, int(last.group(1)), label_key(core_text))
    if groups:
        last = groups[-1]
        return LabelParts(None, last.group(1), None, label_key(text[last.end():]))
    if top_match:
        return LabelParts(top_match.group(1), None, None, label_key(text[top_match.end():]))
    return LabelParts(None, None, None, label_key(text))


CATALOGUE_PARTS: tuple[LabelParts, ...] = tuple(
    parse_label(row.label) for row in catalogue.ROWS
)
VARIANT_PARTS: tuple[tuple[LabelParts, ...], ...] = tuple(
    tuple(parse_label(v) for v in row.variants) for row in catalogue.ROWS
)
# Rows that head sub-rows, and the group marker their words stand for when printed without it
# (a merged cell reading 不予公开 under a lost （三）).
SUBROWS_OF: dict[str, tuple[str, ...]] = {**catalogue.SUBTOTALS, "other": catalogue.OTHER_SUBROWS}
GROUP_BY_WORDS: dict[str, str] = {
    parts.core: row.group for row, parts in zip(catalogue.ROWS, CATALOGUE_PARTS, strict=False) if row.key in SUBROWS_OF
}


def _similarity(observed: str, expected: str) -> float:
    if not observed or not expected:
        return 0.0
    score = fuzz.ratio(observed, expected) / 100
    if len(observed) >= 3:
        score = max(score, 0.95 * fuzz.partial_ratio(observed, expected) / 100)
    return score


def score(observed: LabelParts, index: int, context_group: str | None) -> float:
    """How well a printed label fits catalogue row ``index`` (about 0–1.3)."""
    row = catalogue.ROWS[index]
    best = 0.0
    for expected in (CATALOGUE_PARTS[index], *VARIANT_PARTS[index]):
        best = max(best, _similarity(observed.core, expected.core))
    expected = CATALOGUE_PARTS[index]
    if observed.item is not None:
        best += 0.15 if observed.item == row.item else -0.4
    if observed.group is not None and (observed.item is None or row.item is not None):
        best += 0.15 if observed.group == row.group else -0.4
    elif context_group is not None and row.group is not None and row.group != context_group:
        best -= 0.3
    if observed.top is not None:
        best += 0.15 if expected.top == observed.top else -0.4
    return best


def _split_double_labels(rows: list[Row]) -> list[Row]:
    """A label holding two group markers above an unlabelled row gives the second to that row.

    Converters sometimes print ``（六）其他处理（七）总计`` on one line and the next row bare.
    """
    for row, following in zip(rows, rows[1:], strict=False):
        groups = list(GROUP.finditer(row.label))
        if len(groups) == 2 and not following.label and following.values:
            text = row.label
            row.labels = [text[: groups[1].start()]]
            following.labels = [text[groups[1].start():]]
    return rows


# A group label that heads sub-rows (（六）其他处理), then the text after it on the same row.
GROUP_WORDS = "|".join(GROUP.sub("", row.label) for row in catalogue.ROWS if row.key in SUBROWS_OF)
GROUP_THEN_TAIL = regex.compile(rf"^\s*([（(]\s*[三四五六]\s*[)）]\s*(?:{GROUP_WORDS}))\s*(\S.*)$")
ITEM_START = regex.compile(r"^\s*[1-8]\s*[.、．,，]")
FIRST_ITEM = regex.compile(r"^\s*1\s*[.、．,，]")


def _join_group_beside_tail(rows: list[Row]) -> list[Row]:
    """A group label printed beside the wrapped tail of its first sub-row's label
    (``1.申请人无正当理由逾期不补`` / ``（六）其他处理 正、行政机关…  6 0 …``) becomes one label,
    ``（六）其他处理1.申请人无正当理由逾期不补正、行政机关…``; the label-only row is used up."""
    for previous, row in zip(rows, rows[1:], strict=False):
        match = GROUP_THEN_TAIL.match(row.label)
        if previous.values or not row.values or not match or not FIRST_ITEM.match(previous.label):
            continue
        if ITEM_START.match(match.group(2)) or GROUP.match(match.group(2)):
            continue  # the row's own item follows the group label: nothing to join
        row.labels = [match.group(1), *previous.labels, match.group(2)]
        previous.labels = []
    return rows


def align(rows: list[Row]) -> dict[int, int]:
    """Map data-row indices to catalogue-row indices (order-preserving, never a guess)."""
    contexts: list[str | None] = []
    current: str | None = None
    parts: list[LabelParts] = []
    for row in rows:
        for label in row.labels:
            found = GROUP.findall(clean_text(label))
            if found:
                current = found[-1]
            else:
                current = GROUP_BY_WORDS.get(label_key(label), current)
        contexts.append(current)
        parts.append(parse_label("".join(row.labels)))
    n, m = len(rows), len(catalogue.ROWS)
    scores = [[score(parts[i], j, contexts[i]) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [(best[i - 1][j], "skip_row"), (best[i][j - 1], "skip_cat")]
            s = scores[i - 1][j - 1]
            if s >= WEAK:
                options.append((best[i - 1][j - 1] + s - WEAK + 0.01, "match"))
            best[i][j], move[i][j] = max(options, key=lambda o: o[0])
    pairs: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        step = move[i][j]
        if step == "match":
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif step == "skip_row":
            i -= 1
        else:
            j -= 1
    return {i: j for i, j in pairs.items() if _clear(scores[i], j) or _sandwiched(i, j, pairs, scores)}


def _unplaced_finding(row: Row, placed_keys: set[str]) -> Finding:
    """DUPLICATE-ROW for a row whose label clearly names a row placed elsewhere (printed twice: the
    order-preserving alignment keeps one), UNPLACED-ROW for a row that fits no catalogue row."""
    values = " ".join(v.text for v in row.values)
    parts = parse_label("".join(row.labels))
    row_scores = [score(parts, j, None) for j in range(len(catalogue.ROWS))]
    best = max(range(len(row_scores)), key=row_scores.__getitem__)
    key = catalogue.ROWS[best].key
    if key in placed_keys and _clear(row_scores, best):
        return Finding(rule="DUPLICATE-ROW", severity="error", cells=[f"{TABLE}/{key}/total"],
                       message=f"table 三 row {key} printed twice; the copy with values {values!r} kept out")
    return Finding(rule="UNPLACED-ROW", severity="error",
                   message=f"table 三 row {row.label or '(no label)'!r} with values {values!r} "
                           "matches no catalogue row")


def _clear(row_scores: list[float], j: int) -> bool:
    """A confident match that no other catalogue row comes close to."""
    runner_up = max((s for k, s in enumerate(row_scores) if k != j), default=0.0)
    return row_scores[j] >= CONFIDENT and row_scores[j] - runner_up >= AMBIGUOUS


def _optional(index: int) -> bool:
    row = catalogue.ROWS[index]
    return row.role == "subtotal" or row.group == "六"


def _sandwiched(i: int, j: int, pairs: dict[int, int], scores) -> bool:
    """A weak match holds only between clearly placed neighbours with no other slot between."""
    before = pairs.get(i - 1)
    after = pairs.get(i + 1)
    if before is None or after is None:
        return False
    if not _clear(scores[i - 1], before) or not _clear(scores[i + 1], after):
        return False
    between = [k for k in range(before + 1, after) if k != j]
    return all(_optional(k) for k in between)


def header_columns(rows: list[Row]) -> list[str] | None:
    """Value columns in printed order, or ``None`` when their order cannot be known.

    Header cells are ordered by x position (PDF) or grid column index (tab and pipe tables);
    that order is trusted only when it puts the seven template columns in template order, and
    then it also says where a locally added subtotal column stands. Header lines with word boxes
    give x positions, a header wrapped in a narrow column (``小`` / ``计``) found piece by piece
    (``line_headers``); lines without boxes give none: the template order is used, and a printed
    subtotal column makes the order unknown. So does a header line word over the columns that
    names no known column (``unknown_header_words``): neither x nor counting can place its values.
    """
    found: dict[str, float | None] = {}
    for row in rows:
        if row.has_numbers():
            continue
        for index, cell in enumerate(row.cells):
            if cell is None or not cell.text:
                continue
            key = label_key(cell.text)
            for column, labels in catalogue.COLUMNS.items():
                if key in {label_key(label) for label in labels} and column not in found:
                    found[column] = _position(cell, index, row)
    lines = header_lines(rows)
    headers = line_headers(lines)
    if unknown_header_words(lines, headers):
        return None
    for column, stack in headers.items():
        if found.get(column) is None:
            found[column] = sum(extent(stack)) / 2
    standard = list(catalogue.STANDARD_COLUMNS)
    if all(found.get(c) is not None for c in standard) and all(x is not None for x in found.values()):
        ordered = sorted(found, key=lambda column: found[column])
        if [c for c in ordered if c in standard] == standard:
            return ordered
    return None if "legal_person_subtotal" in found else standard


@dataclass(frozen=True)
class GridHeader:
    """A grid header (``block``, ``width`` cells a row) that prints a column the catalogue does
    not know or names one column twice: the grid index of each column named once (``slots``)
    and the indices under unknown or twice-named header cells (``left_out``)."""

    block: int
    width: int
    slots: dict[str, int]
    left_out: frozenset[int]


HAN = regex.compile(r"\p{Han}")
SPANNING_KEYS = frozenset(label_key(label) for label in catalogue.SPANNING_HEADERS)
COLUMN_BY_KEY: dict[str, str] = {
    label_key(label): column for column, labels in catalogue.COLUMNS.items() for label in labels
}


def grid_headers(rows: list[Row]) -> dict[int, GridHeader]:
    """By block, the grid headers whose cells over the value columns (from the leftmost known
    column on) name a column the catalogue does not know or one column at two grid indices.
    Header rows are the rows of a grid block before its first row with numbers."""
    troubled: dict[int, GridHeader] = {}
    blocks: dict[int, list[Row]] = {}
    for row in rows:
        if not row.from_line:
            blocks.setdefault(row.block, []).append(row)
    for block, block_rows in blocks.items():
        header: list[Row] = []
        for row in block_rows:
            if row.has_numbers():
                break
            header.append(row)
        printed: dict[int, list[str]] = {}  # grid index → its header cells' label keys, top down
        for row in header:
            for index, cell in enumerate(row.cells):
                key = "".join(HAN.findall(cell.text)) if cell is not None and cell.text else ""
                if key and key not in SPANNING_KEYS:  # no Han character: a stray mark, no name
                    printed.setdefault(index, []).append(key)
        named = {i: _grid_column(keys) for i, keys in printed.items()
                 if _grid_column(keys) or not all(_fragment(key) for key in keys)}
        known = [i for i, c in named.items() if c is not None]
        if not known:
            continue
        over = {i: c for i, c in named.items() if i >= min(known)}
        indices: dict[str, list[int]] = {}
        for index, column in over.items():
            if column is not None:
                indices.setdefault(column, []).append(index)
        twice = {c for c, found in indices.items() if len(found) > 1}
        if None in over.values() or twice:
            width = len(header[0].cells) if header else 0
            slots = {c: found[0] for c, found in indices.items() if c not in twice}
            left_out = frozenset(i for i, c in over.items() if c is None or c in twice)
            troubled[block] = GridHeader(block, width, slots, left_out)
    return troubled


def _grid_column(keys: list[str]) -> str | None:
    """The column named by the header cells over one grid index: every cell naming the same
    column, or the cells read together naming one (``自`` / ``然人`` wrapped over two rows)."""
    columns = {COLUMN_BY_KEY.get(key) for key in keys}
    if len(columns) == 1:
        return next(iter(columns)) or COLUMN_BY_KEY.get("".join(keys))
    return COLUMN_BY_KEY.get("".join(keys))


def _fragment(key: str) -> bool:
    """A piece of a known header wrapped over grid rows (``商业`` / ``企业`` misaligned by a
    converter): part of a column's or a spanning header's label, naming nothing by itself."""
    return any(key in label for label in (*COLUMN_BY_KEY, *SPANNING_KEYS))


def place_by_grid(row: Row, grid: GridHeader) -> dict[str, Span] | None:
    """Each column's cell of a row on the troubled header's grid, read by grid index; what stands
    under an unknown or twice-named header cell is left out. None (unreadable) when the row is on
    another grid, a template column has no single known header cell, its cell is merged away, or
    the row prints a value under no header cell."""
    if row.from_line or row.block != grid.block or len(row.cells) != grid.width:
        return None
    if any(c not in grid.slots for c in catalogue.STANDARD_COLUMNS):
        return None
    first = min(grid.slots.values())
    covered = set(grid.slots.values()) | grid.left_out
    if any(cell is not None and cell.text.strip() and i >= first and i not in covered
           for i, cell in enumerate(row.cells)):
        return None
    placed = {column: row.cells[grid.slots[column]] for column in catalogue.COLUMNS if column in grid.slots}
    return None if any(cell is None for cell in placed.values()) else placed


def line_headers(lines: list[list[HeaderWord]]) -> dict[str, Stack]:
    """The first printed header of each column found in header lines with boxes, whole or
    wrapped; a column's longer labels are tried first (``其他组织`` before ``其他``)."""
    headers: dict[str, Stack] = {}
    for column, labels in catalogue.COLUMNS.items():
        for label in sorted(dict.fromkeys(label_key(text) for text in labels), key=len, reverse=True):
            found = stacked_headers(lines, label)
            if found:
                headers[column] = found[0]
                break
    return headers


def unknown_header_words(lines: list[list[HeaderWord]], headers: dict[str, Stack]) -> list[HeaderWord]:
    """Words of header lines that stand over the columns (right of the label column, which ends
    where the leftmost found header starts) and belong to no column's header nor to a spanning
    one: a printed column the reader does not know (``其中`` / ``个体工商户`` …, or ``网上申请``
    right of 总计). Empty unless every template column's header is found, since a header not
    found leaves its own words unclaimed."""
    if any(c not in headers for c in catalogue.STANDARD_COLUMNS):
        return []
    claimed = {word for stack in headers.values() for word in stack}
    claimed |= {word for label in catalogue.SPANNING_HEADERS
                for stack in stacked_headers(lines, label_key(label)) for word in stack}
    extents = [extent(stack) for stack in headers.values()]
    return unclaimed_words(lines, claimed, (min(x0 for x0, _ in extents), float("inf")))


def column_ranges(rows: list[Row], columns: list[str] | None) -> dict[int | None, list[tuple[float, float]]]:
    """The x-range of each value column on each page, keyed by page: the extent of its header
    words read as text lines (tables without rules; ``columns.header_ranges``). A header counts
    when it prints every column, in order, and no unknown one (``header_columns`` gives no
    columns when the first header prints one). A continuation page may be typeset elsewhere: it
    uses the header it reprints, else the last header's ranges only where its value lines agree
    with them (``columns.lines_agree``); a page left out has its values counted, as are the lines
    of a layout text dump whose full lines do not stand under the header
    (``columns.counted_rows_agree``)."""
    ranges: dict[int | None, list[tuple[float, float]]] = {}
    last: list[tuple[float, float]] | None = None
    for page, page_rows in rows_by_page(rows).items() if columns else ():
        lines = header_lines(page_rows)
        headers = line_headers(lines)
        own = None
        if all(c in headers for c in columns) and not unknown_header_words(lines, headers):
            own = last = header_ranges([extent(headers[c]) for c in columns])
        elif last and lines_agree(page_rows, last):
            own = last
        if own and counted_rows_agree(page_rows, own):
            ranges[page] = own
    return ranges


def _position(cell: Span, index: int, row: Row) -> float | None:
    if cell.bbox is not None:
        return (cell.bbox[0] + cell.bbox[2]) / 2
    return None if row.from_line else float(index)


def map_requests(rows: list[Row]) -> tuple[StatTable, list[Finding], set[int]]:
    """Cells of table 三, findings for rows or cells not placed, and the blocks used."""
    columns = header_columns(rows)
    ranges = column_ranges(rows, columns)
    grids = grid_headers(rows)
    headed = _headed_blocks(rows)
    headers = header_indices(rows, {key: column for key, column in COLUMN_BY_KEY.items()
                                    if column in catalogue.STANDARD_COLUMNS})
    rows = _join_group_beside_tail(rows)
    data_rows = _split_double_labels([row for row in rows if row.values and (row.has_numbers() or row.labels)])
    data_rows = [r for r in data_rows if r.has_numbers() or any(v.text.strip() for v in r.values) or r.labels]
    placed = align(data_rows)
    table = StatTable()
    findings: list[Finding] = []
    used: set[int] = set()
    placed_keys = {catalogue.ROWS[j].key for j in placed.values()}
    for index, row in enumerate(data_rows):
        catalogue_index = placed.get(index)
        if catalogue_index is None:
            if row.has_numbers():
                findings.append(_unplaced_finding(row, placed_keys))
            continue
        key = catalogue.ROWS[catalogue_index].key
        if not row.has_numbers() and _group_label(key, placed):
            continue  # a group label with empty cells, not a subtotal row
        used.add(row.block)
        table.row_labels[key] = row.label
        grid = _grid_of(row, grids, headed)
        table.rows[key] = _row_cells(row, columns, key, findings, ranges.get(row_page(row)), grid,
                                     named_positions(row, headers))
    return table, findings, used


def _headed_blocks(rows: list[Row]) -> set[int]:
    """Grid blocks that print a header of their own (a row without numbers before any with)."""
    first: dict[int, Row] = {}
    for row in rows:
        if not row.from_line:
            first.setdefault(row.block, row)
    return {block for block, row in first.items() if not row.has_numbers()}


def _grid_of(row: Row, grids: dict[int, GridHeader], headed: set[int]) -> GridHeader | None:
    """The troubled grid header a row stands under: its own block's, or, for a grid block
    without a header of its own (a table continued on the next page), the last one before it."""
    if row.block in grids or row.from_line or row.block in headed:
        return grids.get(row.block)
    before = [block for block in grids if block < row.block]
    return replace(grids[max(before)], block=row.block) if before else None


def _group_label(key: str, placed: dict[int, int]) -> bool:
    """Whether row ``key`` heads sub-rows that are printed (so, without numbers, it is a label)."""
    placed_keys = {catalogue.ROWS[j].key for j in placed.values()}
    return key in SUBROWS_OF and any(sub in placed_keys for sub in SUBROWS_OF[key])


def _row_cells(row: Row, columns: list[str] | None, key: str, findings: list[Finding],
               ranges: list[tuple[float, float]] | None = None,
               grid: GridHeader | None = None, named: frozenset[int] = frozenset()) -> dict[str, Cell]:
    """The row's cells: by the header's x-ranges (``ranges``: those of the row's own page) for a
    text line with boxes, by grid index under a grid header printing an unknown or twice-named
    column (``place_by_grid``), else by counting. A line value under no range stands in a column
    the header does not show: that row is not read, neither by x nor by counting."""
    if grid is not None:  # the row's own grid header prints an unknown or twice-named column
        by_grid = place_by_grid(row, grid)
        if by_grid is not None:
            return {column: make_cell(span) for column, span in by_grid.items()}
        columns = None  # counting cannot tell which printed column a value stands in
    stray = unplaced_values(row, ranges) if ranges and columns else []
    if stray:
        raw = " ".join(v.text for v in row.values)
        findings.append(Finding(
            rule="COLUMN-COUNT", severity="error", cells=[f"{TABLE}/{key}/{c}" for c in columns],
            message=f"table 三 row {key}: {', '.join(v.text for v in stray)} under no column's header ({raw!r})"))
        return {column: unreadable_cell(raw, row.values[0] if row.values else None) for column in columns}
    placed = place_by_x(row, ranges) if ranges and columns else None
    if placed is not None:
        cells, found = placed_cells(row, placed, [f"{TABLE}/{key}/{c}" for c in columns])
        findings += found
        return dict(zip(columns, cells, strict=True))
    if columns is None:  # a subtotal or unknown column is printed: where each stands is unknown
        raw = " ".join(v.text for v in row.values)
        findings.append(Finding(
            rule="COLUMN-ORDER", severity="error", cells=[f"{TABLE}/{key}"],
            message=f"table 三 row {key}: the header's column order cannot be read ({raw!r})"))
        return {column: unreadable_cell(raw, row.values[0] if row.values else None)
                for column in catalogue.COLUMNS}
    values = fit_values(row.values, len(columns), named)
    if values is None:
        raw = " ".join(v.text for v in row.values)
        findings.append(Finding(
            rule="COLUMN-COUNT", severity="error",
            message=f"table 三 row {key}: {len(row.values)} values for {len(columns)} columns ({raw!r})",
            cells=[f"{TABLE}/{key}/{c}" for c in columns],
        ))
        return {column: unreadable_cell(raw, row.values[0] if row.values else None) for column in columns}
    return {column: make_cell(span) for column, span in zip(columns, values, strict=False)}
