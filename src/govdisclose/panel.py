"""A panel of reports: one row per agency-year, a column per cell key, cross-year checks per series.

``build_panel(reports)`` groups reports into series by normalised agency name (rules as data in
``catalogue/agency_names.py``, applied by ``comparison/agencies.py``), keeps one report per
agency-year, and runs the cross-year checks X-1/X-2/X-3 (``comparison/continuity.py``) between
consecutive years of each series.

Columns: ``agency`` (the series name: the longest spelling seen), ``agency_as_printed``, ``year``,
``template``, ``report_id``, ``file_name``, ``cross_year_findings`` (the rules found against the
previous year, ``;``-separated), ``rate:<name>`` for each derived rate (``comparison/metrics.py``),
then one column per cell key ``table/row/column`` holding the printed number (empty when the cell
is blank, ``/``, unreadable or not printed: the long ``cells`` output keeps those kinds apart).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import active_disclosure as active_cat
from .catalogue import requests as requests_cat
from .catalogue import review_litigation as review_cat
from .comparison.agencies import normal_spelling, series_names
from .comparison.cells import MODERN_TABLES, printed_cells
from .comparison.continuity import cross_year_findings
from .comparison.metrics import METRICS, metrics_of
from .comparison.narrative import compare_narrative
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


@dataclass
class Panel:
    rows: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def build_panel(reports: Iterable[AnnualReport]) -> Panel:
    """Rows sorted by (agency, year); findings X-1/X-2/X-3 per series plus panel notes."""
    panel = Panel()
    kept: dict[tuple[str, int], AnnualReport] = {}
    seen_ids: set[str] = set()
    candidates = []
    for report in reports:
        if report.report_id in seen_ids:
            continue
        seen_ids.add(report.report_id)
        if not report.meta.agency or report.meta.year is None:
            panel.findings.append({"rule": "PANEL-SKIPPED", "severity": "warning", "report_id": report.report_id,
                                   "file_name": report.meta.file_name,
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
                "message": f"a second report for {key[0]} {key[1]}; kept {kept[key].meta.file_name or kept[key].report_id}"})
            continue
        kept[key] = report
    cell_keys: set[tuple[str, str, str]] = set()
    by_key = {}
    for key, report in kept.items():
        cells = printed_cells(report)
        by_key[key] = cells
        cell_keys |= set(cells)
    ordered_keys = sorted(cell_keys, key=_order)
    panel.columns = [*FIXED_COLUMNS, *(f"rate:{m.name}" for m in METRICS), *("/".join(k) for k in ordered_keys)]
    cross = _series_findings(kept)
    panel.findings = cross + panel.findings
    for (agency, year) in sorted(kept):
        report = kept[(agency, year)]
        rules = [f["rule"] for f in cross if f["agency"] == agency and f["year"] == year]
        row = {"agency": agency, "agency_as_printed": report.meta.agency, "year": year,
               "template": report.meta.template, "report_id": report.report_id,
               "file_name": report.meta.file_name, "cross_year_findings": ";".join(dict.fromkeys(rules))}
        for name, metric in metrics_of(report).items():
            row[f"rate:{name}"] = metric.value
        cells = by_key[(agency, year)]
        for key in ordered_keys:
            cell = cells.get(key)
            row["/".join(key)] = cell.value if cell is not None and cell.kind == "number" else None
        panel.rows.append(row)
    return panel


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


def panel_csv(panel: Panel) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=panel.columns, lineterminator="\n")
    writer.writeheader()
    for row in panel.rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in panel.columns})
    return out.getvalue()


def write_parquet(panel: Panel, path: str | Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {}
    for column in panel.columns:
        values = [row.get(column) for row in panel.rows]
        present = [v for v in values if v is not None]
        if column in ("year",) or (present and all(isinstance(v, int) for v in present) and "/" in column):
            kind = pa.int64()
        elif column.startswith("rate:") or any(isinstance(v, float) for v in present) or "/" in column:
            kind = pa.float64()
        else:
            kind = pa.string()
        arrays[column] = pa.array(values, type=kind)
    pq.write_table(pa.table(arrays), str(path))


def findings_jsonl(panel: Panel) -> str:
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in panel.findings)


def findings_path(output: str | Path) -> Path:
    """The sibling file of the findings: panel.csv → panel.findings.jsonl."""
    output = Path(output)
    return output.with_name(output.stem + ".findings.jsonl")
