"""Scanned tables without a usable ruled grid (no rules, or faint broken ones), read by the columns
the template predicts (sources/ocr_columns/).

The fixtures (fixtures/generated/scanned_unruled/, written by fixtures/scanned.py) hold blanks,
``/``, ``—`` and zeros in their rows; every cell is asserted against the truth. The clustering
itself is tested on synthetic boxes, refusals included. Parses are cached per module.
"""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from govdisclose.mapping.cells import MIN_OCR_CONFIDENCE
from govdisclose.mapping.requests import map_requests
from govdisclose.mapping.review_litigation import map_review_litigation
from govdisclose.mapping.rows import rows_of_grid
from govdisclose.sources.image_table import InkMask
from govdisclose.sources.ocr_columns import TextBox, read_column_tables

from .conftest import FIXTURES, fixture_module, parse_scan, scan_params
from .ocr_tape import TAPE_SUFFIX
from .regen import assert_same_folder
from .truth import assert_ocr_cells, assert_ocr_findings

UNRULED = FIXTURES / "scanned_unruled"
TRUTHS = sorted(UNRULED.glob("*.truth.json"))
has_ocr = importlib.util.find_spec("rapidocr") is not None


def truth_of(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=scan_params(TRUTHS))
def case(request):
    if not has_ocr:
        pytest.skip("ocr extra not installed")
    truth = truth_of(request.param)
    return truth, parse_scan(request.param.with_name(truth["name"] + ".pdf"))


def test_the_fixtures_hold_blanks_slashes_dashes_and_zeros():
    truths = {t["name"]: t for t in map(truth_of, TRUTHS)}
    assert set(truths) == {"scan_t2021_borderless_blanks", "scan_t2021_faint_rules_blanks"}
    for truth in truths.values():
        requests_cells = [c for c in truth["cells"] if c["table"] == "requests"]
        assert sum(c["kind"] == "blank" for c in requests_cells) >= 30
        assert sum(c["raw"] == "0" for c in requests_cells) >= 30
    raws = {c["raw"] for c in truths["scan_t2021_borderless_blanks"]["cells"]}
    assert {"/", "—"} <= raws


def test_every_cell(case):
    """Value, kind and printed text of every cell: blank, "/", "—" and 0 each as printed."""
    truth, report = case
    assert_ocr_cells(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_ocr_findings(report, truth)


def test_meta_and_sections(case):
    truth, report = case
    meta = truth["meta"]
    assert (report.meta.agency, report.meta.year, report.meta.template, report.meta.source) == (
        meta["agency"], meta["year"], meta["template"], "ocr")
    wanted = [(s["number"], s["heading"]) for s in truth["sections"]]
    assert [(s.number, s.heading) for s in report.sections] == wanted
    for section in report.sections:
        assert not any(word in section.text for word in ("自然人", "结果维持", "申请人情况")), section.text


def test_confidence_and_boxes_kept(case):
    """Every number keeps its OCR confidence; the cells of a row stand left to right in column order."""
    _, report = case
    for record in report.cells():
        cell = getattr(report.tables, record.table).get(record.row, record.column)
        assert record.page is not None and record.bbox is not None, record
        if cell.kind == "number":
            assert cell.confidence is not None and cell.confidence >= MIN_OCR_CONFIDENCE, (record, cell)
    for table in ("requests", "review_litigation"):
        rows = getattr(report.tables, table).rows
        for key, cells in rows.items():
            centres = [(c.bbox[0] + c.bbox[2]) / 2 for c in cells.values()]
            assert centres == sorted(centres), (table, key, centres)


def test_regeneration_matches_committed(tmp_path):
    """Truth byte for byte; scans by content (tests/regen.py: pixels within a stated tolerance)."""
    module = fixture_module("scanned")
    module.generate_unruled(tmp_path)
    assert_same_folder(tmp_path, UNRULED, [p.name for p in UNRULED.iterdir() if not p.name.endswith(TAPE_SUFFIX)])


# --------------------------------------------------------------------------- synthetic boxes

class FakeReader:
    """Ink and readings of slots, from a list of (x, y, text) marks the page "shows" without a box,
    and the runs of ink in header boxes (by their x-range; one even run per character otherwise)."""

    def __init__(self, marks=(), runs=None):
        self.marks = list(marks)
        self.runs = dict(HEADER_RUNS if runs is None else runs)
        self.read = []

    def ink_columns(self, box):
        return self.runs.get((box[0], box[2]), [(box[0] + 10 * k + 1, box[0] + 10 * k + 9) for k in range(5)])

    def _inside(self, box):
        return [text for x, y, text in self.marks if box[0] <= x <= box[2] and box[1] <= y <= box[3]]

    def read_empty(self, core, crop):
        found = self._inside(core)
        self.read.append(core)
        return (found[0], 0.95) if found else ("", None)

    def read_empties(self, slots):
        return [self.read_empty(core, crop) for core, crop in slots]

    def read_again(self, crop):
        found = self._inside(crop)
        return (found[0], 0.95) if found else ("", None)

    def ink_rows(self, slots):
        ys = sorted({y for x, y, _ in self.marks
                     if any(s[0] <= x <= s[2] and s[1] <= y <= s[3] for s in slots)})
        return [(y - 5, y + 5) for y in ys]


# Table 三's header as OCR cuts it on a borderless scan: wrapped labels in stacked pieces, two
# columns' words in one box ("商业科研", "社会法律"), spanning words above.
CENTRES = [333.0, 363.0, 393.0, 423.0, 453.0, 483.0, 513.0]
NEW, OLD = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
TWO_COLUMNS = (CENTRES[1] - 12, CENTRES[2] + 12)  # the box holding 商业科研, then 企业机构


def glyphs(centre, count, size=11.0):
    """Runs of ink of ``count`` characters centred on ``centre`` (1 pt apart)."""
    start = centre - (count * size + (count - 1)) / 2
    return [(start + k * (size + 1), start + k * (size + 1) + size) for k in range(count)]


HEADER_RUNS = {TWO_COLUMNS: glyphs(CENTRES[1], 2) + glyphs(CENTRES[2], 2)}


def requests_header() -> list[TextBox]:
    def word(text, centre, top, per_char=12.0):
        half = len(text) * per_char / 2
        return TextBox(text, 0.99, (centre - half, top, centre + half, top + 13))

    two = (TWO_COLUMNS[0], 387, TWO_COLUMNS[1], 400)
    return [
        word("申请人情况", 423, 340), word("法人或其他组织", 438, 358),
        word("自然", CENTRES[0], 378), word("人", CENTRES[0], 391),
        TextBox("商业科研", 0.99, two), TextBox("企业机构", 0.99, (two[0], 400, two[2], 413)),
        word("社会", CENTRES[3], 380), word("公益", CENTRES[3], 393), word("组织", CENTRES[3], 406),
        word("法律", CENTRES[4], 380), word("服务", CENTRES[4], 393), word("机构", CENTRES[4], 406),
        word("其他", CENTRES[5], 390), word("总计", CENTRES[6], 384),
    ]


def value_row(label, values, top, shift=0.0):
    """A label box and one box per printed value (``None`` = nothing printed), at column centres."""
    boxes = [TextBox(label, 0.99, (70.0, top, 70.0 + 12 * len(label), top + 13))]
    for centre, value in zip(CENTRES, values, strict=True):
        if value is not None:
            half = 4.5 * len(value)
            x = centre + shift
            boxes.append(TextBox(value, 0.98, (x - half, top + 1, x + half, top + 12)))
    return boxes


def identity(box):
    return tuple(round(v, 2) for v in box)


def read(boxes, reader=None, **kwargs):
    return read_column_tables(boxes, reader or FakeReader(), 3, identity, **kwargs)


def test_header_columns_found_from_stacked_and_merged_words():
    (grid, taken), = read(requests_header() + value_row(NEW, ["5", "1", None, None, "0", "0", "6"], 430))[0]
    header = grid.rows[1]
    assert [c.text for c in header[1:]] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert [round((c.bbox[0] + c.bbox[2]) / 2) for c in header[1:]] == CENTRES
    assert [c.text for c in grid.rows[0]] == ["申请人情况", "法人或其他组织"]
    assert taken == set(range(len(requests_header()) + 6))


def test_blank_cells_stay_blank_and_values_keep_their_column():
    boxes = requests_header() + value_row(NEW, ["5", "1", None, None, "0", "0", "6"], 430) \
        + value_row(OLD, [None, "0", "/", None, None, None, "0"], 450)
    (grid, _), = read(boxes)[0]
    assert [[c.text for c in row] for row in grid.rows[2:]] == [
        [NEW, "5", "1", "", "", "0", "0", "6"],
        [OLD, "", "0", "/", "", "", "", "0"],
    ]
    new = grid.rows[2]
    assert [c.confidence for c in new[1:]] == [0.98, 0.98, None, None, 0.98, 0.98, 0.98]
    assert new[1].bbox == (328.5, 431.0, 337.5, 442.0)  # the box as OCR found it, in points
    table, findings, _ = map_requests(rows_of_grid(grid, 0))
    assert findings == []
    assert {k: (c.value, c.kind) for k, c in table.rows["carried_over"].items()} == {
        "natural_person": (None, "blank"), "commercial_enterprise": (0, "number"),
        "research_institution": (None, "not_applicable"), "social_welfare_org": (None, "blank"),
        "legal_service_org": (None, "blank"), "other_org": (None, "blank"), "total": (0, "number")}


def test_ink_without_a_box_is_read_again_and_marks_nothing_printed_as_blank():
    reader = FakeReader(marks=[(CENTRES[2], 436, "7"), (CENTRES[3], 436, "?")])
    boxes = requests_header() + value_row(NEW, ["5", None, None, None, None, None, "12"], 430)
    (grid, _), = read(boxes, reader)[0]
    assert [c.text for c in grid.rows[2][1:]] == ["5", "", "7", "?", "", "", "12"]
    assert len(reader.read) == 5  # only the slots OCR found no box in
    table, _, _ = map_requests(rows_of_grid(grid, 0))
    assert table.rows["new"]["social_welfare_org"].kind == "unreadable"


def test_a_row_missed_by_ocr_is_found_by_its_ink():
    reader = FakeReader(marks=[(c, 457, "0") for c in CENTRES])
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430) \
        + value_row(OLD, [None] * 7, 450)
    (grid, _), = read(boxes, reader)[0]
    assert [c.text for c in grid.rows[3]] == [OLD] + ["0"] * 7


def test_a_box_between_two_columns_leaves_its_row_to_the_line_reading():
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430) \
        + value_row(OLD, ["3", None, None, None, None, None, "3"], 450)
    boxes.append(TextBox("2", 0.99, (373.0, 451.0, 383.0, 462.0)))  # centre 378: between 363 and 393
    (grid, _), = read(boxes)[0]
    assert [c.text for c in grid.rows[3]] == [OLD, "3", "2", "3"]
    table, findings, _ = map_requests(rows_of_grid(grid, 0))
    assert [(f.rule, f.message) for f in findings] == [(
        "COLUMN-COUNT", "table 三 row carried_over: 3 values for 7 columns ('3 2 3')")]
    assert {c.kind for c in table.rows["carried_over"].values()} == {"unreadable"}
    assert table.rows["new"]["total"].value == 6


def test_a_box_wider_than_its_column_leaves_its_row_to_the_line_reading():
    boxes = requests_header() + value_row(NEW, [None, None, None, None, None, "0", "6"], 430)
    boxes.append(TextBox("5 1 0 0", 0.99, (320.0, 431.0, 440.0, 442.0)))  # OCR merged four values
    (grid, _), = read(boxes)[0]
    assert [c.text for c in grid.rows[2]] == [NEW, "5 1 0 0", "0", "6"]


def test_a_merged_header_box_without_clear_gaps_is_refused():
    """商业科研 in one box with its ink evenly spread: where one column ends is unknown."""
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430)
    assert read(boxes, FakeReader(runs={}))[0] == []


def test_values_away_from_the_header_centres_refuse_the_table():
    """Values standing 0.25 of a column off the header's centres: the header was misplaced."""
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430,
                                          shift=7.5) \
        + value_row(OLD, ["5", "1", "0", "0", "0", "0", "6"], 450, shift=7.5)
    assert read(boxes)[0] == []


@pytest.mark.parametrize("dropped", ["其他", "总计"])
def test_a_header_not_matching_the_template_is_refused(dropped):
    header = [b for b in requests_header() if b.text != dropped]
    grids, open_columns = read(header + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430))
    assert grids == [] and open_columns is None


def test_review_litigation_header_of_fifteen_from_spaced_words():
    pitch, left = 31.0, 60.0
    centres = [left + pitch / 2 + pitch * j for j in range(15)]
    words = "结果维持 结果纠正 其他结果 尚未审结 总计"

    runs = {}

    def spaced(x0, top):
        box = (x0 + 2, top, x0 + pitch * 5 - 2, top + 12)
        first = round((x0 - left) / pitch)
        runs[(box[0], box[2])] = [run for j, word in enumerate(words.split())
                                  for run in glyphs(centres[first + j], len(word), size=6.0)]
        return TextBox(words, 0.95, box)

    boxes = [TextBox("行政复议", 0.99, (100, 360, 150, 374)), TextBox("行政诉讼", 0.99, (360, 360, 400, 374)),
             TextBox("未经复议直接起诉", 0.99, (260, 380, 340, 394)),
             TextBox("复议后起诉", 0.99, (430, 380, 480, 394)),
             spaced(left, 396), spaced(left + 5 * pitch, 402), spaced(left + 10 * pitch, 402)]
    printed = ["3", "1", "0", None, "4", None, None, None, None, None, "1", "0", "0", "0", "1"]
    for centre, text in zip(centres, printed, strict=True):
        if text is not None:
            boxes.append(TextBox(text, 0.99, (centre - 4, 426, centre + 4, 437)))
    (grid, _), = read(boxes, FakeReader(runs=runs))[0]
    assert [c.text for c in grid.rows[-1][1:]] == [t or "" for t in printed]
    table, findings, _ = map_review_litigation(rows_of_grid(grid, 0))
    assert findings == []
    assert [(c.value, c.kind) for c in table.rows["litigation_direct"].values()] == [(None, "blank")] * 5
    assert table.rows["review"]["total"].value == 4


def test_a_short_heading_below_the_table_ends_it():
    """A section heading that stops short of the columns still ends the table: it is taller."""
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430) \
        + [TextBox("四、复议诉讼", 1.0, (100, 460, 220, 482)), TextBox("结转", 1.0, (70, 500, 100, 513))]
    (grid, taken), = read(boxes)[0]
    assert [c.text for c in grid.rows[-1]] == [NEW, "5", "1", "0", "0", "0", "0", "6"]
    assert len(boxes) - 2 not in taken and len(boxes) - 1 not in taken


def test_a_table_running_off_the_page_hands_its_columns_to_the_next():
    boxes = requests_header() + value_row(NEW, ["5", "1", "0", "0", "0", "0", "6"], 430)
    first, open_columns = read(boxes, page_margins=(60.0, 760.0))
    assert len(first) == 1 and open_columns is not None
    following = value_row("3.其他", ["2", None, None, "0", None, None, "2"], 80, shift=-3.0) \
        + [TextBox("四、政府信息公开行政复议、行政诉讼情况", 1.0, (100, 120, 400, 140)),
           TextBox("云溪市2024年政府信息公开工作年度报告", 1.0, (200, 36, 400, 48))]  # a running header
    (grid, taken), = read(following, carry=open_columns, page_margins=(60.0, 760.0))[0]
    assert [[c.text for c in row] for row in grid.rows] == [["3.其他", "2", "", "", "0", "", "", "2"]]
    assert taken == {0, 1, 2, 3}  # the running header and the heading below are left to the lines
    second, still_open = read(following)
    assert second == [] and still_open is None  # without a header or carried columns: nothing


def test_ink_mask_rows_marks_and_dark_columns():
    scale = 2.0
    gray = np.full((400, 400), 250, np.uint8)
    gray[100:118, 40:52] = 20  # a digit-sized mark, y 50–59 pt, x 20–26 pt
    gray[160:178, 40:52] = 20  # another, y 80–89 pt
    gray[100:118, 60:62] = 190  # a faint rule's piece at x 30–31 pt: ink, but not dark
    mask = InkMask(gray, scale)
    assert mask.row_runs([(10.0, 30.0, 40.0, 100.0)]) == [(50.0, 59.0), (80.0, 89.0)]
    assert mask.marks((15.0, 45.0, 28.0, 62.0), 3.0) == [(12, 18)]
    assert mask.marks((15.0, 45.0, 28.0, 62.0), 10.0) == []
    assert mask.column_runs((10.0, 45.0, 40.0, 62.0)) == [(20.0, 26.0)]
