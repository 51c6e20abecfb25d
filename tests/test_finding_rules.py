"""The structural finding rules, each raised by a report that breaks it: MISSING-TABLE,
UNPLACED-ROW (tables 二 and 三) and DUPLICATE-ROW, with the exact finding and nothing else new.

Each case edits the generated layout dump ``layout2019.txt`` (one table row per line) and
compares its findings with those of the unedited dump.
"""

from __future__ import annotations

import govdisclose

from .conftest import FIXTURES

DUMP = FIXTURES / "dumps" / "layout2019.txt"
LINES = DUMP.read_text(encoding="utf-8").split("\n")
GRANTED = next(i for i, line in enumerate(LINES) if line.startswith("（一）予以公开"))
LICENSING = next(i for i, line in enumerate(LINES) if line.startswith("行政许可"))
TABLE_FOUR = next(i for i, line in enumerate(LINES) if line.startswith("行政复议行政诉讼"))


def _parse(tmp_path, lines: list[str]):
    path = tmp_path / "edited.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return govdisclose.parse(path)


def _new_findings(tmp_path, lines: list[str]) -> tuple[list[tuple], govdisclose.AnnualReport]:
    """Findings of the edited dump that the unedited one does not have, as plain tuples."""
    def plain(report):
        return [(f.rule, f.severity, f.message, tuple(f.cells)) for f in report.findings]

    before = plain(govdisclose.parse(DUMP))
    report = _parse(tmp_path, lines)
    return [f for f in plain(report) if f not in before], report


def test_missing_table(tmp_path):
    lines = LINES[:TABLE_FOUR] + ["本年度未发生政府信息公开行政复议、行政诉讼。"] + LINES[TABLE_FOUR + 1:]
    new, report = _new_findings(tmp_path, lines)
    assert new == [("MISSING-TABLE", "error", "table review_litigation was not found", ())]
    assert report.tables.review_litigation is None
    assert report.cell("requests/granted/total").value == 607  # the other tables are untouched


def test_unplaced_row_in_table_three(tmp_path):
    stray = "天气晴朗空气清新　　　　　　　　　　　　　　　　　　　　　   1   2   3   4   5   6   21"
    new, report = _new_findings(tmp_path, LINES[:GRANTED + 1] + [stray] + LINES[GRANTED + 1:])
    assert new == [("UNPLACED-ROW", "error",
                    "table 三 row '天气晴朗空气清新' with values '1 2 3 4 5 6 21' matches no catalogue row", ())]
    assert report.cell("requests/granted/total").value == 607


def test_unplaced_row_in_table_two(tmp_path):
    stray = "天气晴朗空气清新　　　　　　　　　　　　　　　　　　　　　   7   1   8"
    new, report = _new_findings(tmp_path, LINES[:LICENSING + 1] + [stray] + LINES[LICENSING + 1:])
    assert new == [("UNPLACED-ROW", "error", "table 二 row '天气晴朗空气清新' matches no catalogue row", ())]
    assert report.cell("active_disclosure/licensing/decisions").value == 431998


def test_duplicate_row_keeps_the_first(tmp_path):
    second = LINES[GRANTED].replace("590", "591")
    new, report = _new_findings(tmp_path, LINES[:GRANTED + 1] + [second] + LINES[GRANTED + 1:])
    assert new == [("DUPLICATE-ROW", "error",
                    "table 三 row granted printed twice; the copy with values '591 8 0 0 9 0 607' kept out",
                    ("requests/granted/total",))]
    assert report.cell("requests/granted/natural_person").value == 590
