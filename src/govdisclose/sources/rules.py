"""Rules that close a table a page break cut open, for text PDFs (pdfplumber's edges) and page
images (the rules ``image_table`` finds) alike.

Chromium draws no rule along a page break: the first row of a continuation page, or the last
one cut at the page foot, has its side rules only, and a lattice table finder drops it from the
grid. ``closing_rules(edges)`` gives the missing rules as pdfplumber line objects.
"""

from __future__ import annotations

# This many vertical rules ending at one height (within RULE_TOLERANCE points) with horizontal
# rules covering less than CLOSED_SHARE of their span there. Rules shorter than MIN_RULE points
# are the corners of drawn cell borders.
MIN_OPEN_VERTICALS = 3
RULE_TOLERANCE = 1.5
CLOSED_SHARE = 0.9
MIN_RULE = 3.0
JOIN = 3.0  # how far (points) a horizontal rule may stop short of a vertical it meets
EDGE_BAND = 0.2  # share of the page height, at top and foot, where a page break leaves tables open


def closing_rules(edges: list[dict], height: float, ends: tuple[str, ...] = ("top", "bottom")) -> list[dict]:
    """Where at least ``MIN_OPEN_VERTICALS`` vertical rules start (or stop) at one height in the
    top (or bottom) ``EDGE_BAND`` of a page ``height`` points tall, meet a horizontal rule at their
    other end or are crossed by one (table rules, not strokes of large text: on a page image a
    table cut at both ends has verticals from page top to page foot), and the horizontal rules at that height
    cover less than ``CLOSED_SHARE`` of their span: a horizontal rule across them (``end`` says
    whether it closes a top or a bottom). Only the ``ends`` named are looked at."""
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE]
    horizontals = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE]
    rules = []
    for end in ends:
        other = "bottom" if end == "top" else "top"
        for y, group in _by_height(verticals, end):
            if (y > EDGE_BAND * height) if end == "top" else (y < (1 - EDGE_BAND) * height):
                continue  # a page break cuts tables at the page's top and foot only
            if sum(1 for e in group if _meets_rule(e, other, horizontals)
                   or _crossed(e, end, horizontals)) < MIN_OPEN_VERTICALS:
                continue  # strokes of large text, not a table's side rules
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            covered = sum(max(0.0, min(h["x1"], x1) - max(h["x0"], x0))
                          for h in horizontals if abs(h["top"] - y) <= RULE_TOLERANCE)
            if covered < CLOSED_SHARE * (x1 - x0):
                rules.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": y,
                              "bottom": y, "width": x1 - x0, "height": 0.0, "end": end})
    return rules


def _meets_rule(vertical: dict, end: str, horizontals: list[dict]) -> bool:
    """Whether a horizontal rule meets ``vertical`` at its ``end``."""
    x = (vertical["x0"] + vertical["x1"]) / 2
    return any(abs(h["top"] - vertical[end]) <= RULE_TOLERANCE and h["x0"] - JOIN <= x <= h["x1"] + JOIN
               for h in horizontals)


def _crossed(vertical: dict, end: str, horizontals: list[dict]) -> bool:
    """Whether a horizontal rule crosses ``vertical`` between its ends (clear of its ``end``)."""
    x = (vertical["x0"] + vertical["x1"]) / 2
    return any(vertical["top"] + RULE_TOLERANCE < h["top"] < vertical["bottom"] - RULE_TOLERANCE
               and abs(h["top"] - vertical[end]) > RULE_TOLERANCE and h["x0"] - JOIN <= x <= h["x1"] + JOIN
               for h in horizontals)


def _by_height(verticals: list[dict], end: str) -> list[tuple[float, list[dict]]]:
    """Vertical rules grouped by the height where they ``end`` (``top`` or ``bottom``)."""
    groups: list[tuple[float, list[dict]]] = []
    for edge in sorted(verticals, key=lambda e: e[end]):
        if groups and edge[end] - groups[-1][0] <= RULE_TOLERANCE:
            groups[-1][1].append(edge)
        else:
            groups.append((edge[end], [edge]))
    return groups
