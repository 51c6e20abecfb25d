"""A panel of reports: one row per agency-year, harmonised variables (or the template's own cells),
cross-year checks per series, a long form that traces every value to its page or line.

``build_panel(reports, raw=False, corrections=())`` groups reports into series by normalised
agency name (rules as data in ``catalogue/agency_names.py``, applied by ``comparison/agencies.py``),
keeps one report per agency-year, applies corrections (``corrections.py``), and runs the cross-year
checks X-1/X-2/X-3 (``comparison/continuity.py``) between consecutive years of each series.

Wide columns: ``agency`` (the series name: the longest spelling seen), ``agency_as_printed``,
``year``, ``template``, ``report_id``, ``file_name``, ``cross_year_findings`` (the rules found
against the previous year, ``;``-separated), the place (``province`` … ``agency_level``, from
``govdisclose.places.locate`` when installed), ``rate:<name>`` for each derived rate
(``comparison/metrics.py``), then one column per harmonised variable (``catalogue/harmonised.py``)
or, with ``raw``, per printed cell key ``table/row/column``. A value is the number read (or
corrected); blank, ``/``, unreadable and missing are empty in the wide table and told apart in
the long one (:data:`LONG_COLUMNS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import active_disclosure as active_cat
from .catalogue import requests as requests_cat
from .catalogue import review_litigation as review_cat
from .catalogue.harmonised import BY_NAME, VARIABLES
from .comparison.agencies import normal_spelling, series_names
from .comparison.cells import MODERN_TABLES, printed_cells
from .comparison.continuity import cross_year_findings
from .comparison.metrics import METRICS, metrics_of
from .comparison.narrative import compare_narrative
from .corrections import Correction, apply_corrections
from .errors import MissingDependency
from .harmonise import HarmonisedValue, findings_on, harmonised_values
from .model import AnnualReport

FIXED_COLUMNS = ("agency", "agency_as_printed", "year", "template", "report_id", "file_name",
                 "cross_year_findings")


def _order(key: tuple[str, str, str]) -> tuple:
    """Sort cell keys in catalogue order: table, row, column."""
    table, row, column = key
    if table == "requests":
        rows = [r.key for r in requests_cat.ROWS]
        columns = list(requests_cat.COLUMNS)
        columns.remove("total")
        columns.append("total")
    elif table == "review_litigation":
        rows, columns = list(review_cat.ROWS), list(review_cat.COLUMNS)
    else:
        rows = list(active_cat.ROWS)
        columns = [c for cols in active_cat.COLUMNS.values() for c in cols]
    return (MODERN_TABLES.index(table) if table in MODERN_TABLES else 9,
            rows.index(row) if row in rows else len(rows), row,
            columns.index(column) if column in columns else len(columns), column)


PLACE_COLUMNS = ("province", "prefecture", "county", "division_code", "agency_level")
VALUE_KINDS = ("number", "corrected")   # the kinds whose value goes into the wide table
LONG_COLUMNS = ("agency", "agency_as_printed", "year", "template", "report_id", "file_name", "variable",
                "value", "kind", "unit", "raw", "cell_keys", "page", "path", "findings", "note")
DESCRIPTIONS: dict[str, str] = {
    "agency": "Agency (series name: the longest spelling of the agency's name seen)",
    "agency_as_printed": "Agency name as printed in this year's report",
    "year": "Data year of the report",
    "template": "Table template of the report: legacy (before 2019), 2019 or 2021",
    "report_id": "SHA-256 of the report file",
    "file_name": "File the report was read from",
    "cross_year_findings": "Cross-year rules (X-1, X-2, X-3) failed against the previous year",
    "province": "Province of the agency", "prefecture": "Prefecture (city) of the agency",
    "county": "County (district) of the agency",
    "division_code": "6-digit administrative division code of the agency's place",
    "agency_level": "Kind of agency (government, office, department, township, zone)",
    "variable": "Harmonised variable name, or the cell key table/row/column (raw panel)",
    "value": "The value (null unless kind is number or corrected)",
    "kind": "number, corrected, blank, not_applicable, unreadable or missing",
    "unit": "Unit of the value",
    "raw": "The text as printed (parts joined by +)",
    "cell_keys": "The cell keys the value was read from (parts of a sum joined by +)",
    "page": "Page of the (first) printed cell",
    "path": "Line or element path of the printed cells (sources without pages)",
    "findings": "Rules of the report's findings on these cells",
    "note": "Why a value is missing or how it was derived; the reason of a correction",
}


@dataclass
class Panel:
    """The wide table (``rows`` over ``columns``), the long form and the panel findings."""

    rows: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    long: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    place_findings: list[dict] = field(default_factory=list)     # from places.locate, "source": "places"
    descriptions: dict[str, str] = field(default_factory=dict)   # column → English label
    raw: bool = False

    def wide_frame(self):
        """The wide table as a pandas DataFrame (the ``frames`` extra)."""
        return _frame(self.rows, self.columns)

    def long_frame(self):
        """The long form as a pandas DataFrame."""
        return _frame(self.long, list(LONG_COLUMNS))

    def write(self, path: str | Path) -> list[Path]:
        """Write by suffix (.parquet .csv .dta .xlsx); see ``panel_export.write_panel``."""
        from .panel_export import write_panel

        return write_panel(self, path)


def _frame(rows: list[dict], columns: list[str]):
    try:
        import pandas as pd
    except ImportError as error:
        from .errors import MissingDependency

        raise MissingDependency("panel frames need pandas: pip install 'govdisclose[frames]'") from error
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    if "page" in columns:
        frame["page"] = frame["page"].astype("Int64")
    for column in columns:
        if column == "value" or column.startswith("rate:") or "/" in column or column in BY_NAME:
            frame[column] = frame[column].astype("float64")
    return frame


def build_panel(reports: Iterable[AnnualReport], raw: bool = False,
                corrections: Iterable[Correction] = ()) -> Panel:
    """Rows sorted by (agency, year); findings X-1/X-2/X-3 per series plus panel notes."""
    panel = Panel(raw=raw)
    kept = _one_per_agency_year(reports, panel)
    corrections = list(corrections)
    used: set[int] = set()
    for key, report in kept.items():
        kept[key], applied = apply_corrections(report, corrections, agency_names=(key[0],))
        used |= {id(c) for c in applied}
    for correction in corrections:
        if id(correction) not in used:
            panel.findings.append({"rule": "CORRECTION-UNUSED", "severity": "warning",
                                   "cell": correction.cell,
                                   "message": f"{correction.where}: matches no report of the panel"})
    cross = _series_findings(kept)
    panel.findings = cross + panel.findings
    variables = _variables(kept, raw)
    panel.columns = [*FIXED_COLUMNS, *PLACE_COLUMNS, *(f"rate:{m.name}" for m in METRICS), *variables]
    panel.descriptions = {**DESCRIPTIONS,
                          **{f"rate:{m.name}": m.label for m in METRICS},
                          **{v: _description(v) for v in variables}}
    for (agency, year) in sorted(kept):
        report = kept[(agency, year)]
        rules = [f["rule"] for f in cross if f["agency"] == agency and f["year"] == year]
        row = {"agency": agency, "agency_as_printed": report.meta.agency, "year": year,
               "template": report.meta.template, "report_id": report.report_id,
               "file_name": report.meta.file_name, "cross_year_findings": ";".join(dict.fromkeys(rules))}
        row |= _place(report, panel, agency, year)
        for name, metric in metrics_of(report).items():
            row[f"rate:{name}"] = metric.value
        values = _raw_values(report) if raw else harmonised_values(report)
        by_name = {v.variable: v for v in values}
        for variable in variables:
            value = by_name.get(variable)
            row[variable] = value.value if value is not None and value.kind in VALUE_KINDS else None
        panel.rows.append(row)
        identity = {k: row[k] for k in LONG_COLUMNS[:6]}
        panel.long += [identity | _long_record(v) for v in values]
    return panel



def _one_per_agency_year(reports: Iterable[AnnualReport],
                         panel: Panel) -> dict[tuple[str, int], AnnualReport]:
    """The first report of each (series name, year); the others are PANEL-SKIPPED/PANEL-DUPLICATE."""
    kept: dict[tuple[str, int], AnnualReport] = {}
    seen_ids: set[str] = set()
    candidates = []
    for report in reports:
        if report.report_id in seen_ids:
            continue
        seen_ids.add(report.report_id)
        if not report.meta.agency or report.meta.year is None:
            panel.findings.append({"rule": "PANEL-SKIPPED", "severity": "warning",
                                   "report_id": report.report_id, "file_name": report.meta.file_name,
                                   "message": "no agency or year was recognised: left out of the panel"})
            continue
        candidates.append(report)
    spelling = {r.report_id: normal_spelling(r.meta.agency) for r in candidates}
    series = series_names(spelling.values())
    for report in candidates:
        key = (series[spelling[report.report_id]], report.meta.year)
        if key in kept:
            panel.findings.append({
                "rule": "PANEL-DUPLICATE", "severity": "warning", "agency": key[0], "year": key[1],
                "report_id": report.report_id, "file_name": report.meta.file_name,
                "message": f"a second report for {key[0]} {key[1]}; "
                           f"kept {kept[key].meta.file_name or kept[key].report_id}"})
            continue
        kept[key] = report
    return kept


def _variables(kept: dict[tuple[str, int], AnnualReport], raw: bool) -> list[str]:
    """Every harmonised variable, or (raw) every cell key printed by a kept report, in catalogue order."""
    if not raw:
        return [v.name for v in VARIABLES]
    keys: set[tuple[str, str, str]] = set()
    for report in kept.values():
        keys |= set(printed_cells(report))
    return ["/".join(k) for k in sorted(keys, key=_order)]


def _description(column: str) -> str:
    if column in BY_NAME:
        variable = BY_NAME[column]
        return f"{variable.label} [{variable.unit}]"
    return cell_description(column)


def cell_description(key: str) -> str:
    """A cell key's printed Chinese labels: ``requests/new/total`` → 一、本年新收… · 总计."""
    table, row, column = key.split("/")
    if table == "requests":
        row_label = requests_cat.ROW_BY_KEY[row].label if row in requests_cat.ROW_BY_KEY else row
        column_label = requests_cat.COLUMNS.get(column, (column,))[0]
    elif table == "review_litigation":
        row_label, column_label = review_cat.ROWS.get(row, row), review_cat.COLUMNS.get(column, column)
    else:
        row_label = active_cat.ROWS.get(row, (row,))[0]
        column_label = next((labels[column][0] for labels in active_cat.COLUMNS.values() if column in labels),
                            column)
    return f"{row_label} · {column_label}"


def _raw_values(report: AnnualReport) -> list[HarmonisedValue]:
    """The template's own printed cells, as values of the variables ``table/row/column``."""
    values = []
    for key, cell in printed_cells(report).items():
        path = "/".join(key)
        rules = findings_on(report, [path])
        values.append(HarmonisedValue(path, cell.value, cell.kind, cell.unit or "", [path], cell.raw,
                                      cell.page, cell.path, rules, cell.note))
    return values


def _long_record(value: HarmonisedValue) -> dict:
    return {"variable": value.variable, "value": value.value, "kind": value.kind, "unit": value.unit or None,
            "raw": value.raw, "cell_keys": " + ".join(value.keys) or None, "page": value.page,
            "path": value.path, "findings": ";".join(value.findings) or None, "note": value.note}


def _place(report: AnnualReport, panel: Panel, agency: str, year: int) -> dict:
    """The place columns from ``govdisclose.places.locate`` (nulls while that module is absent)."""
    try:
        from .places import locate
    except ImportError:
        return dict.fromkeys(PLACE_COLUMNS)
    try:
        place = locate(report)
    except MissingDependency as error:     # the places extra is not installed: null, said once
        if not any(f["rule"] == "PLACES-UNAVAILABLE" for f in panel.place_findings):
            panel.place_findings.append({"rule": "PLACES-UNAVAILABLE", "severity": "info", "source": "places",
                                         "message": f"places left empty: {error}"})
        return dict.fromkeys(PLACE_COLUMNS)
    for finding in place.findings:
        panel.place_findings.append({"agency": agency, "year": year, "report_id": report.report_id,
                                     "source": "places", **finding.model_dump()})
    return {"province": place.province, "prefecture": place.prefecture, "county": place.county,
            "division_code": place.division_code, "agency_level": place.level}


def _series_findings(kept: dict[tuple[str, int], AnnualReport]) -> list[dict]:
    findings = []
    for (agency, year) in sorted(kept):
        previous = kept.get((agency, year - 1))
        if previous is None:
            continue
        report = kept[(agency, year)]
        _, similarity = compare_narrative(previous, report)
        for finding in cross_year_findings(previous, report, similarity)[0]:
            findings.append({"agency": agency, "year": year, "previous_year": year - 1,
                             "report_id": report.report_id, "previous_report_id": previous.report_id,
                             **finding.model_dump(exclude={"year", "previous_year"})})
    return findings


def findings_jsonl(panel: Panel) -> str:
    """The panel findings, then the place findings, one JSON object a line."""
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in [*panel.findings, *panel.place_findings])


def findings_path(output: str | Path) -> Path:
    """The sibling file of the findings: panel.csv → panel.findings.jsonl."""
    output = Path(output)
    return output.with_name(output.stem + ".findings.jsonl")


def load_reports(inputs: Iterable[AnnualReport | str | Path]
                 ) -> tuple[list[AnnualReport], list[tuple[Path, Exception]]]:
    """Reports from report objects, files, saved JSON, folders and convert output folders, plus
    the inputs that could not be read (path, typed error). None readable: ``UnreadableInput``."""
    from .comparison.inputs import input_files, load_report
    from .errors import GovDiscloseError, UnreadableInput

    reports, skipped, paths = [], [], []
    for item in inputs:
        if isinstance(item, AnnualReport):
            reports.append(item)
        else:
            paths.append(item)
    for path in input_files(paths):
        try:
            reports.append(load_report(path))
        except GovDiscloseError as error:
            skipped.append((path, error))
    if not reports:
        raise UnreadableInput("no report could be read from the inputs")
    return reports, skipped


def panel(inputs: Iterable[AnnualReport | str | Path] | AnnualReport | str | Path, *, raw: bool = False,
          corrections: str | Path | Iterable[Correction] | None = None) -> Panel:
    """The panel of reports, report files, saved JSON or folders (``govdisclose.panel``).

    ``raw``: the template's own cells instead of the harmonised variables; ``corrections``: a
    corrections file (CSV/YAML) or loaded corrections. Inputs that cannot be read are left out,
    each with a ``PANEL-UNREADABLE`` finding.
    """
    from .corrections import load_corrections

    if isinstance(inputs, (AnnualReport, str, Path)):
        inputs = [inputs]
    if isinstance(corrections, (str, Path)):
        corrections = load_corrections(corrections)
    reports, skipped = load_reports(inputs)
    result = build_panel(reports, raw=raw, corrections=corrections or ())
    result.findings += [{"rule": "PANEL-UNREADABLE", "severity": "warning", "path": str(path),
                         "message": f"{type(error).__name__}: {error}"} for path, error in skipped]
    return result
