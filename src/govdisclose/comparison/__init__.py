"""Year-over-year comparison of two reports: ``compare(a, b) -> Comparison``.

>>> from govdisclose.comparison import compare
>>> comparison = compare("report-2022.pdf", "report-2023.pdf")   # either order
>>> [(c.key, c.before, c.after, c.delta) for c in comparison.changes()]
>>> comparison.metric("grant_rate").after.value
>>> [f.rule for f in comparison.findings]                         # X-1, X-2, X-3

Modules: ``cells`` (cell pairs through ``catalogue/comparable.py``), ``metrics`` (derived rates),
``narrative`` (section similarity), ``continuity`` (X-1/X-2/X-3), ``html`` (the diff page),
``inputs`` (reading reports, saved JSON and folders).
"""

from __future__ import annotations

from pathlib import Path

from ..model import AnnualReport
from .agencies import same_agency
from .cells import compare_cells
from .continuity import cross_year_findings
from .cross_era import compare_cross_era, is_cross_era
from .inputs import load_report
from .metrics import compare_metrics, metrics_of
from .model import (
    CellChange,
    Comparison,
    CrossYearFinding,
    Metric,
    MetricChange,
    NotComparable,
    ReportRef,
    SectionComparison,
)
from .narrative import compare_narrative

CROSS_ERA_NOTE = ("legacy ↔ 2019/2021 report: only the CROSS_ERA indicators are compared; "
                  "narrative and X-1/X-2/X-3 skipped (the sections differ)")

__all__ = [
    "CellChange", "Comparison", "CrossYearFinding", "Metric", "MetricChange", "NotComparable", "ReportRef",
    "SectionComparison", "compare", "compare_reports", "load_report", "metrics_of",
]


def compare(a: AnnualReport | str | Path, b: AnnualReport | str | Path) -> Comparison:
    """Compare two reports (objects, saved JSON or files), the earlier year as ``before``."""
    return compare_reports(load_report(a), load_report(b))[0]


def ordered(a: AnnualReport, b: AnnualReport) -> tuple[AnnualReport, AnnualReport, bool]:
    """(earlier, later, swapped): by year; the argument order when a year is unknown or equal."""
    if a.meta.year is not None and b.meta.year is not None and a.meta.year > b.meta.year:
        return b, a, True
    return a, b, False


def compare_reports(a: AnnualReport, b: AnnualReport) -> tuple[Comparison, AnnualReport, AnnualReport]:
    """The comparison plus the two reports in (before, after) order."""
    before, after, swapped = ordered(a, b)
    agency = same_agency(before, after)
    if is_cross_era(before, after):
        cells, not_comparable = compare_cross_era(before, after)
        sections, similarity = [], None
        findings, notes = [], [CROSS_ERA_NOTE]
    else:
        cells, not_comparable = compare_cells(before, after)
        sections, similarity = compare_narrative(before, after)
        findings, notes = cross_year_findings(before, after, similarity, same_agency=agency is not False)
    names = f"{before.meta.agency} / {after.meta.agency}"
    if agency is False:
        notes.insert(0, f"different agencies: {names}")
    elif agency and before.meta.agency != after.meta.agency:
        notes.append(f"agencies spelled differently, taken as one: {names}")
    comparison = Comparison(
        before=ReportRef.of(before), after=ReportRef.of(after), swapped=swapped, same_agency=agency,
        cells=cells, not_comparable=not_comparable, metrics=compare_metrics(before, after),
        sections=sections, narrative_similarity=similarity, findings=findings, notes=notes,
    )
    return comparison, before, after
