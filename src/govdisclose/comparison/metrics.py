"""Derived rates of one report, defined as data, and their change between two reports.

A rate is ``sum(numerator cells) / sum(denominator cells)``. In the sums a blank cell counts 0,
as in the 勾稽 rules; a missing row, a ``/`` or an unreadable cell makes the rate None (with the
reason), and so does a denominator of 0 or one made only of blanks. Nothing is estimated. A
cell corrected by hand (``corrections.py``) counts with its corrected value.
Outcome groups (（三）不予公开 …) are the sum of their item rows' 总计 cells; when a report prints
only the group's subtotal row, that row is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.requests import OTHER_SUBROWS, SUBTOTALS
from ..model import AnnualReport, Cell
from .model import Metric, MetricChange

# Outcome groups of table 三 → the item rows whose 总计 cells make them up.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "withheld": SUBTOTALS["withheld"],
    "unavailable": SUBTOTALS["unavailable"],
    "not_processed": SUBTOTALS["not_processed"],
    "other": OTHER_SUBROWS,
}
GROUP_LABELS: dict[str, str] = {
    "granted": "（一）予以公开", "partially_granted": "（二）部分公开", "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供", "not_processed": "（五）不予处理", "other": "（六）其他处理",
}
TOTAL = "requests/total/total"


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    numerator: tuple[str, ...]     # cell paths, or "group:<name>" for an outcome group's total
    denominator: tuple[str, ...]

    @property
    def definition(self) -> str:
        return f"({' + '.join(self.numerator)}) / ({' + '.join(self.denominator)})"


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("grant_rate", "公开率 (予以公开+部分公开)/总计",
               ("requests/granted/total", "requests/partially_granted/total"), (TOTAL,)),
    *(MetricSpec(f"share.{group}", f"{label} 占总计", (f"group:{group}",), (TOTAL,))
      for group, label in GROUP_LABELS.items()),
    MetricSpec("natural_person_share", "自然人申请占新收申请",
               ("requests/new/natural_person",), ("requests/new/total",)),
    MetricSpec("review_correction_rate", "行政复议纠正率 结果纠正/总计",
               ("review_litigation/review/corrected",), ("review_litigation/review/total",)),
    MetricSpec("litigation_correction_rate", "行政诉讼纠正率 结果纠正/总计 (两类诉讼合计)",
               ("review_litigation/litigation_direct/corrected",
                "review_litigation/litigation_after_review/corrected"),
               ("review_litigation/litigation_direct/total",
                "review_litigation/litigation_after_review/total")),
)


class _Missing(Exception):
    """An input of a rate cannot be used; the message says which and why."""


def _cell_value(report: AnnualReport, path: str) -> tuple[int, bool]:
    """(value, printed as a number) of a count cell; blank is (0, False)."""
    cell: Cell | None = report.cell(path)
    if cell is None:
        raise _Missing(f"{path} not printed")
    if cell.kind in ("number", "corrected") and cell.value is not None:
        return int(cell.value), True
    if cell.kind == "blank":
        return 0, False
    raise _Missing(f"{path} is {cell.kind}")


def _term(report: AnnualReport, term: str) -> tuple[int, bool]:
    if not term.startswith("group:"):
        return _cell_value(report, term)
    group = term.removeprefix("group:")
    rows = OUTCOME_GROUPS[group]
    if group == "other" and report.cell("requests/other/total") is not None and \
            report.cell(f"requests/{OTHER_SUBROWS[0]}/total") is None:
        rows = ("other",)
    try:
        parts = [_cell_value(report, f"requests/{row}/total") for row in rows]
    except _Missing:
        if group in SUBTOTALS and report.cell(f"requests/{group}/total") is not None:
            return _cell_value(report, f"requests/{group}/total")
        raise
    return sum(v for v, _ in parts), any(printed for _, printed in parts)


def metric_of(report: AnnualReport, spec: MetricSpec) -> Metric:
    try:
        numerator = [_term(report, t) for t in spec.numerator]
        denominator = [_term(report, t) for t in spec.denominator]
    except _Missing as missing:
        return Metric(value=None, reason=str(missing))
    top = sum(v for v, _ in numerator)
    bottom = sum(v for v, _ in denominator)
    if not any(printed for _, printed in denominator):
        return Metric(value=None, numerator=top, reason="denominator is blank")
    if bottom == 0:
        return Metric(value=None, numerator=top, denominator=0, reason="denominator is 0")
    return Metric(value=top / bottom, numerator=top, denominator=bottom)


def metrics_of(report: AnnualReport) -> dict[str, Metric]:
    """Every rate of :data:`METRICS` for one report."""
    return {spec.name: metric_of(report, spec) for spec in METRICS}


def compare_metrics(before: AnnualReport, after: AnnualReport) -> list[MetricChange]:
    old, new = metrics_of(before), metrics_of(after)
    changes = []
    for spec in METRICS:
        a, b = old[spec.name], new[spec.name]
        delta = b.value - a.value if a.value is not None and b.value is not None else None
        changes.append(MetricChange(name=spec.name, label=spec.label, definition=spec.definition,
                                    before=a, after=b, delta=delta))
    return changes
