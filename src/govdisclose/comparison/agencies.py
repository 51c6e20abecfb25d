"""Agency names across reports: one agency spelled differently is one series.

``normal_spelling`` and ``series_names`` apply the rules in ``catalogue/agency_names.py``
(``panel`` groups reports with them); ``same_agency(a, b)`` tells whether two reports are of
one agency (``diff`` skips the carry-over checks otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..catalogue.agency_names import BARE_PLACE_JOINS, ORGAN_WORDS, PLACE_SUFFIXES, REWRITES
from ..model import AnnualReport

_REWRITES = [(regex.compile(p), r) for p, r in REWRITES]
_PLACE_UNIT = regex.compile(r"^.+?(?:" + "|".join(regex.escape(s) for s in PLACE_SUFFIXES) + ")")


def normal_spelling(name: str) -> str:
    """A printed agency name in the normal spelling of :data:`REWRITES`."""
    for pattern, replacement in _REWRITES:
        name = pattern.sub(replacement, name)
    return name


def _has_place_unit(name: str) -> bool:
    """Does the name start with a place unit of at least two characters before its organ words?"""
    match = _PLACE_UNIT.match(name)
    return bool(match) and len(match.group(0)) >= 2 and not any(
        match.group(0).startswith(w) for w in ORGAN_WORDS)


def _boundary_suffix(short: str, long: str) -> bool:
    """``short`` is ``long`` without leading place prefixes (淮安市 + 洪泽区人民政府)."""
    if len(short) >= len(long) or not long.endswith(short) or not _has_place_unit(short):
        return False
    prefix = long[: len(long) - len(short)]
    return prefix.endswith(PLACE_SUFFIXES)


def series_names(names: Iterable[str]) -> dict[str, str]:
    """Map each normal spelling to its series name (see ``catalogue/agency_names.py``)."""
    unique = sorted(set(names), key=lambda n: (-len(n), n))
    series: dict[str, str] = {}
    for name in unique:
        longer = [n for n in unique if _boundary_suffix(name, n)]
        maximal = {series[n] for n in longer}
        series[name] = maximal.pop() if len(maximal) == 1 else name
    for name in unique:                      # 临川区 → the series of 临川区人民政府, when present
        government = name + BARE_PLACE_JOINS
        if not name.endswith(PLACE_SUFFIXES) or series[name] != name:
            continue
        joins = {series[n] for n in unique if n == government or _boundary_suffix(government, n)}
        if len(joins) == 1:
            series[name] = joins.pop()
    return series


def same_agency(a: AnnualReport, b: AnnualReport) -> bool | None:
    """True when both reports name one agency (after ``normal_spelling``, one series of
    ``series_names``), False when they name different ones, None when either names none."""
    if not a.meta.agency or not b.meta.agency:
        return None
    names = [normal_spelling(a.meta.agency), normal_spelling(b.meta.agency)]
    series = series_names(names)
    return series[names[0]] == series[names[1]]
