"""``parse(path)``: source adapter → recognise → map → validate → ``AnnualReport``."""

from __future__ import annotations

from pathlib import Path

from .document import Document, Grid, TextLine
from .errors import ExtractionFailed, GovDiscloseError, InternalError
from .limits import Limits
from .mapping.active_disclosure import caption_run_lines, map_active_disclosure
from .mapping.cells import unreadable_findings
from .mapping.flattened import prose_of, resolve_flattened
from .mapping.requests import map_requests
from .mapping.review_litigation import map_review_litigation
from .mapping.rows import row_of_line, rows_of_grid
from .model import AnnualReport, Meta, Section, SubItem, Tables
from .normalize import label_key
from .recognise.meta import find_meta
from .recognise.report_kind import check_annual_report
from .recognise.script import read_script
from .recognise.sections import SectionSpan, find_sections, paragraphs, split_subitems
from .recognise.template import detect_template
from .sources import ENGINES, load, readable_path
from .table_rows import Row, join_wrapped_labels
from .validate import validate

# Which table each section holds.
SECTION_TABLE = {2: "active_disclosure", 3: "requests", 4: "review_litigation"}
# Words that identify a table's grid wherever it stands (merged or missing sections).
TABLE_SIGNATURES: dict[str, tuple[str, ...]] = {
    "requests": ("申请人情况", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量"),
    "review_litigation": ("未经复议直接起诉", "复议后起诉"),
    "active_disclosure": ("第二十条", "信息内容"),
}


def parse(path: str | Path, *, limits: Limits | None = None, engine: str | None = None) -> AnnualReport:
    """Parse one report file within ``limits`` (default ``Limits()``); a text-layer PDF is read
    with ``engine``, ``"pdfium"`` or ``"pdfplumber"`` (default: ``sources.DEFAULT_ENGINE``;
    the README's Engines paragraph says how they differ).

    Raises a ``GovDiscloseError`` subclass when it cannot: ``TooLarge`` and ``Timeout`` name the
    limit that stopped it; an unexpected exception in govdisclose's own code (a bug) is
    ``InternalError``, its traceback kept. File-system errors (``FileNotFoundError`` …) and
    ``MemoryError`` are raised as they are; an ``engine`` not in ``ENGINES`` is ``ValueError``."""
    if engine is not None and engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}: one of {', '.join(ENGINES)}")
    try:
        report = parse_document(load(path, limits, engine), readable_path(Path(path).name))
    except (GovDiscloseError, OSError, MemoryError):
        raise
    except Exception as error:
        raise InternalError.of(error, str(path)) from error
    report._source_path = Path(path)  # for report.to_image(); not serialised
    return report


def parse_document(document: Document, file_name: str | None = None) -> AnnualReport:
    """Recognise a report in ``document``; ``NotAnnualReport`` when it is something else. A report
    printed in traditional characters is read through its simplified copy (``recognise.script``)."""
    if not any(isinstance(b, (TextLine, Grid)) for b in document.blocks):
        raise ExtractionFailed("no text could be extracted (a scanned document needs OCR)", document.path)
    script = read_script(document)
    return script.restore(_recognise(script.document, file_name))


def _recognise(document: Document, file_name: str | None) -> AnnualReport:
    meta_fields = find_meta(document)
    template = detect_template(document, meta_fields["year"])
    spans = find_sections(document)
    check_annual_report(document, meta_fields["title"], template, spans)
    if template == "legacy":
        from .legacy import legacy_report

        return legacy_report(document, meta_fields, file_name)
    regions = table_regions(document, spans)
    tables = Tables()
    findings = []
    used: set[int] = set()
    mappers = {
        "active_disclosure": lambda rows: map_active_disclosure(rows, template),
        "requests": map_requests,
        "review_litigation": map_review_litigation,
    }
    for name, mapper in mappers.items():
        rows = regions.get(name, [])
        if not rows:
            continue
        table, table_findings, table_used = mapper(rows)
        if document.info.get("flattened_tables"):  # digit runs of flattened text dumps
            table, table_findings, flat_used = resolve_flattened(name, table, table_findings, rows, prose_of(document))
            table_used |= flat_used
        table.rows = {row: cells for row, cells in table.rows.items() if cells}
        if table.rows:
            setattr(tables, name, table)
            findings += unreadable_findings(name, table.rows)
        findings += table_findings
        used |= table_used | _table_lines(document, rows, table_used)
    meta = Meta(
        title=meta_fields["title"], agency=meta_fields["agency"], year=meta_fields["year"],
        template=template, source=document.source, sha256=document.sha256,
        page_count=document.page_count, file_name=file_name,
        published=document.info.get("published"), publisher=document.info.get("publisher"),
        url=document.info.get("url"), addresses=meta_fields["addresses"], postcodes=meta_fields["postcodes"],
    )
    report = AnnualReport(meta=meta, sections=build_sections(document, spans, used), tables=tables)
    report.findings = findings + validate(report)
    return report


def table_regions(document: Document, spans: list[SectionSpan]) -> dict[str, list[Row]]:
    """Rows of each table, in document order, from the section each block stands in.

    A grid whose own labels name another table goes to that table (merged or missing headings).
    In PDFs a section holding grids takes only its grids; elsewhere lines are read as rows too.
    """
    owner: dict[int, str] = {}
    for span in spans:
        name = SECTION_TABLE.get(span.spec.number)
        if name:
            owner.update(dict.fromkeys(range(span.body_start, span.end), name))
    headings = {span.start for span in spans}
    current: str | None = None  # the table the last grid belonged to, until the next heading
    for index, block in enumerate(document.blocks):
        if isinstance(block, Grid):
            current = _grid_signature(block) or owner.get(index, current)
            if current:
                owner[index] = current
        elif index in headings:
            current = None
    text_lines = [(i, b.text) for i, b in enumerate(document.blocks) if isinstance(b, TextLine)]
    for index in caption_run_lines(text_lines):  # table 二 lines under a misnumbered heading
        owner.setdefault(index, "active_disclosure")
    grids_in = {name for index, name in owner.items() if isinstance(document.blocks[index], Grid)}
    regions: dict[str, list[Row]] = {}
    for index, block in enumerate(document.blocks):
        name = owner.get(index)
        if name is None:
            continue
        if isinstance(block, Grid):
            regions.setdefault(name, []).extend(rows_of_grid(block, index))
        elif not (document.source in ("pdf_text", "ocr") and name in grids_in):
            regions.setdefault(name, []).append(row_of_line(block, index))
    if "requests" in regions:  # only table 三 has labels long enough to wrap
        regions["requests"] = join_wrapped_labels(regions["requests"])
    return regions


def _table_lines(document: Document, rows: list[Row], used: set[int]) -> set[int]:
    """Lines that belong to a table read from lines: headers and wrapped labels around the rows.

    Every line between the first and last row used is table text, and so are the lines before
    the first one that hold no full stop (captions and header lines, not prose).
    """
    line_blocks = sorted({r.block for r in rows if r.from_line})
    placed = [b for b in line_blocks if b in used]
    if not placed:
        return set()
    first, last = placed[0], placed[-1]
    table_text = set()
    for index in line_blocks:
        if first <= index <= last or index < first and "。" not in document.blocks[index].text:
            table_text.add(index)
    return table_text


def _grid_signature(grid: Grid) -> str | None:
    text = label_key("".join(c.text for row in grid.rows for c in row if c is not None))
    for name, words in TABLE_SIGNATURES.items():
        if any(label_key(word) in text for word in words):
            return name
    return None


def build_sections(document: Document, spans: list[SectionSpan], used: set[int]) -> list[Section]:
    sections = []
    for span in spans:
        lines = [
            block for index, block in enumerate(document.blocks[span.body_start:span.end], start=span.body_start)
            if isinstance(block, TextLine) and index not in used
        ]
        if span.tail:
            lines.insert(0, TextLine(span.tail))
        body = split_subitems(paragraphs(lines))
        heading_block = document.blocks[span.start]
        sections.append(Section(
            number=span.spec.number, heading=span.heading, canonical_heading=span.spec.canonical,
            text=body.text, page=heading_block.page,
            subitems=[SubItem(marker=m, heading=h, text=t) for m, h, t in body.subitems],
        ))
    return sections
