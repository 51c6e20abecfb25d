"""Turn placed value spans into model ``Cell`` objects, and findings for what cannot be placed."""

from __future__ import annotations

from ..document import Span
from ..model import Cell, Finding
from .values import read_value


def make_cell(span: Span, money_unit: str | None = None) -> Cell:
    reading = read_value(span.text, money_unit)
    return Cell(
        value=reading.value, kind=reading.kind, raw=span.text.strip(), unit=reading.unit,
        page=span.page, bbox=span.bbox, path=span.path,
    )


def unreadable_cell(raw: str, span: Span | None = None) -> Cell:
    return Cell(
        value=None, kind="unreadable", raw=raw,
        page=span.page if span else None, bbox=None, path=span.path if span else None,
    )


def unreadable_findings(table: str, rows: dict[str, dict[str, Cell]]) -> list[Finding]:
    """One finding per unreadable cell, naming it."""
    return [
        Finding(rule="UNREADABLE", severity="error",
                message=f"cell {table}/{row}/{column} could not be read: {cell.raw!r}",
                cells=[f"{table}/{row}/{column}"])
        for row, columns in rows.items() for column, cell in columns.items()
        if cell.kind == "unreadable"
    ]
