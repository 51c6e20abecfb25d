"""Reading single cells: blank, /, 0 and units stay distinct facts."""

import pytest

from govdisclose.mapping.values import read_value
from govdisclose.table_rows import is_value_like


@pytest.mark.parametrize("raw, value, kind, unit", [
    ("", None, "blank", None),
    ("  ", None, "blank", None),
    ("/", None, "not_applicable", None),
    ("—", None, "not_applicable", None),
    ("-", None, "not_applicable", None),
    ("无", None, "not_applicable", None),
    ("0", 0, "number", None),
    ("447228", 447228, "number", None),
    ("1,234", 1234, "number", None),
    ("１２３", 123, "number", None),
    ("-3", -3, "number", None),
    ("96171.6", 96171.6, "number", None),
    ("251000元", 251000, "number", "yuan"),
    ("160.5964万元", 160.5964, "number", "10k_yuan"),
    ("3 5", None, "unreadable", None),
    ("l2", None, "unreadable", None),
    ("1,23", None, "unreadable", None),
    ("－５", -5, "number", None),  # full-width forms fold to ASCII ...
    ("5²", None, "unreadable", None),  # ... nothing else does: NFKC would read 52
    ("①", None, "unreadable", None),
    ("⒌", None, "unreadable", None),
    ("٣", None, "unreadable", None),  # a digit of another script is not one printed here
])
def test_read_value(raw, value, kind, unit):
    reading = read_value(raw)
    assert (reading.value, reading.kind, reading.unit) == (value, kind, unit)
    assert type(reading.value) is type(value)


def test_header_unit_applies_when_cell_has_none():
    assert read_value("12.5", money_unit="10k_yuan").unit == "10k_yuan"
    assert read_value("12元", money_unit="10k_yuan").unit == "yuan"


@pytest.mark.parametrize("text, expected", [
    ("0", True), ("", True), ("/", True), ("251000元", True), ("无", True),
    ("规章", False), ("1.属于国家秘密", False), ("其他", False), (None, False),
])
def test_value_like(text, expected):
    assert is_value_like(text) is expected
