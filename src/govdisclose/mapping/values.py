"""Reading one printed cell: number, blank, not applicable or unreadable; money units kept."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..normalize import nfkc

NOT_APPLICABLE = frozenset({"/", "／", "\\", "—", "——", "–", "-", "－", "─", "无", "/ /"})
UNIT_SUFFIX: dict[str, str] = {"万元": "10k_yuan", "元": "yuan"}
NUMBER = regex.compile(
    r"^(?P<sign>[-−])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?P<unit>万元|元)?$"
)


@dataclass(frozen=True)
class Reading:
    value: int | float | None
    kind: str  # number | blank | not_applicable | unreadable
    unit: str | None = None


def read_value(raw: str, money_unit: str | None = None) -> Reading:
    """Read a cell's printed text. ``money_unit`` is the header's unit for money columns."""
    text = regex.sub(r"(?<!\d)\s+|\s+(?!\d)", "", nfkc(raw).strip())
    if text == "":
        return Reading(None, "blank")
    if text in NOT_APPLICABLE:
        return Reading(None, "not_applicable")
    match = NUMBER.match(text)
    if not match:
        return Reading(None, "unreadable")
    digits = match["digits"].replace(",", "")
    negative = bool(match["sign"])
    if match["decimals"]:
        value: int | float = float(digits + match["decimals"])
    else:
        value = int(digits)
    if negative:
        value = -value
    unit = UNIT_SUFFIX.get(match["unit"] or "") or money_unit
    return Reading(value, "number", unit)
