"""What kind of agency a report is by: the level rules, as data.

``places.agency_level`` tries :data:`LEVEL_RULES` in order on the agency name (no spaces) and
takes the first that matches. A name that is nothing but a place (a division or an alias, e.g.
``平潭综合实验区``) is ``jurisdiction``: the report speaks for the whole area's administration.
"""

from __future__ import annotations

from typing import Literal

Level = Literal["government", "government_office", "department", "township_street", "development_zone",
                "jurisdiction"]
LEVELS: tuple[Level, ...] = ("government", "government_office", "department", "township_street",
                             "development_zone", "jurisdiction")

_ZONE = (r"(?:经济技术开发区|高新技术产业开发区|开发区|高新区|工业园区|产业园区|园区|综合保税区|保税区|"
         r"自由贸易试验区|自贸区|示范区|实验区|试验区|新区|产业集聚区|片区|港区|度假区|风景名胜区|景区)")

# (level, pattern searched on the whole name), first match wins.
LEVEL_RULES: tuple[tuple[Level, str], ...] = (
    ("township_street", r"(?:镇|乡|苏木)(?:人民政府|政府)?$|街道(?:办事处|办|工作委员会|工委)?$"),
    ("government_office", r"(?:人民政府|政府|管理委员会|管委会)办公(?:室|厅)$"),
    ("development_zone", _ZONE + r"(?:党工委|管理委员会|管委会|管理办公室|管理局|管理处|工作委员会)?$"),
    ("government", r"(?:人民政府|政府|行政公署)$"),
    ("department", r"(?:局|厅|委员会|委|办公室|办公厅|办|中心|署|院|所|站|队|处|部|会|社|馆|公司|集团|银行)"
                   r"$"),
)

# A place unit printed right after the division the dataset found (淮安市|楚州区|人民政府 in 2020, when
# 楚州区 is no longer a division) means the agency sits below it in a place the dataset does not know:
# the match is incomplete. Words ending in 区 that name no division (开发区, 城区, 社区…) do not count.
PLACE_UNIT = r"^\p{Han}{1,6}?(?:区|县|旗)"
NOT_DIVISION_AREAS = (r"(?:开发区|园区|新区|示范区|实验区|试验区|片区|保税区|工业区|景区|风景区|港区|社区|"
                      r"小区|辖区|城区|市区|街区|矿区|库区|营区|服务区|功能区|集聚区|合作区|自贸区|高新区|"
                      r"度假区|商务区|管理区|县区|各区|各县)$")
