"""Table 四 (行政复议、行政诉讼): one row of 15 numbers mapped by position."""

from __future__ import annotations

ROWS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
COLUMNS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
# Position 1–15 of the flattened row, in printed order.
POSITIONS: tuple[tuple[str, str], ...] = tuple(
    (row, column) for row in ROWS for column in COLUMNS
)
# Captions of table 四 printed as three rows (or tables) of five: row key by the label's last words,
# the longer words first (未经复议直接起诉 before 直接起诉).
CAPTIONS: tuple[tuple[str, str], ...] = (
    ("复议后起诉", "litigation_after_review"), ("未经复议直接起诉", "litigation_direct"),
    ("直接起诉", "litigation_direct"), ("行政复议", "review"),
)
