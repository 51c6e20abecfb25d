"""Pre-2019 ("legacy") reports: free sections by keyword, the appended statistics table as
``tables.legacy_stats`` and numbers stated in prose as ``facts``.

``legacy_report(document, meta_fields, file_name)`` is called by ``parse`` when the template is
``legacy``; ``current_year_value(report, indicator)`` reads the report year's value of a legacy
indicator (contract 3, used to compare across the 2018→2019 boundary with ``CROSS_ERA``).
"""

from __future__ import annotations

import regex

from ..catalogue.legacy import CROSS_ERA, CURRENT_YEAR_COLUMNS, CrossEraPair
from ..document import Document, TextLine
from ..errors import NotAnnualReport
from ..model import AnnualReport, Cell, Finding, Meta, Section, SubItem
from ..recognise.sections import paragraphs, split_subitems
from .facts import current_year_facts, find_facts
from .sections import find_legacy_sections
from .stats import build_table, rows_from_grids, rows_from_text
from .stream import TextStream, text_stream

__all__ = ["CROSS_ERA", "CrossEraPair", "current_year_value", "legacy_report"]


def current_year_value(report: AnnualReport, indicator: str) -> Cell | None:
    """The cell of the report year for a legacy indicator key (``requests.received`` …): the
    ``current_year`` column, else ``year_to_date``, else ``current_period``; None when absent."""
    table = report.tables.legacy_stats
    if table is None:
        return None
    for column in CURRENT_YEAR_COLUMNS:
        cell = table.get(indicator, column)
        if cell is not None:
            return cell
    return None


# In a dump whose body is one line, sub-items （一）… start after a sentence end or a colon.
FLAT_LINE = 200
SUBITEM_BREAK = regex.compile(r"(?<=[。；：:！])(?=[（(][一二三四五六七八九十]{1,3}[）)])")


def _lines_between(document: Document, stream: TextStream, start: int, end: int) -> list[TextLine]:
    """The text lines from offset ``start`` to ``end`` of the joined text, the first and last cut
    there, keeping each line's page and box (``recognise.sections.paragraphs`` re-joins wraps)."""
    lines = []
    for index in range(stream.line_at(start), len(stream.starts)):
        line_start = stream.starts[index]
        if line_start >= end:
            break
        line_end = line_start + len(stream.text[line_start:].split("\n", 1)[0])
        text = stream.text[max(start, line_start):min(end, line_end)].strip()
        block = document.blocks[stream.blocks[index]]
        if block.bbox is None and len(text) > FLAT_LINE:  # a flattened dump: one line per sub-item
            lines += [TextLine(piece.strip(), page=block.page) for piece in SUBITEM_BREAK.split(text)
                      if piece.strip()]
        elif text:
            lines.append(TextLine(text, page=block.page, bbox=block.bbox, size=block.size))
    return lines


def legacy_report(document: Document, meta_fields: dict, file_name: str | None) -> AnnualReport:
    year = meta_fields["year"]
    stream = text_stream(document)
    columns, printed = rows_from_grids(document, year)
    table_start = table_end = -1
    if not printed:
        columns, printed, table_start, table_end = rows_from_text(stream, year)
    spans = find_legacy_sections(stream, skip=(table_start, table_end))
    facts = find_facts(stream, spans, table_start)
    findings: list[Finding] = []
    table = None
    if printed:
        table, findings = build_table(columns, printed, current_year_facts(facts))
    if meta_fields["title"] is None and not spans and not printed:
        raise NotAnnualReport("no title, section or statistics table of an annual report was found", document.path)
    sections = []
    for span in spans:
        end = span.end if table_start < 0 or not span.start <= table_start < span.end else table_start
        body = split_subitems(paragraphs(_lines_between(document, stream, span.body_start, end)))
        sections.append(Section(
            number=span.number, heading=span.heading, canonical_heading=span.kind.canonical,
            text=body.text, page=stream.page_at(span.start), kind=span.kind.kind,
            subitems=[SubItem(marker=m, heading=h, text=t) for m, h, t in body.subitems],
        ))
    meta = Meta(
        title=meta_fields["title"], agency=meta_fields["agency"], year=year, template="legacy",
        source=document.source, sha256=document.sha256, page_count=document.page_count,
        file_name=file_name, published=document.info.get("published"),
        publisher=document.info.get("publisher"), url=document.info.get("url"),
        addresses=meta_fields["addresses"], postcodes=meta_fields["postcodes"],
    )
    report = AnnualReport(meta=meta, sections=sections, facts=facts, findings=findings)
    report.tables.legacy_stats = table
    if table is None and not facts:
        report.findings.append(Finding(
            rule="LEGACY-EMPTY", severity="warning",
            message="legacy report: no statistics table and no number stated in prose were found"))
    return report


