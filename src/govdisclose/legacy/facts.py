"""Key numbers stated in legacy prose (主动公开…条, 收到申请…件, 行政复议…件, 未收到…申请 → 0).

Each sentence (split at 。；！, across line breaks) is tried against ``FACT_PATTERNS`` of
``catalogue.legacy`` in the section kinds each pattern allows; a sentence yields at most one fact
per indicator. A number whose clause counts a part, a channel or a running total (``PART_WORDS``)
is skipped, so ``其中，区直部门主动公开政府信息2275条`` is not read as the year's total.
"""

from __future__ import annotations

import regex

from ..catalogue.legacy import FACT_PATTERNS, PART_WORDS
from ..model import Fact
from .digits import parse_number
from .sections import LegacySpan
from .stream import TextStream

SENTENCE = regex.compile(r"[^。；！]+[。；！]?")  # across line breaks: PDFs wrap mid-sentence
PART = regex.compile("|".join(PART_WORDS))
COMPILED = tuple((fact.indicator, regex.compile(fact.pattern), fact.sections) for fact in FACT_PATTERNS)


def find_facts(stream: TextStream, spans: list[LegacySpan], table_start: int) -> list[Fact]:
    """Facts from the prose before the statistics table, in document order."""
    text = stream.text if table_start < 0 else stream.text[:table_start]
    facts: list[Fact] = []
    for sentence in SENTENCE.finditer(text):
        original = sentence.group(0)
        kept = [i for i, char in enumerate(original) if char != "\n"]  # offsets of the joined words
        words = "".join(original[i] for i in kept)
        if not words.strip():
            continue
        seen: set[str] = set()
        for indicator, pattern, kinds in COMPILED:
            if indicator in seen:
                continue
            match = pattern.search(words)
            if not match or _counts_a_part(words, match):
                continue
            offset = sentence.start() + kept[match.start()]
            section = next((s.kind.kind for s in spans if s.start <= offset < s.end), None)
            if section not in kinds:
                continue
            seen.add(indicator)
            value = 0 if match.groupdict().get("none") else parse_number(match["n"].replace(",", ""))
            facts.append(Fact(
                indicator=indicator, value=value, unit=match.groupdict().get("unit"), raw=match.group(0),
                sentence=_without_heading(words.strip()), section=section, page=stream.page_at(offset),
                path=stream.path_at(offset),
            ))
    return facts


def _without_heading(sentence: str) -> str:
    """The sentence without a section heading glued before it (``二、…情况2014年，…``)."""
    heading = regex.match(r"^[一二三四五六七八九十]{1,3}、[^，。；]*?(?:情况|概述|措施)(?=\d)", sentence)
    return sentence[heading.end():] if heading else sentence


def _counts_a_part(sentence: str, match: regex.Match) -> bool:
    """Whether the matched number counts a part (its clause names a part, or 其中 opens it)."""
    clause_start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,：:") + 1
    clause = sentence[clause_start:match.end()]
    return bool(PART.search(clause)) or sentence.startswith("其中")


def current_year_facts(facts: list[Fact]) -> dict[str, int | float]:
    """The one value per indicator that all its facts agree on (indicators stated twice with
    different numbers are left out: prose is evidence only when it is unambiguous)."""
    values: dict[str, set] = {}
    for fact in facts:
        values.setdefault(fact.indicator, set()).add(fact.value)
    return {key: next(iter(found)) for key, found in values.items() if len(found) == 1}
