"""Cell-by-cell comparison of two reports through the mapping in ``catalogue/comparable.py``."""

from __future__ import annotations

from decimal import Decimal

from ..catalogue.comparable import (
    ACTIVE_SAME_MEANING,
    ONLY_ONE_SIDE,
    OTHER_AS_ONE_ROW,
    OTHER_SUBROWS,
    TABLE_MISSING,
    active_reason,
)
from ..model import AnnualReport, Cell
from .model import CellChange, CellStatus, NotComparable

Key = tuple[str, str, str]   # (table, row, column)
# The tables of the 2019/2021 templates (legacy_stats is compared through contract 3 only).
MODERN_TABLES: tuple[str, ...] = ("active_disclosure", "requests", "review_litigation")


def printed_cells(report: AnnualReport) -> dict[Key, Cell]:
    """Every printed cell of the modern tables of a report by (table, row, column), in table order."""
    cells: dict[Key, Cell] = {}
    for table_name in MODERN_TABLES:
        table = getattr(report.tables, table_name)
        if table is None:
            continue
        for row, columns in table.rows.items():
            for column, cell in columns.items():
                cells[(table_name, row, column)] = cell
    return cells


def compare_cells(before: AnnualReport, after: AnnualReport) -> tuple[list[CellChange], list[NotComparable]]:
    """Pair the cells of two reports; return the comparable pairs and the cells left unpaired."""
    old, new = printed_cells(before), printed_cells(after)
    changes: list[CellChange] = []
    unpaired: list[NotComparable] = []
    old_years, new_years = before.meta.year, after.meta.year
    cross = before.meta.template != after.meta.template and {before.meta.template, after.meta.template} == {
        "2019", "2021"}
    # （六） as one row on one side, three sub-rows on the other: compare `other` via the sum.
    old, notes_old = _other_as_one_row(old, new, after.meta.year)
    new, notes_new = _other_as_one_row(new, old, before.meta.year)
    notes = {**notes_old, **notes_new}
    active_pairs = _active_pairs(before, after) if cross else {}
    for key in _union(old, new):
        table, row, column = key
        if table == "active_disclosure" and cross:
            continue
        if key in old and key in new:
            changes.append(change_of(key, old[key], new[key], notes.get(key)))
        elif key in old:
            reason = notes.get(key) or _unpaired_reason(table, after, old_years)
            unpaired.append(NotComparable(table=table, row=row, column=column, side="before", reason=reason))
        else:
            reason = notes.get(key) or _unpaired_reason(table, before, new_years)
            unpaired.append(NotComparable(table=table, row=row, column=column, side="after", reason=reason))
    if cross:
        changes_2, unpaired_2 = _compare_active_across(old, new, active_pairs, old_years, new_years)
        changes = changes_2 + changes
        unpaired = unpaired_2 + unpaired
    return changes, unpaired


def _unpaired_reason(table: str, other: AnnualReport, printing_year) -> str:
    """Why a cell printed by one report has no partner in ``other``."""
    if getattr(other.tables, table) is None:
        return TABLE_MISSING.format(table=table, year=other.meta.year)
    return ONLY_ONE_SIDE.format(year=printing_year)


def _union(old: dict[Key, Cell], new: dict[Key, Cell]) -> list[Key]:
    keys = list(old)
    keys += [k for k in new if k not in old]
    return keys


def _active_pairs(before: AnnualReport, after: AnnualReport) -> dict[tuple[str, str], tuple[str, str]]:
    """Table 二 (row, column) pairs across templates, oriented before → after."""
    if before.meta.template == "2019":
        return dict(ACTIVE_SAME_MEANING)
    return {new: old for old, new in ACTIVE_SAME_MEANING.items()}


def _compare_active_across(old: dict[Key, Cell], new: dict[Key, Cell],
                           pairs: dict[tuple[str, str], tuple[str, str]], old_year, new_year
                           ) -> tuple[list[CellChange], list[NotComparable]]:
    changes, unpaired = [], []
    paired_new = set()
    for (table, row, column), cell in old.items():
        if table != "active_disclosure":
            continue
        target = pairs.get((row, column))
        new_key = ("active_disclosure", *target) if target else None
        if new_key and new_key in new:
            changes.append(change_of(new_key, cell, new[new_key], None))
            paired_new.add(new_key)
        else:
            reason = active_reason(row, column) if not new_key else ONLY_ONE_SIDE.format(year=old_year)
            unpaired.append(NotComparable(table=table, row=row, column=column, side="before", reason=reason))
    for (table, row, column) in new:
        if table == "active_disclosure" and (table, row, column) not in paired_new:
            reason = active_reason(row, column) if (row, column) not in pairs.values() else \
                ONLY_ONE_SIDE.format(year=new_year)
            unpaired.append(NotComparable(table=table, row=row, column=column, side="after", reason=reason))
    return changes, unpaired


def _other_as_one_row(cells: dict[Key, Cell], other_side: dict[Key, Cell], other_year) \
        -> tuple[dict[Key, Cell], dict[Key, str]]:
    """When ``other_side`` prints （六） as one row and ``cells`` only its sub-rows, add a derived
    ``other`` row (the sub-rows' sum per column) to ``cells``. Returns the cells and notes."""
    def one_row(side: dict[Key, Cell]) -> bool:
        return any(k[:2] == ("requests", "other") for k in side)

    def sub_rows(side: dict[Key, Cell]) -> bool:
        return any(k[0] == "requests" and k[1] in OTHER_SUBROWS for k in side)

    if not one_row(other_side) or sub_rows(other_side) or one_row(cells) or not sub_rows(cells):
        return cells, {}
    notes: dict[Key, str] = {}
    columns = [k[2] for k in cells if k[:2] == ("requests", OTHER_SUBROWS[0])]
    sums: dict[Key, Cell] = {}
    for column in columns:
        parts = [cells.get(("requests", row, column)) for row in OTHER_SUBROWS]
        sums[("requests", "other", column)] = sum_cells(parts)
        notes[("requests", "other", column)] = "sum of the three （六） sub-rows " + " + ".join(OTHER_SUBROWS)
    derived: dict[Key, Cell] = {}
    for key, cell in cells.items():          # the derived row goes where the sub-rows start
        if key[:2] == ("requests", OTHER_SUBROWS[0]) and sums:
            derived.update(sums)
            sums = {}
        derived[key] = cell
    for row in OTHER_SUBROWS:
        for column in columns:
            notes[("requests", row, column)] = OTHER_AS_ONE_ROW.format(year=other_year)
    return derived, notes


def sum_cells(parts: list[Cell | None]) -> Cell:
    """The sum of several cells, blank counting 0 as in the 勾稽 rules; ``raw`` shows the parts
    (``3+0+12``), as the sum itself is not printed anywhere.

    Any part missing, ``/`` or unreadable makes the sum unreadable; all blank makes it blank.
    """
    raw = "+".join("" if p is None else p.raw for p in parts)
    if any(p is None or p.kind in ("unreadable", "not_applicable") for p in parts):
        return Cell(value=None, kind="unreadable", raw=raw)
    numbers = [p for p in parts if p is not None and p.kind == "number"]
    if not numbers:
        return Cell(value=None, kind="blank", raw=raw)
    units = {p.unit for p in numbers}
    total = sum(Decimal(str(p.value)) for p in numbers)
    value: int | float = int(total) if all(isinstance(p.value, int) for p in numbers) else float(total)
    return Cell(value=value, kind="number", raw=raw, unit=units.pop() if len(units) == 1 else None)


def change_of(key: Key, old: Cell, new: Cell, note: str | None) -> CellChange:
    table, row, column = key
    before, after, unit, unit_note = _comparable_values(old, new)
    status = _status(old, new, before, after)
    delta = None
    if before is not None and after is not None and status != "unknown":
        delta = _subtract(after, before)
    notes = "; ".join(n for n in (note, unit_note) if n) or None
    return CellChange(table=table, row=row, column=column, before=before, after=after, delta=delta,
                      status=status, before_kind=old.kind, after_kind=new.kind, before_raw=old.raw,
                      after_raw=new.raw, unit=unit, note=notes)


def _status(old: Cell, new: Cell, before, after) -> CellStatus:
    if "unreadable" in (old.kind, new.kind):
        return "unknown"
    if old.kind == "number" and new.kind == "number":
        if before is None or after is None:      # money in units that cannot be converted
            return "unknown"
        return "same" if before == after else "changed"
    if (old.kind == "number") != (new.kind == "number"):
        return "changed"
    return "same" if old.kind == new.kind else "kind_changed"


def _comparable_values(old: Cell, new: Cell):
    """(before, after, unit, note): money in different units is converted to 10k_yuan."""
    before = old.value if old.kind == "number" else None
    after = new.value if new.kind == "number" else None
    if before is None or after is None or old.unit == new.unit:
        return before, after, new.unit or old.unit, None
    converted = []
    for cell in (old, new):
        if cell.unit == "yuan":
            converted.append(float(Decimal(str(cell.value)) / 10000))
        elif cell.unit == "10k_yuan" or cell.value == 0:
            converted.append(cell.value)
        else:                                   # a money value without a unit: cannot convert
            return None, None, None, "units differ and one is not printed"
    return converted[0], converted[1], "10k_yuan", "converted to 10k_yuan (万元)"


def _subtract(after: float, before: float) -> int | float:
    if isinstance(after, int) and isinstance(before, int):
        return after - before
    return float(Decimal(str(after)) - Decimal(str(before)))
