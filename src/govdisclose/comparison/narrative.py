"""Narrative comparison per section: similarity after boilerplate removal, sentences added/removed.

Each section's text is split into sentences; fixed phrases (``catalogue/boilerplate.py``) are
dropped and digit runs masked, so a paragraph copied with this year's numbers counts as copied.
``similarity`` is difflib's ratio of the two remaining texts (0 = nothing shared, 1 = identical);
the report-level figure weights each section by its length.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

import regex

from ..catalogue.boilerplate import BOILERPLATE, NUMBER, NUMBER_MASK, SENTENCE_END
from ..catalogue.sections import SECTIONS
from ..model import AnnualReport
from ..normalize import nfkc
from .model import SectionComparison

_BOILERPLATE = [regex.compile(p) for p in BOILERPLATE]
_NUMBER = regex.compile(NUMBER)
_END = regex.compile(SENTENCE_END)
_SPACE = regex.compile(r"\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a text as printed (without their closing mark)."""
    return [s.strip() for s in _END.split(text) if s.strip()]


def comparable_form(sentence: str) -> str | None:
    """The sentence reduced for comparison, or None when it is boilerplate."""
    reduced = _SPACE.sub("", nfkc(sentence))
    if any(p.search(reduced) for p in _BOILERPLATE):
        return None
    return _NUMBER.sub(NUMBER_MASK, reduced)


def _reduced(text: str) -> list[tuple[str, str]]:
    """(printed sentence, comparable form) for the non-boilerplate sentences of a text."""
    pairs = []
    for sentence in sentences(text):
        form = comparable_form(sentence)
        if form:
            pairs.append((sentence, form))
    return pairs


def compare_section(number: int, heading: str, old_text: str, new_text: str) -> SectionComparison:
    old, new = _reduced(old_text), _reduced(new_text)
    old_joined = "。".join(f for _, f in old)
    new_joined = "。".join(f for _, f in new)
    if not old_joined and not new_joined:
        similarity = None
    else:
        similarity = SequenceMatcher(None, old_joined, new_joined, autojunk=False).ratio()
    old_forms, new_forms = Counter(f for _, f in old), Counter(f for _, f in new)
    added, kept = [], 0
    remaining = old_forms.copy()
    for sentence, form in new:
        if remaining[form] > 0:
            remaining[form] -= 1
            kept += 1
        else:
            added.append(sentence)
    remaining = new_forms.copy()
    removed = []
    for sentence, form in old:
        if remaining[form] > 0:
            remaining[form] -= 1
        else:
            removed.append(sentence)
    return SectionComparison(number=number, heading=heading, similarity=similarity,
                             before_chars=len(old_joined), after_chars=len(new_joined),
                             sentences_kept=kept, added=added, removed=removed)


def compare_narrative(before: AnnualReport,
                      after: AnnualReport) -> tuple[list[SectionComparison], float | None]:
    """Per-section comparisons (sections printed by either report) and the weighted similarity."""
    sections = []
    for spec in SECTIONS:
        old, new = before.section(spec.number), after.section(spec.number)
        if old is None and new is None:
            continue
        sections.append(compare_section(spec.number, spec.canonical, old.text if old else "",
                                        new.text if new else ""))
    weights = [(s.similarity, s.before_chars + s.after_chars) for s in sections if s.similarity is not None]
    total = sum(w for _, w in weights)
    overall = sum(sim * w for sim, w in weights) / total if total else None
    return sections, overall
