"""Is a Document an annual report at all? ``check_annual_report`` raises ``NotAnnualReport`` if not.

Evidence for a report: the statistics tables' labels, the six section headings, a title naming a
政府信息公开工作年度报告, the template era. Evidence against: an error page's words, a title naming
another kind (部门预算, 通知, 工作总结, 工作要点 …), a headline about a report, budget words in the
body. Strong report evidence (tables, or three of the six sections) always wins, so a real report
is never refused for what its cover page or prose says; otherwise the evidence against decides.
The words are data in ``catalogue.report_kinds``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..catalogue.report_kinds import (
    ABOUT_KIND,
    ABOUT_REPORT,
    BODY_WORDS,
    ERROR_PAGE_MAX_CHARS,
    ERROR_PAGE_WORDS,
    FORWARDS_REPORT,
    MIN_TITLE_CHARS,
    OTHER_KINDS,
    REPORT_ENDING,
    REPORT_NAME,
    STATISTICS_TABLE_WORDS,
    STRONG_SECTIONS,
    STRONG_TABLE_WORDS,
)
from ..document import Document
from ..errors import NotAnnualReport
from ..normalize import clean_text, label_key
from .meta import LEADING_NOISE, MAX_TITLE_CHARS, MAX_TITLE_LINES, TITLE_BREAKERS, TITLE_PATTERNS
from .sections import SectionSpan
from .template import document_label_text

_ABOUT = regex.compile(ABOUT_REPORT)
_REPORT_NAME = regex.compile(REPORT_NAME)
_FORWARDS = regex.compile(FORWARDS_REPORT)
_TABLE_KEYS = tuple(dict.fromkeys(label_key(word) for word in STATISTICS_TABLE_WORDS))
_ERROR_KEYS = {word: label_key(word).lower() for word in ERROR_PAGE_WORDS}
MESSAGE_TITLE_CHARS = 60
NOTHING_FOUND = "no title, section or statistics table of an annual report was found"


@dataclass(frozen=True)
class TitleReading:
    """What the title-like leading lines say the document is."""

    report_title: str | None  # a candidate naming the annual report itself
    other_title: str | None  # the first candidate naming another kind
    other_kind: str | None  # that kind's name
    forwards_report: bool = False  # the other title forwards a report (关于印发…年度报告的通知)


def check_annual_report(
    document: Document, title: str | None, template: str, spans: list[SectionSpan],
) -> None:
    """Raise ``NotAnnualReport`` (one line naming the evidence) unless ``document`` is an annual report.

    ``title`` is ``find_meta``'s, ``template`` ``detect_template``'s, ``spans`` ``find_sections``'.
    """
    text = document_label_text(document)
    table_words = sum(key in text for key in _TABLE_KEYS)
    if table_words >= STRONG_TABLE_WORDS or len(spans) >= STRONG_SECTIONS:
        return
    error_word = _error_page_word(text)
    if error_word:
        raise NotAnnualReport(f"an error page (“{error_word}”), not an annual report", document.path)
    reading = read_titles(document)
    some_evidence = bool(spans) or template != "unknown" or table_words > 0
    if reading.other_kind and not reading.report_title and not (reading.forwards_report and some_evidence):
        raise NotAnnualReport(
            f"a {reading.other_kind} (“{_short(reading.other_title)}”), not an annual report", document.path)
    if title or reading.report_title or some_evidence:
        return
    for kind in OTHER_KINDS:
        words = [word for word in kind.body_words if label_key(word) in text]
        if len(words) >= BODY_WORDS:
            raise NotAnnualReport(
                f"a {kind.name} (prints {', '.join(words[:3])}), not an annual report", document.path)
    raise NotAnnualReport(NOTHING_FOUND, document.path)


def read_titles(document: Document) -> TitleReading:
    """Classify the title-like leading lines, alone and joined in twos and threes (titles wrap),
    and the title a crawler header or the HTML ``<title>`` gives."""
    head = [_squeeze(line.text) for line in document.lines()[:MAX_TITLE_LINES + 2]]
    candidates = []
    if document.info.get("title"):
        candidates.append(_squeeze(document.info["title"]))
    for count in (1, 2, 3):
        for start in range(min(MAX_TITLE_LINES, len(head))):
            group = head[start:start + count]
            if len(group) == count and all(_title_like(part) for part in group):
                candidates.append("".join(group))
    report_title = other_title = other_kind = None
    for candidate in candidates:
        candidate = LEADING_NOISE.sub("", candidate).strip("《》 ")
        if len(candidate) < MIN_TITLE_CHARS:
            continue
        kind = title_kind(candidate)
        if kind is None:
            report_title = report_title or candidate
        elif kind and len(candidate) > len(other_title or ""):  # the whole title, not its first line
            other_title, other_kind = candidate, kind
    forwards = bool(other_title and _FORWARDS.search(other_title))
    return TitleReading(report_title, other_title, other_kind, forwards)


def title_kind(title: str) -> str | None:
    """``None`` when ``title`` names an annual report, the other kind's name when it names one,
    ``""`` when it names nothing (an agency line, a date)."""
    about = False
    for pattern in TITLE_PATTERNS:
        match = pattern.search(title)
        if match is not None:
            about = about or bool(_ABOUT.search(match.group("agency") or ""))
            if match.end() == len(title) and not about:
                return None
    name = _REPORT_NAME.search(title)
    about = about or (name is not None and bool(_ABOUT.search(title[:name.start()])))
    if name is not None and not about:
        return None
    for kind in OTHER_KINDS:
        if title.endswith(kind.title_endings):
            return kind.name
    if about:
        return ABOUT_KIND
    if title.endswith(REPORT_ENDING):
        return "report of another kind"
    return ""


def _error_page_word(text: str) -> str | None:
    if len(text) > ERROR_PAGE_MAX_CHARS:
        return None
    lowered = text.lower()
    return next((word for word, key in _ERROR_KEYS.items() if key in lowered), None)


def _title_like(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE_CHARS and not TITLE_BREAKERS.search(line)


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", clean_text(text))


def _short(title: str | None) -> str:
    title = title or ""
    return title if len(title) <= MESSAGE_TITLE_CHARS else title[:MESSAGE_TITLE_CHARS] + "…"
