"""Legacy (pre-2019) ↔ 2019/2021 report: the few indicators with a counterpart (contract 3).

The pairs come from ``catalogue/legacy.py``'s ``CROSS_ERA`` (owned by the legacy reader): a legacy
indicator ↔ a modern cell. An indicator listed with several modern cells (行政诉讼数 ↔ the two
litigation rows) is compared with their sum; a modern subtotal row that is not printed
(``requests/withheld/total``) is the sum of its item rows. The legacy value is the report year's
(``legacy.current_year_value``). Such a change is keyed ``cross_era/<indicator>/current_year``;
its note names the modern cells and carries the pairs' notes. Every other cell of either report is
not comparable.
"""

from __future__ import annotations

from ..catalogue.legacy import CROSS_ERA
from ..catalogue.requests import SUBTOTALS
from ..legacy import current_year_value
from ..model import AnnualReport, Cell
from .cells import change_of, printed_cells, sum_cells
from .model import CellChange, NotComparable

NO_COUNTERPART = "no counterpart across the legacy / {template} templates (catalogue/legacy.py CROSS_ERA)"


def is_cross_era(before: AnnualReport, after: AnnualReport) -> bool:
    return (before.meta.template == "legacy") != (after.meta.template == "legacy")


def _modern_cell(report: AnnualReport, path: str) -> Cell | None:
    cell = report.cell(path)
    table, row, column = path.split("/")
    if cell is None and table == "requests" and row in SUBTOTALS:
        parts = [report.cell(f"requests/{item}/{column}") for item in SUBTOTALS[row]]
        if any(p is not None for p in parts):
            return sum_cells(parts)
    return cell


def compare_cross_era(before: AnnualReport,
                      after: AnnualReport) -> tuple[list[CellChange], list[NotComparable]]:
    legacy_first = before.meta.template == "legacy"
    legacy, modern = (before, after) if legacy_first else (after, before)
    cells_by_indicator: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for pair in CROSS_ERA:
        cells_by_indicator.setdefault(pair.indicator, []).append(pair.cell)
        notes.setdefault(pair.indicator, []).append(pair.note)
    changes: list[CellChange] = []
    used_legacy: set[str] = set()
    used_modern: set[str] = set()
    for indicator, paths in cells_by_indicator.items():
        old = current_year_value(legacy, indicator)
        parts = [_modern_cell(modern, p) for p in paths]
        if old is None or all(p is None for p in parts):
            continue
        new = parts[0] if len(parts) == 1 else sum_cells(parts)
        if new is None:
            continue
        pair = (old, new) if legacy_first else (new, old)
        key = ("cross_era", indicator, "current_year")
        note = f"{indicator} ↔ {' + '.join(paths)}: " + " ".join(dict.fromkeys(notes[indicator]))
        changes.append(change_of(key, *pair, note))
        used_legacy.add(indicator)
        used_modern.update(paths)
    legacy_side, modern_side = ("before", "after") if legacy_first else ("after", "before")
    unpaired = []
    table = legacy.tables.legacy_stats
    for row, columns in (table.rows.items() if table else []):
        for column in columns:
            if row not in used_legacy:
                unpaired.append(NotComparable(table="legacy_stats", row=row, column=column, side=legacy_side,
                                              reason=NO_COUNTERPART.format(template=modern.meta.template)))
    for table_name, row, column in printed_cells(modern):
        if f"{table_name}/{row}/{column}" not in used_modern:
            unpaired.append(NotComparable(table=table_name, row=row, column=column, side=modern_side,
                                          reason=NO_COUNTERPART.format(template=modern.meta.template)))
    return changes, unpaired
