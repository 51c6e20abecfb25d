"""The typed result of ``compare(a, b)``: cells, rates, narrative and cross-year findings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import AnnualReport, CellKind, Severity, Template, Unit

CellStatus = Literal["changed", "same", "kind_changed", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportRef(_Strict):
    """Which report a side of the comparison is."""

    report_id: str
    agency: str | None
    year: int | None
    template: Template
    file_name: str | None = None

    @classmethod
    def of(cls, report: AnnualReport) -> ReportRef:
        meta = report.meta
        return cls(report_id=meta.sha256, agency=meta.agency, year=meta.year, template=meta.template,
                   file_name=meta.file_name)


class CellChange(_Strict):
    """One comparable cell in both reports.

    ``status``: ``changed`` the printed value differs (a number on one side and not on the other
    counts); ``same``; ``kind_changed`` neither side is a number and the kinds differ (blank ↔
    ``/``); ``unknown`` a side is unreadable, so whether it changed cannot be said.
    ``delta`` = after − before when both are numbers, else None.
    """

    table: str
    row: str
    column: str
    before: int | float | None
    after: int | float | None
    delta: int | float | None
    status: CellStatus
    before_kind: CellKind
    after_kind: CellKind
    before_raw: str
    after_raw: str
    unit: Unit | None = None
    note: str | None = Field(None, description="How the cell was derived (（六） sum, unit conversion)")

    @property
    def key(self) -> str:
        return f"{self.table}/{self.row}/{self.column}"


class NotComparable(_Strict):
    """A cell printed by one or both reports that has no counterpart in the other."""

    table: str
    row: str
    column: str
    side: Literal["before", "after", "both"] = Field(description="Which report prints the cell")
    reason: str

    @property
    def key(self) -> str:
        return f"{self.table}/{self.row}/{self.column}"


class Metric(_Strict):
    """A derived rate of one report; ``value`` is None when an input is missing or the denominator 0."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    reason: str | None = Field(None, description="Why value is None")


class MetricChange(_Strict):
    name: str
    label: str
    definition: str
    before: Metric
    after: Metric
    delta: float | None = Field(description="after − before, when both exist")


class SectionComparison(_Strict):
    """Narrative of one section after boilerplate removal and number masking."""

    number: int
    heading: str
    similarity: float | None = Field(description="0..1 character similarity; None when both are empty")
    before_chars: int
    after_chars: int
    sentences_kept: int = Field(description="Sentences of the later report also in the earlier one")
    added: list[str] = Field(default_factory=list, description="Sentences only in the later report")
    removed: list[str] = Field(default_factory=list, description="Sentences only in the earlier report")


class CrossYearFinding(_Strict):
    """A finding between two reports of one agency (X-1, X-2, X-3).

    ``cells`` are paths in the later report, ``previous_cells`` in the earlier one; ``expected`` is
    what the rule computes, ``actual`` what the later report prints.
    """

    rule: str
    severity: Severity
    message: str
    cells: list[str] = Field(default_factory=list)
    previous_cells: list[str] = Field(default_factory=list)
    expected: int | float | None = None
    actual: int | float | None = None
    year: int | None = None
    previous_year: int | None = None


class Comparison(_Strict):
    """``compare(a, b)``: ``before`` is the earlier report (by year), whatever the argument order."""

    before: ReportRef
    after: ReportRef
    swapped: bool = Field(description="True when the arguments were given later-first")
    same_agency: bool | None = Field(
        None, description="False when the reports name different agencies (X-1/X-2 are then skipped); "
                          "None when either names none")
    cells: list[CellChange] = Field(default_factory=list)
    not_comparable: list[NotComparable] = Field(default_factory=list)
    metrics: list[MetricChange] = Field(default_factory=list)
    sections: list[SectionComparison] = Field(default_factory=list)
    narrative_similarity: float | None = Field(
        None, description="Similarity of all sections' prose, weighted by length")
    findings: list[CrossYearFinding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Checks skipped and why")

    def changes(self) -> list[CellChange]:
        """The cells whose printed value differs."""
        return [c for c in self.cells if c.status == "changed"]

    def cell(self, key: str) -> CellChange | None:
        return next((c for c in self.cells if c.key == key), None)

    def metric(self, name: str) -> MetricChange | None:
        return next((m for m in self.metrics if m.name == name), None)
