"""The public data model: an ``AnnualReport`` and its parts (pydantic v2).

The JSON produced by ``AnnualReport.model_dump(mode="json")`` has the top-level keys ``meta``,
``sections``, ``tables`` and ``findings``; ``report.cells()`` yields the long records defined in
``shared/spec/cell-keys.md``. JSON Schemas in ``schemas/`` are generated from these classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Template = Literal["2019", "2021", "legacy", "unknown"]
SourceKind = Literal["pdf_text", "ocr", "html", "docx", "text"]
TableName = Literal["active_disclosure", "requests", "review_litigation"]
CellKind = Literal["number", "blank", "not_applicable", "unreadable"]
Unit = Literal["10k_yuan", "yuan"]
Severity = Literal["error", "warning", "info"]

TABLE_NAMES: tuple[TableName, ...] = ("active_disclosure", "requests", "review_litigation")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Strict):
    """What the report is: whose, which year, which template, read from which file."""

    title: str | None = Field(None, description="Title as printed, normalised to one line")
    agency: str | None = Field(None, description="The agency the report is about")
    year: int | None = Field(None, description="Data year (the title year)")
    template: Template = "unknown"
    source: SourceKind
    sha256: str = Field(description="SHA-256 of the input file: the report_id")
    page_count: int | None = None
    file_name: str | None = None
    published: str | None = Field(None, description="Publication date when the source states it")
    publisher: str | None = None
    url: str | None = None


class SubItem(_Strict):
    """A numbered sub-item inside a section, e.g. （一）主动公开情况 within 一、总体情况."""

    marker: str = Field(description="The marker as printed, normalised: （一）")
    heading: str = Field(description="The sub-item's opening phrase up to its first full stop")
    text: str


class Section(_Strict):
    """One of the six sections of a 2019/2021-template report."""

    number: int = Field(ge=1, le=6)
    heading: str = Field(description="Heading as printed (normalised, one line)")
    canonical_heading: str
    text: str = Field(description="Prose paragraphs joined by newlines; table text excluded")
    subitems: list[SubItem] = Field(default_factory=list)
    page: int | None = None


class Cell(_Strict):
    """One printed value cell with its provenance."""

    value: int | float | None = None
    kind: CellKind
    raw: str = Field(description="The cell text as printed")
    unit: Unit | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = Field(None, description="Element path for HTML/DOCX sources")


class StatTable(_Strict):
    """A statistics table keyed ``rows[row_key][column_key]`` by the stable cell keys."""

    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    row_labels: dict[str, str] = Field(
        default_factory=dict, description="Row label as printed, per row key"
    )

    def get(self, row: str, column: str) -> Cell | None:
        return self.rows.get(row, {}).get(column)


class Tables(_Strict):
    active_disclosure: StatTable | None = None
    requests: StatTable | None = None
    review_litigation: StatTable | None = None


class Finding(_Strict):
    """A consistency or extraction finding. Values are never changed because of one."""

    rule: str = Field(description="Rule id, e.g. T3-1, T4-1, P-1, MISSING-ROW, UNREADABLE")
    severity: Severity
    message: str
    cells: list[str] = Field(
        default_factory=list, description="Cell paths table/row/column; the first is the one checked"
    )
    expected: int | float | None = None
    actual: int | float | None = None


class CellRecord(_Strict):
    """One row of the long ("cells") output, as in cell-keys.md, standing alone in a panel."""

    report_id: str
    agency: str | None
    year: int | None
    template: Template
    table: str
    row: str
    column: str
    value: int | float | None
    kind: CellKind
    raw: str
    unit: Unit | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = None
    source: SourceKind
    row_label: str | None = Field(None, description="Row label as printed")


class AnnualReport(_Strict):
    """A parsed 政府信息公开工作年度报告."""

    meta: Meta
    sections: list[Section] = Field(default_factory=list)
    tables: Tables = Field(default_factory=Tables)
    findings: list[Finding] = Field(default_factory=list)

    @property
    def report_id(self) -> str:
        return self.meta.sha256

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def cell(self, path: str) -> Cell | None:
        """The cell at ``table/row/column``, or None when not printed."""
        table_name, row, column = path.split("/")
        table = getattr(self.tables, table_name, None)
        return table.get(row, column) if table else None

    def cells(self) -> Iterator[CellRecord]:
        """Yield one long record per printed cell, in table, row and column order."""
        for table_name in TABLE_NAMES:
            table: StatTable | None = getattr(self.tables, table_name)
            if table is None:
                continue
            for row_key, columns in table.rows.items():
                for column_key, cell in columns.items():
                    yield CellRecord(
                        report_id=self.meta.sha256,
                        agency=self.meta.agency,
                        year=self.meta.year,
                        template=self.meta.template,
                        table=table_name,
                        row=row_key,
                        column=column_key,
                        value=cell.value,
                        kind=cell.kind,
                        raw=cell.raw,
                        unit=cell.unit,
                        page=cell.page,
                        bbox=cell.bbox,
                        path=cell.path,
                        source=self.meta.source,
                        row_label=table.row_labels.get(row_key),
                    )
