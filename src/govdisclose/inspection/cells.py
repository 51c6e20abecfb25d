"""What the views draw: the report's tables and cells by path, and the cells findings point at."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import AnnualReport, Cell, StatTable


def tables(report: AnnualReport) -> Iterator[tuple[str, StatTable]]:
    """(name, table) for every table the report holds, in model order (legacy tables included)."""
    for name in type(report.tables).model_fields:
        table = getattr(report.tables, name)
        if isinstance(table, StatTable) and table.rows:
            yield name, table


def cells(report: AnnualReport) -> Iterator[tuple[str, Cell]]:
    """(path ``table/row/column``, cell) for every printed cell."""
    for name, table in tables(report):
        for row, columns in table.rows.items():
            for column, cell in columns.items():
                yield f"{name}/{row}/{column}", cell


def cells_by_page(report: AnnualReport) -> dict[int, dict[str, Cell]]:
    """Cells that have a page and a box, grouped by page (ascending), keyed by path."""
    pages: dict[int, dict[str, Cell]] = {}
    for path, cell in cells(report):
        if cell.page is not None and cell.bbox is not None:
            pages.setdefault(cell.page, {})[path] = cell
    return dict(sorted(pages.items()))


def flagged_cells(report: AnnualReport) -> dict[str, list[str]]:
    """Cell path → the rules of the findings that point at it (in finding order, no repeats)."""
    flagged: dict[str, list[str]] = {}
    for finding in report.findings:
        for path in finding.cells:
            rules = flagged.setdefault(path, [])
            if finding.rule not in rules:
                rules.append(finding.rule)
    return flagged


def cell_anchor(path: str) -> str:
    """The HTML id of a cell in the grids: ``cell-requests--new--total``."""
    return "cell-" + path.replace("/", "--")


def box_anchor(path: str) -> str:
    """The HTML id of a cell's box on a page image: ``box-requests--new--total``."""
    return "box-" + path.replace("/", "--")
