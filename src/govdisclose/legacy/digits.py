"""Splitting a run of digits that lost its column breaks (``294981916`` = 2949 | 81916).

``segmentations(run, columns)`` lists every way to cut ``run`` into one number per column that
is well formed (no leading zero except ``0`` itself) and obeys the constraints between columns
(a cumulative column is never below the year's). Row codes (``代码`` 01, 02 …) follow no rule,
so a run that includes a code column is never cut. A run is read only when exactly one cut
survives, or when outside evidence (a number quoted in prose, a parent total) picks one.
"""

from __future__ import annotations

import regex

NUMBER_RUN = regex.compile(r"[\d.]+")
NUMBER = regex.compile(r"0|[1-9]\d*(?:\.\d+)?|0\.\d+")
MAX_RUN = 30
MAX_COLUMNS = 5
# Column pairs (smaller, larger) whose values must be ordered when both are printed.
ORDERED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("current_year", "cumulative"),
    ("current_period", "year_to_date"),
    ("current_year", "year_to_date"),
)


def parse_number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def segmentations(run: str, columns: list[str]) -> list[tuple[int | float, ...]]:
    """Every well-formed cut of ``run`` into ``len(columns)`` numbers that respects the order
    constraints between the named columns."""
    cuts: list[tuple[int | float, ...]] = []
    if not NUMBER_RUN.fullmatch(run) or len(run) > MAX_RUN or len(columns) > MAX_COLUMNS or "code" in columns:
        return cuts  # spaced values that miss a column, too many readings, or codes (01, 02 …): unreadable

    def extend(position: int, parts: list[str]) -> None:
        if len(parts) == len(columns):
            if position == len(run):
                values = tuple(parse_number(part) for part in parts)
                if _ordered(dict(zip(columns, values, strict=False))):
                    cuts.append(values)
            return
        for end in range(position + 1, len(run) + 1):
            part = run[position:end]
            if NUMBER.fullmatch(part):
                extend(end, parts + [part])

    extend(0, [])
    return cuts


def _ordered(values: dict[str, int | float]) -> bool:
    return all(
        values[small] <= values[large]
        for small, large in ORDERED_COLUMNS if small in values and large in values
    )
