"""A rich terminal view of one report: meta, sections, the three tables, findings in colour.

Row keys and values are never cut: their columns are as wide as their longest text, and a table
wider than the console is printed whole (a terminal wraps its lines; headers fold instead).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .catalogue import requests as req
from .model import AnnualReport, Cell, StatTable

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
KIND_STYLE = {"number": "", "blank": "dim", "not_applicable": "dim italic", "unreadable": "bold magenta"}


def _cell_text(cell: Cell | None, by_value: bool = False) -> Text:
    """The cell as printed (``by_value``: its value, for legacy glued digit runs cut apart)."""
    if cell is None:
        return Text("")
    shown = cell.raw if cell.kind != "blank" else "·"
    if by_value and cell.kind == "number":
        shown = str(cell.value)
    if cell.kind == "unreadable":
        shown = f"? {cell.raw}"
    return Text(shown, style=KIND_STYLE[cell.kind])


def _table_view(title: str, table: StatTable, columns: list[str], by_value: bool = False) -> Table:
    view = Table(title=title, title_justify="left", show_lines=False, pad_edge=False)
    view.add_column("row", no_wrap=True, min_width=max((cell_len(key) for key in table.rows), default=0))
    texts = {c: [_cell_text(cells.get(c), by_value) for cells in table.rows.values()] for c in columns}
    for column in columns:
        widest = max((text.cell_len for text in texts[column]), default=0)
        view.add_column(column, justify="right", overflow="fold", min_width=widest)
    for index, row_key in enumerate(table.rows):
        view.add_row(row_key, *(texts[c][index] for c in columns))
    return view


def _columns(table: StatTable) -> list[str]:
    seen: list[str] = []
    for cells in table.rows.values():
        seen += [c for c in cells if c not in seen]
    return seen


def render(report: AnnualReport, console: Console) -> None:
    meta = report.meta
    console.print(Panel(
        f"[bold]{meta.title or '(no title found)'}[/]\nagency: {meta.agency}   year: {meta.year}   "
        f"template: {meta.template}   source: {meta.source}   pages: {meta.page_count}",
        title="govdisclose", expand=False))
    sections = Table(title="sections", title_justify="left")
    for name in ("#", "heading", "chars", "sub-items"):
        sections.add_column(name)
    for section in report.sections:
        sections.add_row(str(section.number), section.heading, str(len(section.text)), str(len(section.subitems)))
    missing = [] if meta.template == "legacy" else sorted(set(range(1, 7)) - {s.number for s in report.sections})
    parts = [sections]
    if missing:
        parts.append(Text(f"sections not found: {missing}", style="yellow"))
    console.print(Group(*parts))
    titles = {"active_disclosure": "table 二 active_disclosure", "requests": "table 三 requests",
              "review_litigation": "table 四 review_litigation"}
    if meta.template == "legacy":  # pre-2019: one free statistics table and numbers from prose
        titles = {"legacy_stats": "legacy statistics table"}
        for fact in report.facts:
            console.print(Text(f"fact    {fact.indicator} = {fact.value}   ({fact.section}) {fact.raw}"))
    for name, title in titles.items():
        table = getattr(report.tables, name)
        if table is None:
            console.print(Text(f"{title}: not found", style="yellow"))
            continue
        columns = list(req.COLUMNS) if name == "requests" else _columns(table)
        columns = [c for c in columns if any(c in cells for cells in table.rows.values())]
        console.print(_table_view(title, table, columns, by_value=name == "legacy_stats"), crop=False)
    if not report.findings:
        console.print(Text("no findings", style="green"))
    for finding in report.findings:
        console.print(Text(f"{finding.severity:7} {finding.rule:13} {finding.message}",
                           style=SEVERITY_STYLE[finding.severity]))
