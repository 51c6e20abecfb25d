"""Bodies printed as one long line (crawler dumps) split back into lines.

Contract: ``split_flat_text(text)`` returns the lines a person would see: a new line starts at a
section heading (``一、`` … in heading position), a sub-item (``（一）``), a numbered item (``1.``,
``（1）``, ``①``) after a sentence end, and, inside the statistics tables, at every row label and
table header. In the tables a row's values are separated from its label by a space, and a label
number glued to the previous row's digits (``…00000002.其他法律…``) starts the next line.
``is_flat_body(line)`` says whether a line is such a body. The rules below are data: a break is
made before every match of a rule's pattern (the position is the match start, or the start of
its ``at`` group when it has one).

Prose stays intact: ``2、`` or ``（一）`` inside a sentence (after a Han character or a comma)
is not a break, except where the line breaks only make sense (inside the table zone).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ..catalogue import active_disclosure
from ..catalogue.sections import SECTIONS
from ..normalize import label_key

# Where a heading or item may start in running text: start, whitespace or a sentence end.
_SENTENCE_BOUNDARY = r"(?<=^|[\s。；;！!？?：:])"
_HAN = r"\p{Han}"
_CN_NUMERAL = "一二三四五六七八九十"


@dataclass(frozen=True)
class BreakRule:
    name: str
    pattern: regex.Pattern


def _rule(name: str, pattern: str) -> BreakRule:
    return BreakRule(name, regex.compile(pattern))


# Rules for the whole body. A section heading may also follow digits (the end of a table).
BODY_RULES: tuple[BreakRule, ...] = (
    _rule("heading", rf"(?<=^|[\s。；;！!？?：:\d])[{_CN_NUMERAL}]{{1,2}}\s*、\s*(?={_HAN})"),
    _rule("subitem", rf"(?<=^|[\s。；;！!？?：:\d])[（(]\s*[{_CN_NUMERAL}]{{1,3}}\s*[)）]\s*(?={_HAN})"),
    _rule("item", rf"{_SENTENCE_BOUNDARY}\d{{1,2}}\s*[.．、](?!\d)\s*(?={_HAN})"),
    _rule("paren_item", rf"(?<=[\s。；;！!？?：:]|(?<!第)\p{{Han}})[（(]\d{{1,2}}[)）]\s*(?={_HAN})"),
    _rule("circled_item", r"[①-⑳]"),
)

# Words that open the statistics tables (never found in prose): the table zone runs from the
# first of them to the heading of section 五 (or the end of the text).
TABLE_START = regex.compile(r"第二十条第\s*[（(]|申请人情况|本列数据的勾稽关系|行政复议\s*行政诉讼")
ZONE_END = regex.compile(rf"(?<=^|[\s。；;！!？?：:\d])五\s*、\s*(?={_HAN})")

# Table 二 row labels, longest first (行政规范性文件 before 规范性文件).
_ACTIVE_LABELS = sorted(
    {label for labels in active_disclosure.ROWS.values() for label in labels}, key=len, reverse=True
)
# Rules inside the table zone: every marker starts a row, wherever it stands.
TABLE_RULES: tuple[BreakRule, ...] = (
    _rule("table_heading", rf"[一二三四五六]\s*、\s*(?={_HAN})"),
    _rule("table_group", rf"(?<!第\s*)[（(]\s*[一二三四五六七八九十]\s*[)）]\s*(?={_HAN})"),
    # A one-digit item number glued to the previous row's digits: the last digit is the label's.
    _rule("table_item", rf"\d\s*[.．、](?!\d)\s*(?={_HAN})"),
    _rule("caption", r"第二十条第\s*[（(]"),
    _rule("header", r"信息内容|申请人情况|[（(]本列数据的勾稽关系"),
    _rule("review_header", r"行政复议\s*行政诉讼"),
    _rule("active_row", "|".join(
        (r"(?<!行政)" if label == "规范性文件" else "") + regex.escape(label) for label in _ACTIVE_LABELS
    )),
)
# A table line ending in a value run: label (ending in one of LABEL_END), then digits with spaces,
# decimals, "/" and dashes (_is_value_char), then maybe a money unit.
VALUE_CHARS = frozenset(".,，/／—-")  # and every decimal digit (\d)
LABEL_END = regex.compile(r"[\p{Han}）)”\"]")
MONEY_UNITS = ("万元", "元")
HTML_NOISE = regex.compile(r"<!--.*?-->|</?[a-zA-Z][^>]*>")
# A line is a flattened body when it holds at least this many distinct section headings.
MIN_HEADINGS = 2
FLAT_LINE_CHARS = 200


def is_flat_body(line: str) -> bool:
    """Whether ``line`` holds a whole report body (two or more section headings)."""
    if len(line) < FLAT_LINE_CHARS:
        return False
    return len(_section_headings(line)) >= MIN_HEADINGS


def _section_headings(text: str) -> set[int]:
    """Numbers of the catalogue section headings that occur in ``text`` with their numeral."""
    found = set()
    squeezed = label_key(text)
    for spec in SECTIONS:
        for variant in spec.variants:
            if label_key(spec.marker + variant) in squeezed and len(label_key(variant)) >= 4:
                found.add(spec.number)
                break
    return found


def split_flat_text(text: str, extra_rules: Iterable[BreakRule] = ()) -> list[tuple[int, str]]:
    """Lines of a one-line body with their offsets in ``text`` (HTML comments and tags dropped).

    ``extra_rules`` add breaks everywhere (e.g. the legacy statistics table's labels).
    """
    text = HTML_NOISE.sub(lambda m: " " * len(m.group(0)), text)
    breaks: set[int] = set()
    for rule in (*BODY_RULES, *extra_rules):
        breaks.update(match.start() for match in rule.pattern.finditer(text))
    zone = table_zone(text)
    if zone is not None:
        start, end = zone
        breaks.add(start)
        for rule in TABLE_RULES:
            breaks.update(match.start() for match in rule.pattern.finditer(text, start, end))
        breaks.add(end)
    lines = []
    cuts = sorted(breaks | {0, len(text)})
    for begin, finish in itertools.pairwise(cuts):
        piece = text[begin:finish]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = begin + len(piece) - len(piece.lstrip())
        if zone is not None and zone[0] <= begin < zone[1]:
            stripped = separate_values(stripped)
        head, *rest = split_heading(stripped)
        lines.append((offset, head))
        if rest and rest[0]:
            lines.append((offset + piece.strip().find(rest[0]), rest[0]))
    return lines


# Section headings followed by their text on the same piece: the heading gets its own line.
_HEADING_START = regex.compile(r"^(?P<numeral>[一二三四五六])\s*、\s*")
_HEADING_WORDS: dict[str, list[regex.Pattern]] = {
    spec.marker: [
        regex.compile(r"\s*".join(regex.escape(char) for char in variant))
        for variant in sorted(spec.variants, key=len, reverse=True) if len(variant) >= 4
    ]
    for spec in SECTIONS
}


def split_heading(piece: str) -> list[str]:
    """``一、总体情况2019年，…`` → ``一、总体情况`` and ``2019年，…`` (catalogue headings only)."""
    start = _HEADING_START.match(piece)
    if start is None:
        return [piece]
    for words in _HEADING_WORDS[start["numeral"]]:
        match = words.match(piece, start.end())
        if match:
            rest = piece[match.end():].strip()
            return [piece[: match.end()], rest] if rest else [piece]
    return [piece]


def table_zone(text: str) -> tuple[int, int] | None:
    """Where the statistics tables stand: from the first table word to section 五's heading."""
    start = TABLE_START.search(text)
    if start is None:
        return None
    end = ZONE_END.search(text, start.end())
    return start.start(), end.start() if end else len(text)


def separate_values(line: str) -> str:
    """``规章000`` → ``规章 000``: a space between a table row's label and its glued values.

    The values are the longest run of value characters at the end of the line (before a money
    unit); it must hold a digit and follow a label end. One backward scan: linear in the line's
    length (a regex with a lazy label and two value runs took quadratic time on long digit runs).
    """
    unit = next((unit for unit in MONEY_UNITS if line.endswith(unit)), "")
    body = line[: len(line) - len(unit)]
    start = len(body)
    while start > 0 and _is_value_char(body[start - 1]):
        start -= 1
    values = body[start:]
    label = body[:start]
    if not label or not LABEL_END.match(label[-1]) or "\n" in label:
        return line
    if not any(char.isdecimal() for char in values):
        return line
    return f"{label} {(values + unit).strip()}"


def _is_value_char(char: str) -> bool:
    r"""``[\d\s.,，/／—-]`` of the regex module (its ``\s`` leaves out the separators U+001C–U+001F)."""
    return char in VALUE_CHARS or char.isdecimal() or (char.isspace() and char not in "\x1c\x1d\x1e\x1f")
