"""Corrections by hand, never silent: a CSV or YAML file of values a researcher read themselves.

Each correction names a report (``report_id``, or ``agency`` + ``year``), a ``cell`` key
(``table/row/column``, as in the cells output), the ``value``, the ``reason`` and optionally
``force``. ``apply_corrections`` returns a copy of the report in which the cell has
``kind = "corrected"``, the value, ``raw`` as printed and ``note`` = the reason, plus a finding
(``CORRECTED``, info). A correction that would replace a number that was read raises
:class:`CorrectionRefused` unless it is marked ``force``; then it applies and the finding is
``CORRECTION-FORCED`` (warning) with the number read as ``expected``.

CSV: a header row with those column names (UTF-8, a BOM is fine); ``force`` is ``true``/``yes``/``1``
or empty. YAML (``.yaml``/``.yml``, needs PyYAML): a list of mappings with the same keys, or a
mapping ``{corrections: [...]}``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .catalogue import active_disclosure as active_cat
from .catalogue import requests as requests_cat
from .catalogue import review_litigation as review_cat
from .errors import CorrectionRefused, InvalidCorrections, MissingDependency
from .model import TABLE_NAMES, AnnualReport, Cell, Finding, LegacyStatTable, StatTable

FIELDS = ("report_id", "agency", "year", "cell", "value", "reason", "force")
TRUE_WORDS = ("true", "yes", "1", "y", "force")
FALSE_WORDS = ("", "false", "no", "0", "n")

# The row and column keys of the template tables (legacy_stats takes any indicator key).
KNOWN_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "requests": ({r.key for r in requests_cat.ROWS}, set(requests_cat.COLUMNS)),
    "review_litigation": (set(review_cat.ROWS), set(review_cat.COLUMNS)),
    "active_disclosure": (set(active_cat.ROWS), {c for cols in active_cat.COLUMNS.values() for c in cols}),
}


class Correction(BaseModel):
    """One line of a corrections file."""

    model_config = ConfigDict(extra="forbid")

    report_id: str | None = None
    agency: str | None = None
    year: int | None = None
    cell: str
    value: int | float
    reason: str
    force: bool = False
    where: str = ""  # file and line, for messages

    def matches(self, report: AnnualReport, agency_names: Iterable[str] = ()) -> bool:
        """Same report id, or same year and an agency name equal to the printed one or to one of
        ``agency_names`` (e.g. the panel's series name)."""
        return self.matches_meta(report.report_id, report.meta.agency, report.meta.year, agency_names)

    def matches_meta(self, report_id: str, agency: str | None, year: int | None,
                     agency_names: Iterable[str] = ()) -> bool:
        """``matches`` on a report's id, printed agency and year alone (e.g. a reports.jsonl row)."""
        if self.report_id:
            return self.report_id == report_id
        return self.year == year and self.agency in {agency, *agency_names}


def load_corrections(path: str | Path) -> list[Correction]:
    """Read and check a corrections file; :class:`InvalidCorrections` names the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidCorrections("no such corrections file", str(path)) from None
    except UnicodeDecodeError:
        raise InvalidCorrections("the corrections file is not UTF-8 text", str(path)) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(text, path)
    elif path.suffix.lower() == ".csv":
        entries = [(f"line {n}", row) for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2)]
    else:
        raise InvalidCorrections("a corrections file is .csv, .yaml or .yml", str(path))
    corrections = [_correction(entry, f"{path.name}: {where}") for where, entry in entries]
    first_at: dict[tuple, str] = {}
    for correction in corrections:  # two values for one cell: which one holds is not ours to choose
        key = (correction.report_id, correction.agency, correction.year, correction.cell)
        if key in first_at:
            raise InvalidCorrections(f"{correction.where}: {correction.cell} is corrected twice "
                                     f"(first at {first_at[key].split(': ', 1)[1]})")
        first_at[key] = correction.where
    return corrections


def _yaml_entries(text: str, path: Path) -> list[tuple[str, dict]]:
    try:
        import yaml
    except ImportError:
        raise MissingDependency("YAML corrections need PyYAML: pip install 'govdisclose[frames]'",
                                str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidCorrections(f"not valid YAML ({str(error).splitlines()[0]})", str(path)) from None
    if isinstance(data, dict):
        data = data.get("corrections")
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise InvalidCorrections("YAML corrections are a list of mappings (or {corrections: [...]})",
                                 str(path))
    return [(f"entry {n}", entry) for n, entry in enumerate(data, start=1)]


def _correction(entry: dict, where: str) -> Correction:
    def text(name: str) -> str:
        value = entry.get(name)
        return "" if value is None else str(value).strip()

    unknown = [k for k in entry if k not in FIELDS and k is not None]
    if unknown:
        raise InvalidCorrections(f"{where}: unknown field(s) {', '.join(map(str, unknown))}; "
                                 f"fields are {', '.join(FIELDS)}")
    cell = text("cell")
    _check_cell(cell, where)
    value = _number(text("value"), where)
    if not text("reason"):
        raise InvalidCorrections(f"{where}: a correction needs a reason")
    force = text("force").lower()
    if force not in TRUE_WORDS + FALSE_WORDS:
        raise InvalidCorrections(f"{where}: force is true or false, not {text('force')!r}")
    year = text("year")
    if year and not year.isdigit():
        raise InvalidCorrections(f"{where}: year is a number, not {year!r}")
    if not text("report_id") and not (text("agency") and year):
        raise InvalidCorrections(f"{where}: name the report by report_id, or by agency and year")
    return Correction(report_id=text("report_id") or None, agency=text("agency") or None,
                      year=int(year) if year else None, cell=cell, value=value, reason=text("reason"),
                      force=force in TRUE_WORDS, where=where)


def _check_cell(cell: str, where: str) -> None:
    parts = cell.split("/")
    if len(parts) != 3 or not all(parts) or parts[0] not in TABLE_NAMES:
        raise InvalidCorrections(f"{where}: cell {cell!r} is not a cell key table/row/column "
                                 f"(tables: {', '.join(TABLE_NAMES)})")
    table, row, column = parts
    if table in KNOWN_KEYS:
        rows, columns = KNOWN_KEYS[table]
        if row not in rows or column not in columns:
            raise InvalidCorrections(f"{where}: {cell!r} is not a cell of table {table}")


def _number(text: str, where: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise InvalidCorrections(f"{where}: value {text!r} is not a number") from None


def apply_corrections(report: AnnualReport, corrections: Iterable[Correction],
                      agency_names: Iterable[str] = ()) -> tuple[AnnualReport, list[Correction]]:
    """(a corrected copy of the report, the corrections applied). Raises :class:`CorrectionRefused`
    for a correction over a number that was read, unless ``force``."""
    names = tuple(agency_names)
    matching = [c for c in corrections if c.matches(report, names)]
    if not matching:
        return report, []
    corrected = report.model_copy(deep=True)
    for correction in matching:
        _apply(corrected, correction)
    return corrected, matching


def _apply(report: AnnualReport, correction: Correction) -> None:
    table_name, row, column = correction.cell.split("/")
    table = getattr(report.tables, table_name)
    if table is None:
        table = LegacyStatTable() if table_name == "legacy_stats" else StatTable()
        setattr(report.tables, table_name, table)
    old = table.get(row, column)
    who = f"{report.meta.agency or report.report_id} {report.meta.year}"
    if old is not None and old.kind == "number" and not correction.force:
        raise CorrectionRefused(
            f"{correction.where}: {correction.cell} of {who} was read as {old.value} (printed {old.raw!r}); "
            "a correction replaces a number that was read only when marked force")
    printed = old.raw if old is not None else ""
    update = {"value": correction.value, "kind": "corrected", "note": correction.reason}
    table.rows.setdefault(row, {})[column] = (old.model_copy(update=update) if old is not None
                                              else Cell(raw="", **update))
    was = "not printed" if old is None else f"printed {printed!r}, {old.kind}"
    if old is not None and old.kind == "number":
        report.findings.append(Finding(
            rule="CORRECTION-FORCED", severity="warning", cells=[correction.cell], expected=old.value,
            actual=correction.value,
            message=f"a number that was read ({old.value}) replaced by {correction.value} (force): "
                    f"{correction.reason}"))
    else:
        report.findings.append(Finding(
            rule="CORRECTED", severity="info", cells=[correction.cell], actual=correction.value,
            message=f"corrected by hand to {correction.value} ({was}): {correction.reason}"))
