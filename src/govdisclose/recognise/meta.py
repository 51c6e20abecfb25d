"""Title, agency and year from the title patterns of report-format.md §9 and the introduction."""

from __future__ import annotations

import regex

from ..document import Document, TextLine
from ..normalize import clean_text

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REPORT = r"(?:政府|政务)?信息公开(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:年度)?报告"
# Tried in order on the normalised title (no spaces); the first match wins.
TITLE_PATTERNS: tuple[regex.Pattern, ...] = tuple(regex.compile(p) for p in (
    rf"^(?P<agency>.*?){_YEAR}年度?{_REPORT}",
    rf"^{_YEAR}年度?(?P<agency>.+?){_REPORT}",
    rf"^(?P<agency>.+?)(?:政府|政务)?信息公开工作{_YEAR}年度报告",
    rf"^(?P<agency>.+?){_REPORT}[（(]{_YEAR}年度?[)）]",
))
INTRO_AGENCY = regex.compile(r"本报告(?:是)?由(?P<agency>[^，。,（(]{2,40}?)(?:根据|依据|按照|依照|编制|汇总|负责)")
PERIOD_YEAR = regex.compile(r"(?P<year>(?:19|20)\d{2})年1月1日(?:起)?至(?P=year)年12月31日")
# Leading words that are not part of an agency name.
AGENCY_NOISE = regex.compile(r"^(?:关于)|[《》“”]|(?:的)$")
# The government's office edits the government's report: the agency is the government.
OFFICE_OF_GOVERNMENT = regex.compile(r"(人民政府)(?:办公室|办公厅)$")
MAX_TITLE_LINES = 4


def find_title(lines: list[TextLine], info_title: str | None) -> tuple[str | None, regex.Match | None]:
    """The title and its pattern match: a crawler header, else 1–3 joined leading lines."""
    candidates: list[str] = []
    if info_title:
        candidates.append(info_title)
    head = [_squeeze(line.text) for line in lines[:MAX_TITLE_LINES + 2]]
    for start in range(min(MAX_TITLE_LINES, len(head))):
        for count in (1, 2, 3):
            candidates.append("".join(head[start:start + count]))
    for candidate in candidates:
        candidate = candidate.strip("《》 ")
        for pattern in TITLE_PATTERNS:
            match = pattern.search(candidate)
            if match:
                return candidate[: match.end()], match
    return None, None


def find_meta(document: Document) -> dict:
    """``title``, ``agency``, ``year`` (each possibly None) read from the document's text."""
    lines = document.lines()
    title, match = find_title(lines, document.info.get("title"))
    agency = _clean_agency(match.group("agency")) if match else None
    year = int(match.group("year")) if match else None
    body = "".join(_squeeze(line.text) for line in lines[:60])
    if not agency:
        intro = INTRO_AGENCY.search(body)
        if intro:
            agency = OFFICE_OF_GOVERNMENT.sub(r"\1", _clean_agency(intro.group("agency")) or "") or None
    if year is None:
        period = PERIOD_YEAR.search(body)
        if period:
            year = int(period.group("year"))
    return {"title": title, "agency": agency, "year": year}


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", clean_text(text))


def _clean_agency(agency: str) -> str | None:
    agency = AGENCY_NOISE.sub("", agency).strip()
    return agency or None
