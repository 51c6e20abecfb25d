"""Numbers a report's own prose states for a table cell, used to split flattened digit runs.

Each entry: the cell path ``table/row/column`` and patterns whose group 1 is that cell's value.
Only phrases that name the cell unmistakably belong here; when the prose states two different
numbers for one cell, neither is used.
"""

from __future__ import annotations

PROSE_NUMBERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("active_disclosure/normative_documents/issued", (
        r"(?:本年度?|今年|全年)(?:共)?(?:新)?制发(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件",
        r"制发(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件",
    )),
    ("active_disclosure/normative_documents/repealed", (
        r"废止(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件",
    )),
    ("active_disclosure/normative_documents/in_force", (
        r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件",
    )),
    ("active_disclosure/rules/issued", (
        r"制发(?:的)?(?:政府)?规章(?:共)?(\d+)件",
    )),
)
