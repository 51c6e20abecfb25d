"""Layout text (``pdftotext -layout``): values placed by the header cell above them, in columns.

The generated dump ``pdftotext2019_blank_cells`` (every cell and finding is asserted in
``test_text_dumps.py``) leaves cells blank in tables 二, 三 and 四; counting read 11 of its 198
cells. Here: the boxes the text source gives layout words, the refusal of a value standing
between two columns, and the guard that counts a table whose full lines do not stand under its
header.
"""

from __future__ import annotations

from pathlib import Path

import govdisclose
from govdisclose.sources.text import read_text

from .conftest import FIXTURES

DUMP = FIXTURES / "dumps" / "pdftotext2019_blank_cells.txt"
ROW_PROHIBITED = "2.其他法律行政法规禁止公开"


def _edited(tmp_path: Path, label: str, old: str, new: str) -> Path:
    """The dump with the line starting ``label`` edited (``old`` → ``new``, same line only)."""
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(label))
    assert lines[index].count(old) == 1, lines[index]
    lines[index] = lines[index].replace(old, new)
    path = tmp_path / "edited.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_layout_words_are_boxed_in_character_columns():
    """x0 = the word's offset in its line (one column per character, as pdftotext prints),
    x1 = x0 + its display width (a CJK character is drawn over two columns)."""
    header = "信息内容" + " " * 7 + "本年新制作数量" + " " * 10 + "本年新公开数量"
    text = "\n".join([header] * 4 + ["规章" + " " * 14 + "0" + " " * 18 + "5"])
    document = read_text(Path("t.txt"), text.encode())
    words = document.lines()[-1].words
    assert [(w.text, w.bbox) for w in words] == [
        ("规章", (0.0, 5.0, 4.0, 6.0)), ("0", (16.0, 5.0, 17.0, 6.0)), ("5", (35.0, 5.0, 36.0, 6.0))]
    assert [(w.text, w.bbox[0], w.bbox[2]) for w in document.lines()[0].words] == [
        ("信息内容", 0.0, 8.0), ("本年新制作数量", 11.0, 25.0), ("本年新公开数量", 28.0, 42.0)]


def test_dumps_that_are_not_layout_keep_words_without_boxes():
    """Fewer than five lines with cells apart by a gap, or words squeezed by single spaces."""
    few = read_text(Path("t.txt"), "信息内容   本年新制作数量\n规章   0\n".encode())
    assert all(w.bbox is None for line in few.lines() for w in line.words)
    squeezed = read_text(Path("t.txt"), "\n".join(["结果   结果 其他   尚未"] * 6).encode())
    assert all(w.bbox is None for line in squeezed.lines() for w in line.words)


def test_blank_cells_read_where_the_header_decides():
    report = govdisclose.parse(DUMP)
    active = report.tables.active_disclosure.rows
    assert [(c.kind, c.raw) for c in active["licensing"].values()] == [
        ("number", "98"), ("blank", ""), ("number", "31346")]
    assert [(c.kind, c.raw) for c in active["fees"].values()] == [("blank", ""), ("number", "-3")]
    prohibited = report.tables.requests.rows["withheld.prohibited_by_law"]
    assert [c.raw for c in prohibited.values()] == ["1", "", "", "", "0", "", "1"]
    review = report.tables.review_litigation.rows
    assert [c.raw for c in review["litigation_direct"].values()] == ["0", "", "0", "0", "0"]
    assert not [f for f in report.findings if f.rule in ("COLUMN-COUNT", "UNREADABLE")]
    licensing = active["licensing"]["decisions"]  # character columns place values; cells report no box
    assert (licensing.page, licensing.bbox, licensing.path) == (None, None, "line 18")


def test_value_between_two_columns_is_refused(tmp_path):
    """The 0 of 法律服务机构 moved right, into the gap before 其他: no column's header is above
    it, so the row is not read (neither by x nor by counting)."""
    path = _edited(tmp_path, ROW_PROHIBITED, "0               1", "   0            1")
    report = govdisclose.parse(path)
    row = report.tables.requests.rows["withheld.prohibited_by_law"]
    assert {c.kind for c in row.values()} == {"unreadable"} and len(row) == 7
    refusal = [f for f in report.findings if f.rule == "COLUMN-COUNT"]
    assert [(f.message, f.cells) for f in refusal] == [(
        "table 三 row withheld.prohibited_by_law: 0 under no column's header ('1 0 1')",
        [f"requests/withheld.prohibited_by_law/{c}" for c in (
            "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
            "legal_service_org", "other_org", "total")])]
    others = {key: cells for key, cells in report.tables.requests.rows.items() if key != "withheld.prohibited_by_law"}
    assert all(c.kind != "unreadable" for cells in others.values() for c in cells.values())


def test_full_line_off_its_header_makes_the_table_counted(tmp_path):
    """A line printing all seven values, one in the gap before 科研机构 (its blank filled): the
    header's columns do not hold for this table's lines (as on a squeezed or shifted page), so
    every line is counted: the full line is read, the lines with blank cells refused by count."""
    path = _edited(tmp_path, "1.属于国家秘密", "0               0", "0   0           0")
    report = govdisclose.parse(path)
    requests = report.tables.requests.rows
    assert [(c.kind, c.value) for c in requests["withheld.state_secret"].values()] == [("number", 0)] * 7
    assert {c.kind for c in requests["withheld.prohibited_by_law"].values()} == {"unreadable"}
    assert ("COLUMN-COUNT", "table 三 row withheld.prohibited_by_law: 3 values for 7 columns ('1 0 1')") in [
        (f.rule, f.message) for f in report.findings]


def test_only_layout_dumps_get_boxes():
    """Crawler, glued and one-cell-per-line dumps keep their paths (counting, flattened runs);
    layout dumps and the layout tables of converted ones are boxed."""
    boxed = {}
    for path in sorted((FIXTURES / "dumps").glob("*.txt")):
        document = read_text(path, path.read_bytes())
        boxed[path.stem] = any(w.bbox is not None for line in document.lines() for w in line.words)
    assert sorted(name for name, has in boxed.items() if has) == [
        "converted2019_floated", "converted2021_floated", "layout2019", "pdftotext2019_blank_cells"]
    assert len(boxed) == 9
