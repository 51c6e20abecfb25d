"""The colours of the inspection views, as data: one per cell kind, plus the finding outline.

The PNG annotations (``render.py``) and the HTML grids (``html_view.py``) use the same table, so a
cell looks the same in both. Colours are RGB triples; ``TINT_ALPHA`` is the opacity of a cell's
fill over the page (the printed number stays legible through it).
"""

from __future__ import annotations

from ..model import CellKind

RGB = tuple[int, int, int]

KIND_COLOURS: dict[CellKind, RGB] = {
    "number": (0, 150, 60),            # green: a value read with certainty
    "blank": (140, 140, 140),          # grey: an empty cell (not reported)
    "not_applicable": (30, 110, 210),  # blue: printed as / — - 无
    "unreadable": (235, 130, 0),       # orange: could not be read; value null, with a finding
    "corrected": (150, 60, 190),       # purple: a value from a corrections file (raw as printed)
}
KIND_LABELS: dict[CellKind, str] = {
    "number": "number",
    "blank": "blank",
    "not_applicable": "not applicable (/ — 无)",
    "unreadable": "unreadable",
    "corrected": "corrected by hand",
}
FINDING_COLOUR: RGB = (220, 0, 0)
TINT_ALPHA = 0.25


def tint_on_white(kind: CellKind) -> RGB:
    """The colour a cell's fill shows over a white page (what a PNG pixel of its box holds)."""
    return tuple(round(255 + (c - 255) * TINT_ALPHA) for c in KIND_COLOURS[kind])  # type: ignore[return-value]


def css_rgb(colour: RGB, alpha: float | None = None) -> str:
    return f"rgb({colour[0]} {colour[1]} {colour[2]}" + (f" / {alpha})" if alpha is not None else ")")


def short_key(path: str) -> str:
    """A label short enough for a cell box: ``requests/unavailable.not_held/natural_person`` →
    ``una.nh/np`` (one-word parts keep three letters, several words their initials; no table)."""
    _, row, column = path.split("/")
    return f"{_shorten(row)}/{_shorten(column)}"


def _shorten(key: str) -> str:
    parts = []
    for segment in key.split("."):
        words = [w for w in segment.split("_") if w]
        parts.append(words[0][:3] if len(words) == 1 else "".join(w[0] for w in words))
    return ".".join(parts)
