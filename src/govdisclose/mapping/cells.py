"""Turn placed value spans into model ``Cell`` objects, and findings for what cannot be placed."""

from __future__ import annotations

from ..document import Span
from ..model import Cell, Finding
from .values import read_value

# An OCR reading below this confidence is not trusted: the cell is unreadable, never a guess.
# Measured on fixtures/generated/scanned: wrong readings scored ≤ 0.65, right ones mostly ≥ 0.86.
MIN_OCR_CONFIDENCE = 0.75


def make_cell(span: Span, money_unit: str | None = None) -> Cell:
    reading = read_value(span.text, money_unit)
    value, kind = reading.value, reading.kind
    if span.confidence is not None and span.confidence < MIN_OCR_CONFIDENCE and kind != "blank":
        value, kind = None, "unreadable"
    return Cell(
        value=value, kind=kind, raw=(span.printed or span.text).strip(),
        unit=reading.unit if kind == "number" else None,
        page=span.page, bbox=span.page_bbox, path=span.path, confidence=span.confidence,
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
                message=f"cell {table}/{row}/{column} could not be read: {cell.raw!r}"
                + (f" (OCR confidence {cell.confidence:.2f})" if cell.confidence is not None else ""),
                cells=[f"{table}/{row}/{column}"])
        for row, columns in rows.items() for column, cell in columns.items()
        if cell.kind == "unreadable"
    ]
