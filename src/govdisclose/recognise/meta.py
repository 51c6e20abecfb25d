"""Title, agency and year from the title patterns of report-format.md §9 and the introduction."""

from __future__ import annotations

import regex

from ..document import Document, TextLine
from ..normalize import clean_text
from .contact import find_contact

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REPORT = r"(?:政府|政务)?信息公开(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:年度)?报告"
# Tried in order on the normalised title (no spaces); the first match wins.
TITLE_PATTERNS: tuple[regex.Pattern, ...] = tuple(regex.compile(p) for p in (
    rf"^(?P<agency>.*?){_YEAR}年度?{_REPORT}",
    rf"^{_YEAR}年度?(?P<agency>.+?){_REPORT}",
    rf"^(?P<agency>.+?)(?:政府|政务)?信息公开工作{_YEAR}年度报告",
    rf"^(?P<agency>.+?){_REPORT}[（(]{_YEAR}年度?[)）]",
))
# The introduction names the agency when the title does not, tried in order.
INTRO_AGENCY: tuple[regex.Pattern, ...] = tuple(regex.compile(p) for p in (
    r"本报告(?:是)?由(?P<agency>[^，。,（(]{2,40}?)(?:根据|依据|按照|依照|编制|汇总|负责)",
    r"现(?:将|予|对外)?公布(?P<agency>[^，。,（(《]{2,40}?)(?:19|20)\d{2}年度?(?:政府|政务)?信息公开",
    r"现将(?P<agency>[^，。,（(《]{2,40}?)(?:19|20)\d{2}年度?(?:政府|政务)?信息公开",
))
BODY_YEAR = regex.compile(r"(?P<year>(?:19|20)\d{2})年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告")
PERIOD_YEAR = regex.compile(r"(?P<year>(?:19|20)\d{2})年1月1日(?:起)?至(?P=year)年12月31日")
# Words around an agency name that are not part of it (a forwarding cover: 某县人民政府关于公布…).
AGENCY_NOISE = regex.compile(r"^(?:关于)|[《》“”]|(?:关于)?(?:印发|公布|发布|转发)?(?:的)?$")
# The government's office edits the government's report: the agency is the government.
OFFICE_OF_GOVERNMENT = regex.compile(r"(人民政府)(?:办公室|办公厅)$")
MAX_TITLE_LINES = 4
MAX_TITLE_CHARS = 60
# Sentence punctuation, document numbers and breadcrumbs do not occur in a title line.
TITLE_BREAKERS = regex.compile(r"[，。：；〔〕>＞|]")
LEADING_NOISE = regex.compile(r"^(?:附件\d*|附表\d*)")


def find_title(lines: list[TextLine], info_title: str | None) -> tuple[str | None, regex.Match | None]:
    """The title and its pattern match, from a crawler header or the leading lines.

    Candidates are the title-like leading lines alone and joined in twos and threes (titles wrap,
    and often put the agency on its own line). One naming an agency wins over one that does not;
    then a single line over a join (a stray ``附件`` line must not join the agency).
    """
    head = [_squeeze(line.text) for line in lines[:MAX_TITLE_LINES + 2]]
    candidates: list[tuple[int, str]] = []
    if info_title:
        candidates.append((0, _squeeze(info_title)))
    for count in (1, 2, 3):
        for start in range(min(MAX_TITLE_LINES, len(head))):
            group = head[start:start + count]
            if len(group) == count and all(_title_like(part) for part in group):
                candidates.append((count, "".join(group)))
    matches = []
    for order, (count, candidate) in enumerate(candidates):
        candidate = LEADING_NOISE.sub("", candidate).strip("《》 ")
        for pattern in TITLE_PATTERNS:
            match = pattern.search(candidate)
            if match:
                matches.append((not match.group("agency"), count, order, candidate[: match.end()], match))
                break
    if not matches:
        return None, None
    *_, title, match = min(matches, key=lambda m: m[:3])
    return title, match


def _title_like(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE_CHARS and not TITLE_BREAKERS.search(line)


def find_meta(document: Document) -> dict:
    """``title``, ``agency``, ``year`` (each possibly None) read from the document's text."""
    lines = document.lines()
    title, match = find_title(lines, document.info.get("title"))
    agency = _clean_agency(match.group("agency")) if match else None
    if agency and agency.endswith("人民") and title and title.startswith(agency + "政府", title.find(agency)):
        agency += "政府"  # 某县人民政府信息公开…: the pattern's optional 政府 took the agency's
    year = int(match.group("year")) if match else None
    body = "".join(_squeeze(line.text) for line in lines[:60])
    if not agency:
        for pattern in INTRO_AGENCY:
            intro = pattern.search(body)
            if intro:
                agency = OFFICE_OF_GOVERNMENT.sub(r"\1", _clean_agency(intro.group("agency")) or "") or None
                break
    if year is None:
        stated = PERIOD_YEAR.search(body) or BODY_YEAR.search(body)
        if stated:
            year = int(stated.group("year"))
    addresses, postcodes = find_contact(document)
    return {"title": title, "agency": agency, "year": year, "addresses": addresses, "postcodes": postcodes}


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", clean_text(text))


def _clean_agency(agency: str) -> str | None:
    agency = AGENCY_NOISE.sub("", agency).strip()
    return agency or None
