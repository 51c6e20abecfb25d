"""A report's harmonised variables: ``harmonised_values(report)`` reads ``catalogue/harmonised.py``.

For each variable, the source of the report's era is looked up and its first printed way is
read: the keys' cells summed, blank counting 0 (the 勾稽 convention). The result keeps where every
part came from. Kinds:

- ``number``: every part read (``corrected`` when a part came from a corrections file);
- ``blank`` (all parts blank), ``not_applicable`` (a single ``/`` cell), ``unreadable`` (a part
  unreadable or ``/`` inside a sum): value null;
- ``missing``: the era has no source for the variable, or the report prints none of its keys.

Money is in 10k yuan: a cell printed in yuan is divided by 10 000 (``note`` says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .catalogue.harmonised import VARIABLES, Variable
from .catalogue.legacy import CURRENT_YEAR_COLUMNS, MONEY_UNITS
from .model import AnnualReport, Cell


@dataclass
class HarmonisedValue:
    """One variable of one report, traceable to the cells it was read from."""

    variable: str
    value: int | float | None
    kind: str
    unit: str
    keys: list[str] = field(default_factory=list)      # the cell keys read, as printed in cells()
    raw: str | None = None                             # the printed text of each part, "+"-joined
    page: int | None = None                            # the first part's page
    path: str | None = None                            # the parts' element paths / lines, "; "-joined
    findings: list[str] = field(default_factory=list)  # rules of the report's findings on these cells
    note: str | None = None


@dataclass
class _Part:
    key: str
    cell: Cell


def harmonised_values(report: AnnualReport) -> list[HarmonisedValue]:
    """Every harmonised variable for the report, in catalogue order."""
    return [harmonised_value(report, variable) for variable in VARIABLES]


def harmonised_value(report: AnnualReport, variable: Variable) -> HarmonisedValue:
    source = variable.source(report.meta.template)
    if source is None:
        return HarmonisedValue(variable.name, None, "missing", variable.unit,
                               note=f"no source in the {report.meta.template} template")
    for way in source.ways:
        parts = [part for key in way if (part := _read(report, key)) is not None]
        if parts:
            return _combine(report, variable, way, parts)
    return HarmonisedValue(variable.name, None, "missing", variable.unit,
                           note="not printed: " + " | ".join(" + ".join(way) for way in source.ways))


def findings_on(report: AnnualReport, keys: list[str]) -> list[str]:
    """Rules of the report's findings naming one of the cell keys, or a row they are in
    (MISSING-ROW names ``table/row``)."""
    rows = {key.rsplit("/", 1)[0] for key in keys}
    return list(dict.fromkeys(f.rule for f in report.findings
                              if any(cell in keys or cell in rows for cell in f.cells)))


def _read(report: AnnualReport, key: str) -> _Part | None:
    """The cell a source key names, with the key as ``cells()`` prints it; None when not printed."""
    kind, _, rest = key.partition("/")
    if kind == "legacy_stats":
        table = report.tables.legacy_stats
        for column in CURRENT_YEAR_COLUMNS:
            cell = table.get(rest, column) if table else None
            if cell is not None:
                if cell.unit is None and table.units.get(rest) in MONEY_UNITS:
                    cell = cell.model_copy(update={"unit": MONEY_UNITS[table.units[rest]]})
                return _Part(f"legacy_stats/{rest}/{column}", cell)
        return None
    if kind == "facts":
        facts = [f for f in report.facts if f.indicator == rest]
        if not facts:
            return None
        values = {f.value for f in facts}
        first = facts[0]
        cell = Cell(value=first.value if len(values) == 1 else None,
                    kind="number" if len(values) == 1 else "unreadable",
                    raw=" | ".join(dict.fromkeys(f.raw for f in facts)), page=first.page, path=first.path)
        return _Part(f"facts/{rest}", cell)
    cell = report.cell(key)
    return None if cell is None else _Part(key, cell)


def _combine(report: AnnualReport, variable: Variable, way: tuple[str, ...],
             parts: list[_Part]) -> HarmonisedValue:
    keys = [p.key for p in parts]
    pages = [p.cell.page for p in parts if p.cell.page is not None]
    paths = list(dict.fromkeys(p.cell.path for p in parts if p.cell.path))
    rules = findings_on(report, [*keys, *way])
    result = HarmonisedValue(variable.name, None, "unreadable", variable.unit, keys,
                             "+".join(p.cell.raw for p in parts), pages[0] if pages else None,
                             "; ".join(paths) or None, rules)
    notes = [p.cell.note for p in parts if p.cell.note]
    if len(parts) < len(way):
        missing = [k for k in way if not any(p.key.startswith(k) for p in parts)]
        result.note = "not printed: " + ", ".join(missing)
        return result
    kinds = {p.cell.kind for p in parts}
    if len(parts) == 1 and kinds <= {"blank", "not_applicable", "unreadable"}:
        result.kind = kinds.pop()
        return result
    if kinds & {"unreadable", "not_applicable"}:
        result.note = "a part is unreadable or not applicable"
        return result
    numbers = [p.cell for p in parts if p.cell.kind in ("number", "corrected")]
    if not numbers:
        result.kind = "blank"
        return result
    if variable.unit == "10k_yuan" and any(c.unit is None and c.value != 0 for c in numbers):
        result.note = "money printed without a unit: not converted"
        return result
    total, converted = Decimal(0), False
    for cell in numbers:
        amount = Decimal(str(cell.value))
        if variable.unit == "10k_yuan" and cell.unit == "yuan":
            amount, converted = amount / 10000, True
        total += amount
    integral = all(isinstance(c.value, int) for c in numbers) and not converted
    result.value = int(total) if integral else float(total)
    result.kind = "corrected" if "corrected" in kinds else "number"
    result.note = "; ".join([*notes, *(["converted from yuan to 10k yuan"] if converted else [])]) or None
    return result
