"""The report's own words about where it comes from: name, title, publisher, address, postcode.

Most introductions (or closing lines) print a contact: ``地址：平潭综合实验区北厝镇…；邮编：350400``.
``parse`` keeps it in ``meta.addresses`` and ``meta.postcodes`` (``recognise/contact.py``); a caller
may add more text (``text``), e.g. for a report saved before those fields existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import AnnualReport
from ..recognise.contact import contact_in

# Words of a title around the agency: the year and the report's name.
TITLE_NOISE = regex.compile(r"(?:19|20)\d{2}年度?|(?:政府|政务)?信息公开.*$")


@dataclass
class Evidence:
    """What the report says about its place. ``name`` is the agency (else the title's words)."""

    name: str | None
    title: str | None = None
    publisher: str | None = None
    addresses: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)


def gather(report: AnnualReport, text: str | None = None) -> Evidence:
    """Evidence from the report's meta (contact included) and its sections, plus ``text`` if given."""
    meta = report.meta
    title = _squeeze(TITLE_NOISE.sub("", _squeeze(meta.title))) if meta.title else None
    more_addresses, more_postcodes = contact_in("\n".join([text or "", *(s.text for s in report.sections)]))
    return Evidence(name=_squeeze(meta.agency) if meta.agency else title or None, title=title or None,
                    publisher=_squeeze(meta.publisher) if meta.publisher else None,
                    addresses=list(dict.fromkeys([*meta.addresses, *more_addresses])),
                    postcodes=list(dict.fromkeys([*meta.postcodes, *more_postcodes])))


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", text)
