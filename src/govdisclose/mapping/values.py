"""Reading one printed cell: number, blank, not applicable or unreadable; money units kept."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..normalize import nfkc

NOT_APPLICABLE = frozenset({"/", "／", "\\", "—", "——", "–", "-", "－", "─", "无", "/ /"})
UNIT_SUFFIX: dict[str, str] = {"万元": "10k_yuan", "元": "yuan"}
NUMBER = regex.compile(
    r"^(?P<sign>[-−])?(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<decimals>\.[0-9]+)?(?P<unit>万元|元)?$"
)
# Only full-width forms (and the ideographic space) are folded to ASCII: NFKC would also read a
# superscript ``5²`` as 52 and a circled ``①`` as 1, numbers nobody printed.
FULL_WIDTH = regex.compile(r"[\uff01-\uff5e\u3000]")


@dataclass(frozen=True)
class Reading:
    value: int | float | None
    kind: str  # number | blank | not_applicable | unreadable
    unit: str | None = None


# Spaces not between two digits (``1 234`` keeps its space: read as unreadable, not 1234).
_LAYOUT_SPACE = regex.compile(r"(?<![0-9])\s+|\s+(?![0-9])")


def read_value(raw: str, money_unit: str | None = None) -> Reading:
    """Read a cell's printed text. ``money_unit`` is the header's unit for money columns."""
    folded = FULL_WIDTH.sub(lambda match: nfkc(match.group()), raw)
    text = _LAYOUT_SPACE.sub("", folded.strip())
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
