"""The public data model: an ``AnnualReport`` and its parts (pydantic v2).

The JSON produced by ``AnnualReport.model_dump(mode="json")`` has the top-level keys ``meta``,
``sections``, ``tables``, ``findings`` and ``facts`` (legacy prose numbers); ``report.cells()``
yields the long records defined in ``shared/spec/cell-keys.md``. JSON Schemas in ``schemas/`` are
generated from these classes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .catalogue.cell_keys import closest_keys, is_cell_key

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

Template = Literal["2019", "2021", "legacy", "unknown"]
SourceKind = Literal["pdf_text", "ocr", "html", "docx", "text"]
TableName = Literal["active_disclosure", "requests", "review_litigation", "legacy_stats"]
# "corrected": a value from a corrections file (govdisclose.corrections); ``raw`` stays as printed.
CellKind = Literal["number", "blank", "not_applicable", "unreadable", "corrected"]
Unit = Literal["10k_yuan", "yuan"]
Severity = Literal["error", "warning", "info"]

TABLE_NAMES: tuple[TableName, ...] = ("active_disclosure", "requests", "review_litigation", "legacy_stats")


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
    addresses: list[str] = Field(default_factory=list, description="Contact addresses printed (地址：…)")
    postcodes: list[str] = Field(default_factory=list, description="Postcodes printed (邮编：…)")


class SubItem(_Strict):
    """A numbered sub-item inside a section, e.g. （一）主动公开情况 within 一、总体情况."""

    marker: str = Field(description="The marker as printed, normalised: （一）")
    heading: str = Field(description="The sub-item's opening phrase up to its first full stop")
    text: str


class Section(_Strict):
    """One of the six sections of a 2019/2021-template report, or a free section of a legacy one."""

    number: int = Field(
        ge=0, le=99, description="1..6 in the 2019/2021 templates; legacy: the printed ordinal, 0 if none"
    )
    heading: str = Field(description="Heading as printed (normalised, one line)")
    canonical_heading: str
    text: str = Field(description="Prose paragraphs joined by newlines; table text excluded")
    subitems: list[SubItem] = Field(default_factory=list)
    page: int | None = None
    kind: str | None = Field(
        None, description="Legacy reports: canonical kind (overview, active_disclosure, requests, …)"
    )


class Cell(_Strict):
    """One printed value cell with its provenance."""

    value: int | float | None = None
    kind: CellKind
    raw: str = Field(description="The cell text as printed")
    unit: Unit | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = Field(None, description="Element path for HTML/DOCX sources")
    confidence: float | None = Field(
        None, description="OCR confidence of the printed text (0..1); null for non-OCR sources"
    )
    note: str | None = Field(None, description="kind corrected: the reason given in the corrections file")


class StatTable(_Strict):
    """A statistics table keyed ``rows[row_key][column_key]`` by the stable cell keys."""

    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    row_labels: dict[str, str] = Field(
        default_factory=dict, description="Row label as printed, per row key"
    )

    def get(self, row: str, column: str) -> Cell | None:
        return self.rows.get(row, {}).get(column)


class LegacyStatTable(StatTable):
    """A pre-2019 statistics table: rows are indicator keys (or slugs), columns value-column keys."""

    units: dict[str, str] = Field(default_factory=dict, description="Unit as printed, per row key")
    column_headers: dict[str, str] = Field(
        default_factory=dict, description="Column header as printed, per column key"
    )


class Tables(_Strict):
    active_disclosure: StatTable | None = None
    requests: StatTable | None = None
    review_litigation: StatTable | None = None
    legacy_stats: LegacyStatTable | None = None


class Fact(_Strict):
    """A number stated in prose (legacy reports), with where it was read."""

    indicator: str = Field(description="Legacy indicator key, as in tables.legacy_stats rows")
    value: int | float
    unit: str | None = Field(None, description="Unit word as printed (条, 件, …)")
    raw: str = Field(description="The matched words as printed")
    sentence: str = Field(description="The whole sentence the number stands in")
    section: str | None = Field(None, description="Kind of the section it stands in")
    page: int | None = None
    path: str | None = Field(None, description="Where it stands in a source without pages (line N …)")


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
    confidence: float | None = Field(
        None, description="OCR confidence of the printed text (0..1); absent for non-OCR sources")
    note: str | None = Field(None, description="kind corrected: the reason given in the corrections file")


# What draws ``AnnualReport.to_image``: (report, page, resolution, source) -> PIL image. The model
# sits below ``govdisclose.inspection`` and never imports it; the package root, above both, installs
# ``inspection.to_image`` here (loaded on first use, so importing the model loads no Pillow).
PageRenderer = Callable[["AnnualReport", int, float, "str | Path | None"], "PILImage"]
_page_renderer: PageRenderer | None = None


def set_page_renderer(renderer: PageRenderer) -> None:
    """Install the function behind ``AnnualReport.to_image``."""
    global _page_renderer
    _page_renderer = renderer


class AnnualReport(_Strict):
    """A parsed 政府信息公开工作年度报告."""

    meta: Meta
    sections: list[Section] = Field(default_factory=list)
    tables: Tables = Field(default_factory=Tables)
    findings: list[Finding] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list, description="Numbers stated in prose (legacy reports)")
    # The file parse() read, for to_image(); not part of the JSON (saved reports pass source=).
    _source_path: Path | None = PrivateAttr(default=None)

    @property
    def report_id(self) -> str:
        return self.meta.sha256

    def __eq__(self, other: object) -> bool:
        """Equal when the data are: a parsed report equals itself read back from JSON (the source
        path is not data)."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def to_image(self, page: int, resolution: float = 144, source: str | Path | None = None) -> PILImage:
        """1-based ``page`` of the source PDF as a PIL image, every cell's box drawn on it: tinted and
        outlined by kind, labelled with a short key, outlined red where a finding points.

        ``source`` defaults to the file parse() read; a report loaded from JSON needs it. Raises
        ``UnreadableInput`` when the source is missing or is not the file parsed (SHA-256 differs),
        ``UnsupportedFormat`` when it is not a PDF. Drawn by ``govdisclose.inspection.to_image``,
        which the package root installs (``set_page_renderer``): the model never imports inspection.
        """
        if _page_renderer is None:
            raise RuntimeError("no page renderer installed (govdisclose/__init__.py installs it)")
        return _page_renderer(self, page, resolution, source)

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def cell(self, path: str) -> Cell | None:
        """The cell at ``table/row/column`` (cell-keys.md).

        ``None`` when the key is valid but this report prints no such cell (a row it lacks, the
        other template's column, a table not found). Raises ``KeyError`` naming the closest valid
        keys when ``path`` is no cell key at all: a typo (``requests/new/totl``) or a short key
        (``requests/new``)."""
        table_name, _, rest = path.partition("/")
        row, _, column = rest.rpartition("/")
        table = getattr(self.tables, table_name, None) if table_name in TABLE_NAMES else None
        found = table.get(row, column) if table is not None and row else None
        if found is not None or is_cell_key(path):
            return found
        own = tuple(f"{r.table}/{r.row}/{r.column}" for r in self.cells())  # legacy keys of its own
        raise KeyError(f"{path!r} is not a cell key (table/row/column); closest: "
                       + ", ".join(closest_keys(path, own)))

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
                        confidence=cell.confidence,
                        note=cell.note,
                    )
