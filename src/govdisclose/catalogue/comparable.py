"""Which cells two reports share, across the 2019 → 2021 template change (used by ``compare``).

Cells are compared by their keys (``table/row/column``, see ``shared/spec/cell-keys.md``):

- Table 三 (``requests``) and table 四 (``review_litigation``) have the same rows and columns in
  both templates, except （六）其他处理: the 2019 template (and some 2021 reports) print it as ONE
  row ``other``, the 2021 template as three sub-rows ``other.*``. When one report prints the
  single row and the other only the sub-rows, the row ``other`` is compared, the sum of the three
  sub-rows standing in for it, column by column (:data:`OTHER_SUBROWS`); the sub-rows are then
  listed as not comparable.
- Table 二 (``active_disclosure``) changed meaning in 2021. Across the two templates only the
  cells in :data:`ACTIVE_SAME_MEANING` are compared; every other cell is listed as not
  comparable, with the reason from :data:`ACTIVE_NOT_COMPARABLE`.
- Within one template every cell printed by both reports is compared. A cell printed by only
  one report (a locally added subtotal row or column, a missing row) is listed as not comparable
  (:data:`ONLY_ONE_SIDE`).
"""

from __future__ import annotations

from .harmonised import active_same_meaning
from .requests import OTHER_SUBROWS

__all__ = [
    "ACTIVE_NOT_COMPARABLE",
    "ACTIVE_SAME_MEANING",
    "ONLY_ONE_SIDE",
    "OTHER_AS_ONE_ROW",
    "OTHER_SUBROWS",
    "TABLE_MISSING",
    "active_reason",
]

# Table 二 cells that mean the same in both templates: (row, 2019 column) -> (row, 2021 column),
# derived from the harmonised concordance (catalogue/harmonised.py): 处理决定数量 (2019) and
# 本年处理决定数量 (2021) both count the decisions made in the year.
ACTIVE_SAME_MEANING: dict[tuple[str, str], tuple[str, str]] = active_same_meaning()

# Why a table 二 cell cannot be compared across the templates. Looked up by "row/column", then
# by "row", then by "column" (the most specific entry wins).
ACTIVE_NOT_COMPARABLE: dict[str, str] = {
    # 2019-only
    "other_services": "2019-only row 其他对外管理服务事项; the 2021 template dropped it",
    "procurement": "2019-only row 政府集中采购; the 2021 template dropped it",
    "fees/items_last_year": "2019 counts fee items (上一年项目数量); 2021 prints the amount collected (万元)",
    "fees/items_change": "2019 counts fee items (本年增/减); 2021 prints the amount collected (万元)",
    "new_made": "2019 本年新制作数量 counts documents made; 2021 本年制发件数 counts documents issued, "
                "a different count",
    "new_published": "2019-only column 本年新公开数量; no 2021 counterpart",
    "published_total": "2019 对外公开总数量 counts every document ever published; 2021 现行有效件数 "
                       "counts documents in force",
    "items_last_year": "2019-only column 上一年项目数量; the 2021 template dropped item counts",
    "items_change": "2019-only column 本年增/减; the 2021 template dropped item counts",
    # 2021-only
    "issued": "2021 本年制发件数 counts documents issued; 2019 本年新制作数量 counts documents made, "
              "a different count",
    "repealed": "2021-only column 本年废止件数; no 2019 counterpart",
    "in_force": "2021 现行有效件数 counts documents in force; 2019 对外公开总数量 counts every "
                "document ever published",
    "fees/amount_10k_yuan": "2021 prints the fee amount collected (万元); 2019 counted fee items",
}

ONLY_ONE_SIDE = "printed only in the {year} report"
TABLE_MISSING = "table {table} was not found in the {year} report"
OTHER_AS_ONE_ROW = ("（六）其他处理 is printed as one row in the {year} report: compared as the row "
                    "`other`, the sum of the three sub-rows standing in for it")


def active_reason(row: str, column: str) -> str:
    """The reason a table 二 cell is not comparable across the templates."""
    for key in (f"{row}/{column}", row, column):
        if key in ACTIVE_NOT_COMPARABLE:
            return ACTIVE_NOT_COMPARABLE[key]
    return "the 2019 and 2021 templates' table 二 cells differ in meaning"
