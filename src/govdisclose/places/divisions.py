"""The division dataset: names in a text → one province / prefecture / county, for a given year.

Backed by ``cnloc`` (the ``places`` extra): administrative divisions of every year 1980–2024,
matched left to right, and no match at all when a name is ambiguous (朝阳区, 鼓楼区) or unknown
(a misprint such as 沐阳县). Its pseudo-prefectures (市辖区, 县, 直辖县, 省直辖县级行政区划) are
not places and come back as ``None``.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from ..errors import MissingDependency

# The years the dataset covers; a report year outside them is looked up in the nearest one.
FIRST_YEAR, LAST_YEAR = 1980, 2024
PSEUDO_NAMES = frozenset({"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
INSTALL = "pip install 'govdisclose[places]'"


class Division(NamedTuple):
    """One division with its parents; names as the dataset spells them, codes 6 digits."""

    province: str | None
    province_code: str | None
    prefecture: str | None
    prefecture_code: str | None
    county: str | None
    county_code: str | None

    @property
    def code(self) -> str | None:
        """The code of the most specific level."""
        return self.county_code or self.prefecture_code or self.province_code

    @property
    def name(self) -> str | None:
        """The name of the most specific level."""
        return self.county or self.prefecture or self.province

    def path(self) -> str:
        return "".join(n for n in (self.province, self.prefecture, self.county)
                       if n and (n != self.province or n not in (self.prefecture, self.county)))


def dataset_year(year: int | None) -> int:
    """The dataset year used for a report year (its own when covered, else the nearest)."""
    return LAST_YEAR if year is None else min(max(year, FIRST_YEAR), LAST_YEAR)


@functools.lru_cache(maxsize=1)
def _cnloc():
    try:
        import cnloc
    except ImportError as error:
        raise MissingDependency(f"coding places needs the division dataset cnloc: {INSTALL}") from error
    return cnloc


@functools.lru_cache(maxsize=4096)
def resolve(text: str, year: int | None) -> Division | None:
    """The one division ``text`` names (left to right), in the dataset of ``dataset_year(year)``;
    None when it names none, or several that the dataset cannot tell apart."""
    row = _cnloc().getlocation([text], year=dataset_year(year), drop=["id"]).iloc[0]

    def field(name: str) -> str | None:
        value = row.get(name)
        return value if isinstance(value, str) and value else None

    province, province_code = field("province_name"), field("province_adcode")
    if province_code is None:
        return None
    prefecture, prefecture_code = field("city_name"), field("city_adcode")
    if prefecture in PSEUDO_NAMES:
        prefecture, prefecture_code = None, None
    county, county_code = field("county_name"), field("county_adcode")
    if province_code in MUNICIPALITIES and county_code:  # 上海市浦东新区: the city is the prefecture
        prefecture, prefecture_code = province, province_code
    return Division(province, province_code, prefecture, prefecture_code, county, county_code)
