"""Flattened tables: a row's digits run together (``行政规范性文件8855698``) and are split here.

Contract: ``resolve_flattened(name, table, findings, rows, prose)`` takes a table as its mapper
left it (a flattened row is all ``unreadable`` with a ``COLUMN-COUNT`` finding, its raw text the
digit run) and returns the table, the findings and the blocks it used. A run is split into
numbers (whitespace in the run is a boundary; ``0`` never leads a number) in every way that
gives the row's column count; the template's rules then choose:

- table 三: each row's 总计 = the sum of its six columns (T3-3), then across rows the column
  rules T3-1 and T3-2 over every combination of the rows' remaining readings;
- table 四: the 15 numbers, each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (T4-1);
- table 二: numbers the report's own prose states for a cell (``catalogue.prose_numbers``).

A cell gets a value only when every reading that satisfies all the rules gives it the same one.
Otherwise the run's cells stay ``unreadable`` with ``FLATTENED-AMBIGUOUS`` (the readings are
listed) or ``FLATTENED-CONFLICT`` (no reading satisfies the rules: the report contradicts
itself, and no number is made up for it). A run that splits only one way (as many digits as
cells) is read as printed when it keeps its row's own rule, even if the column rules then fail.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from ..catalogue import requests as req
from ..catalogue import review_litigation as rl
from ..catalogue.prose_numbers import PROSE_NUMBERS
from ..document import Span
from ..model import Finding, StatTable
from ..table_rows import Row
from .cells import make_cell, unreadable_cell

# One printed number: no leading zero, optional decimals and money unit, or a not-applicable mark.
PIECE = regex.compile(r"^(?:(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?|/|／|—|-)$")
RUN = regex.compile(r"^[\d.\s/／—\-]+(?:万元|元)?(?:\s+[\d.\s/／—\-]+(?:万元|元)?)*$")
MAX_READINGS = 20_000  # readings of one run kept before giving up (ambiguous)
MAX_COMBINATIONS = 100_000  # combinations of table 三 rows tried against T3-1/T3-2
SHOWN = 6  # readings listed in a finding
TABLE_NAMES = {"active_disclosure": "二", "requests": "三", "review_litigation": "四"}

Reading = tuple[str, ...]
Check = Callable[[list[str]], bool]


@dataclass
class FlatRow:
    """A flattened row: its cells' keys, the printed run, and the readings still possible."""

    key: str
    columns: tuple[str, ...]
    raw: str
    span: Span | None
    structural: list[Reading]  # every split into len(columns) numbers
    readings: list[Reading]  # the splits that satisfy the row's own rules
    overflow: bool = False  # more splits than MAX_READINGS


MONEY_SUFFIX = regex.compile(r"(?:万元|元)$")
PLAIN_NUMBER = regex.compile(r"^\d+(?:\.\d+)?$")


@functools.lru_cache(maxsize=4096)
def number(piece: str) -> float | None:
    """The value of one piece (None for a not-applicable mark). Cached: the rule searches below
    read the same pieces hundreds of thousands of times."""
    digits = MONEY_SUFFIX.sub("", piece)
    return float(digits) if PLAIN_NUMBER.match(digits) else None


def split_run(raw: str, count: int, check: Check | None = None) -> tuple[list[Reading], bool]:
    """Every way to read ``raw`` as ``count`` numbers, pruned by ``check`` on each prefix.

    Returns the readings and whether the search stopped at ``MAX_READINGS``.
    """
    tokens = raw.split()
    results: list[Reading] = []

    def walk(token: int, start: int, pieces: list[str]) -> bool:
        if len(results) >= MAX_READINGS:
            return False
        if token == len(tokens):
            if len(pieces) == count:
                results.append(tuple(pieces))
            return True
        text = tokens[token]
        remaining_tokens = len(tokens) - token - 1
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if not PIECE.match(piece):
                continue
            if len(pieces) + 1 + remaining_tokens > count:
                break
            pieces.append(piece)
            if check is None or check(pieces):
                finished = end == len(text)
                if not walk(token + 1 if finished else token, 0 if finished else end, pieces):
                    pieces.pop()
                    return False
            pieces.pop()
        return True

    complete = walk(0, 0, [])
    return results, not complete


def is_run(raw: str) -> bool:
    """Whether ``raw`` is a run of digits (possibly with spaces) that a split could read."""
    return bool(raw) and bool(RUN.match(raw.strip())) and any(c.isdigit() for c in raw)


# ---- the rules -------------------------------------------------------------------------


def _sum_check(groups: Iterable[tuple[int, ...]]) -> Check:
    """A prefix check: each complete group's last number is the sum of the others."""
    groups = list(groups)

    def check(pieces: list[str]) -> bool:
        for group in groups:
            if len(pieces) - 1 == group[-1]:  # the group just completed
                values = [number(pieces[i]) for i in group]
                if any(v is None for v in values):
                    return True  # a not-applicable mark: the rule cannot be checked
                if abs(sum(values[:-1]) - values[-1]) > 1e-9:
                    return False
        return True

    return check


def _requests_check(columns: tuple[str, ...]) -> Check | None:
    if columns != req.STANDARD_COLUMNS:
        return None
    return _sum_check([tuple(range(len(columns)))])


REVIEW_CHECK = _sum_check(
    [tuple(range(start, start + len(rl.COLUMNS))) for start in range(0, len(rl.POSITIONS), len(rl.COLUMNS))]
)


def prose_constraints(prose: str) -> dict[str, int]:
    """Cell path → the value the prose states for it (only when it states one value)."""
    squeezed = regex.sub(r"\s+", "", prose)
    stated: dict[str, int] = {}
    for path, patterns in PROSE_NUMBERS:
        values = {int(m.group(1)) for pattern in patterns for m in regex.finditer(pattern, squeezed)}
        if len(values) == 1:
            stated[path] = values.pop()
    return stated


# ---- finding the flattened rows a mapper left unreadable -------------------------------


def _flat_rows(name: str, table: StatTable, findings: list[Finding]) -> dict[str, tuple[str, ...]]:
    """Rows whose every cell is unreadable from one digit run, and their columns."""
    flagged = {f.cells[0].split("/")[1] for f in findings if f.rule == "COLUMN-COUNT" and f.cells}
    result = {}
    for key, cells in table.rows.items():
        raws = {c.raw for c in cells.values()}
        readable = not all(c.kind == "unreadable" for c in cells.values())
        if key in flagged and not readable and len(raws) == 1 and is_run(raws.pop()):
            result[key] = tuple(cells)
    return result


def resolve_flattened(name: str, table: StatTable, findings: list[Finding], rows: list[Row],
                      prose: str) -> tuple[StatTable, list[Finding], set[int]]:
    """Read the flattened rows of one table (see the module docstring)."""
    if name == "review_litigation":
        return _resolve_review(table, findings, rows)
    line_runs = {" ".join(v.text for v in row.values) for row in rows if row.from_line}
    flat = {key: columns for key, columns in _flat_rows(name, table, findings).items()
            if next(iter(table.rows[key].values())).raw in line_runs}  # grid cells are never split
    if not flat:
        return table, findings, set()
    stated = prose_constraints(prose) if name == "active_disclosure" else {}
    flat_rows = []
    for key, columns in flat.items():
        first = next(iter(table.rows[key].values()))
        raw = first.raw
        span = Span(raw, page=first.page, path=first.path)
        structural, overflow = split_run(raw, len(columns))
        if not structural and not overflow:
            continue  # too few digits for the columns: the mapper's COLUMN-COUNT finding stands
        check = _requests_check(columns) if name == "requests" else None
        readings = [r for r in structural if check is None or _complete_check(check, r)]
        readings = [r for r in readings if _agrees(r, key, columns, name, stated)]
        flat_rows.append(FlatRow(key, columns, raw, span, structural, readings, overflow))
    handled = {row.key for row in flat_rows}
    kept = [f for f in findings
            if not (f.rule == "COLUMN-COUNT" and f.cells and f.cells[0].split("/")[1] in handled)]
    new_findings = _choose(name, table, flat_rows, stated)
    return table, kept + new_findings, set()


def _complete_check(check: Check, reading: Reading) -> bool:
    return all(check(list(reading[: i + 1])) for i in range(len(reading)))


def _agrees(reading: Reading, key: str, columns: tuple[str, ...], name: str, stated: dict[str, int]) -> bool:
    for column, piece in zip(columns, reading, strict=False):
        wanted = stated.get(f"{name}/{key}/{column}")
        if wanted is not None and number(piece) != wanted:
            return False
    return True


def _choose(name: str, table: StatTable, flat_rows: list[FlatRow], stated: dict[str, int]) -> list[Finding]:
    """Settle each flattened row's cells; findings for the rows left unreadable."""
    findings: list[Finding] = []
    rule_names = {"requests": "T3-3, T3-1 and T3-2", "active_disclosure": "the numbers the text states"}
    # One split only, and it keeps the row's own rule: read as printed (a split that breaks the
    # rule may come from a label that swallowed a digit, so it is not trusted).
    certain = {r.key for r in flat_rows if len(r.structural) == 1 and not r.overflow and r.readings}
    survivors: dict[str, set[Reading]] = {r.key: set(r.readings) for r in flat_rows}
    conflict = False
    if name == "requests":
        survivors, conflict = _joint_requests(table, flat_rows, certain)
    for row in flat_rows:
        if row.key in certain:
            _write(table, row, row.structural[0])
            continue
        options = sorted(survivors.get(row.key, set()))
        if len(options) == 1 and not row.overflow:
            _write(table, row, options[0])
            continue
        paths = [f"{name}/{row.key}/{c}" for c in row.columns]
        where = f"table {TABLE_NAMES[name]} row {row.key}: digits {row.raw!r}"
        if row.overflow:
            findings.append(Finding(rule="FLATTENED-AMBIGUOUS", severity="error", cells=paths,
                                    message=f"{where} split more than {MAX_READINGS} ways"))
        elif not options:
            why = "no split into " + f"{len(row.columns)} numbers satisfies {rule_names.get(name, 'the rules')}"
            if name == "active_disclosure":
                why += " (" + ", ".join(f"{c} {stated[f'{name}/{row.key}/{c}']}" for c in row.columns
                                        if f"{name}/{row.key}/{c}" in stated) + ")"
            if conflict and row.readings:
                why += " together with the other rows (the table contradicts itself)"
            findings.append(Finding(rule="FLATTENED-CONFLICT", severity="error", cells=paths,
                                    message=f"{where}: {why}"))
        else:
            shown = " | ".join("/".join(option) for option in options[:SHOWN])
            more = f" (+{len(options) - SHOWN} more)" if len(options) > SHOWN else ""
            findings.append(Finding(rule="FLATTENED-AMBIGUOUS", severity="error", cells=paths,
                                    message=f"{where} split {len(options)} ways: {shown}{more}"))
    return findings


def _write(table: StatTable, row: FlatRow, reading: Reading) -> None:
    table.rows[row.key] = {
        column: make_cell(Span(piece, page=row.span.page, path=row.span.path))
        for column, piece in zip(row.columns, reading, strict=False)
    }


# ---- table 三: the column rules across rows --------------------------------------------


def _component_rows(table: StatTable) -> list[str]:
    rows = ["granted", "partially_granted", *req.SUBTOTALS["withheld"], *req.SUBTOTALS["unavailable"],
            *req.SUBTOTALS["not_processed"]]
    if any(k in table.rows for k in req.OTHER_SUBROWS):
        return rows + list(req.OTHER_SUBROWS)
    return rows + ["other"]


def _joint_requests(table: StatTable, flat_rows: list[FlatRow],
                    certain: set[str]) -> tuple[dict[str, set[Reading]], bool]:
    """Readings of each flattened row that some combination satisfying T3-1/T3-2 uses.

    Returns them and whether no combination did (the table contradicts itself: then only
    the rows that split one way keep their reading).
    """
    columns = req.STANDARD_COLUMNS
    known: dict[str, list[float | None]] = {}
    for key, cells in table.rows.items():
        if key in {r.key for r in flat_rows}:
            continue
        if all(c in cells for c in columns) and all(cells[c].kind in ("number", "blank") for c in columns):
            known[key] = [cells[c].value or 0 for c in columns]
    choice_rows = [r for r in flat_rows if r.key not in certain and r.readings and r.columns == columns]
    for row in flat_rows:
        if row.key in certain and row.columns == columns:
            values = [number(p) for p in row.structural[0]]
            if all(v is not None for v in values):
                known[row.key] = values
    options = [r.readings for r in choice_rows]
    size = 1
    for option in options:
        size *= len(option)
    survivors: dict[str, set[Reading]] = {r.key: set() for r in choice_rows}
    if size > MAX_COMBINATIONS:
        return {r.key: set(r.readings) for r in choice_rows}, False
    rules = _column_rules(table)
    found = False
    numbers = [{reading: [number(p) for p in reading] for reading in option} for option in options]
    for combination in itertools.product(*options):
        values = dict(known)
        for row, reading, read in zip(choice_rows, combination, numbers, strict=True):
            values[row.key] = read[reading]
        if all(rule(values) for rule in rules):
            found = True
            for row, reading in zip(choice_rows, combination, strict=False):
                survivors[row.key].add(reading)
    if not found:
        return {r.key: set() for r in flat_rows}, True
    return survivors, False


def _column_rules(table: StatTable) -> list[Callable[[dict], bool]]:
    """T3-1 and T3-2 per column, each true when a row it needs is unknown."""
    components = _component_rows(table)
    rules = []
    for index in range(len(req.STANDARD_COLUMNS)):
        def t3_1(values: dict, i: int = index) -> bool:
            needed = ("new", "carried_over", "total", "carried_forward")
            if not all(k in values and values[k][i] is not None for k in needed):
                return True
            return abs(values["new"][i] + values["carried_over"][i]
                       - values["total"][i] - values["carried_forward"][i]) < 1e-9

        def t3_2(values: dict, i: int = index) -> bool:
            needed = ("total", *components)
            if not all(k in values and values[k][i] is not None for k in needed):
                return True
            return abs(values["total"][i] - sum(values[k][i] for k in components)) < 1e-9

        rules += [t3_1, t3_2]
    return rules


# ---- table 四: one run of 15 numbers ----------------------------------------------------


def _resolve_review(table: StatTable, findings: list[Finding],
                    rows: list[Row]) -> tuple[StatTable, list[Finding], set[int]]:
    if table.rows:
        return table, findings, set()
    numeric = [row for row in rows if row.has_numbers() and row.from_line]
    raw = " ".join(v.text for row in numeric for v in row.values)
    if not numeric or not is_run(raw):
        return table, findings, set()
    structural, overflow = split_run(raw, len(rl.POSITIONS))
    if not structural and not overflow:
        return table, findings, set()  # too few digits: the mapper's finding stands
    readings, overflow = split_run(raw, len(rl.POSITIONS), REVIEW_CHECK)
    kept = [f for f in findings if not (f.rule == "COLUMN-COUNT" and f.message.startswith("table 四"))]
    first = numeric[0].values[0]
    span = Span(raw, page=first.page, path=first.path)
    paths = [f"review_litigation/{row}/{column}" for row, column in rl.POSITIONS]
    for row_key, label in rl.ROWS.items():
        table.row_labels[row_key] = label
    if len(readings) == 1 and not overflow:
        for (row_key, column), piece in zip(rl.POSITIONS, readings[0], strict=False):
            table.rows.setdefault(row_key, {})[column] = make_cell(Span(piece, page=span.page, path=span.path))
        return table, kept, {row.block for row in numeric}
    for row_key, column in rl.POSITIONS:
        table.rows.setdefault(row_key, {})[column] = unreadable_cell(raw, span)
    where = f"table 四: digits {raw!r}"
    if readings:
        shown = " | ".join("/".join(r) for r in readings[:SHOWN])
        more = f" (+{len(readings) - SHOWN} more)" if len(readings) > SHOWN else ""
        finding = Finding(rule="FLATTENED-AMBIGUOUS", severity="error", cells=paths,
                          message=f"{where} split {len(readings)} ways satisfying T4-1: {shown}{more}")
    else:
        finding = Finding(rule="FLATTENED-CONFLICT", severity="error", cells=paths,
                          message=f"{where}: no split into 15 numbers satisfies T4-1")
    return table, kept + [finding], {row.block for row in numeric}




def prose_of(document) -> str:
    """All running text of a document, for the numbers its prose states."""
    return "".join(line.text for line in document.lines())
