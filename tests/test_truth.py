"""The truth helper itself (tests/truth.py): it passes on the real truth and fails on each corruption.

Each corruption changes one value of an in-memory copy of a fixture's truth; the helper that checks
that part must raise ``AssertionError``.
"""

from __future__ import annotations

import copy

import pytest

import govdisclose

from .conftest import FIXTURES
from .truth import assert_every_cell, assert_findings, assert_meta, assert_sections, load_truth

PDF_NAME = "t2021_prose_mismatch"      # one P-1 finding, prose sub-items, page_count
DUMP_NAME = "glued2021_ambiguous"      # unreadable cells, findings without expected/actual


@pytest.fixture(scope="module")
def pdf_case():
    truth = load_truth(FIXTURES / f"{PDF_NAME}.truth.json")
    return truth, govdisclose.parse(FIXTURES / f"{PDF_NAME}.pdf")


@pytest.fixture(scope="module")
def dump_case():
    truth = load_truth(FIXTURES / "dumps" / f"{DUMP_NAME}.truth.json")
    return truth, govdisclose.parse(FIXTURES / "dumps" / truth["file"])


def _number_cell(truth: dict) -> dict:
    return next(c for c in truth["cells"] if c["kind"] == "number" and c.get("unit") is None)


def test_the_real_truth_passes(pdf_case, dump_case):
    truth, report = pdf_case
    assert_every_cell(report, truth)
    assert_findings(report, truth)
    assert_meta(report, truth, source="pdf_text")
    assert_sections(report, truth)
    truth, report = dump_case
    assert_every_cell(report, truth, unreadable=truth["expected_unreadable"])
    assert_findings(report, truth, with_values=False)
    assert_meta(report, truth, source="text")
    assert_sections(report, truth)


def _value_plus_one(truth):
    _number_cell(truth)["value"] += 1


def _raw_changed(truth):
    _number_cell(truth)["raw"] += "0"


def _kind_changed(truth):
    _number_cell(truth)["kind"] = "blank"


def _unit_added(truth):
    _number_cell(truth)["unit"] = "yuan"


def _cell_dropped(truth):
    truth["cells"].pop()


def _cell_added(truth):
    truth["cells"].append({**truth["cells"][0], "row": "no_such_row"})


@pytest.mark.parametrize("corrupt", [_value_plus_one, _raw_changed, _kind_changed, _unit_added, _cell_dropped,
                                     _cell_added])
def test_every_cell_fails_on_a_corrupted_cell(pdf_case, corrupt):
    truth, report = pdf_case
    truth = copy.deepcopy(truth)
    corrupt(truth)
    with pytest.raises(AssertionError):
        assert_every_cell(report, truth)


def test_a_readable_cell_expected_unreadable_fails(dump_case):
    truth, report = dump_case
    readable = next(f"{c['table']}/{c['row']}/{c['column']}" for c in truth["cells"]
                    if f"{c['table']}/{c['row']}/{c['column']}" not in truth["expected_unreadable"])
    with pytest.raises(AssertionError):
        assert_every_cell(report, truth, unreadable=[*truth["expected_unreadable"], readable])
    with pytest.raises(AssertionError):  # and an unreadable cell compared as the printed value fails
        assert_every_cell(report, truth, unreadable=truth["expected_unreadable"][1:])


@pytest.mark.parametrize(("field", "value"), [("rule", "T3-1"), ("cells", ["requests/total/total"]),
                                              ("expected", 24), ("actual", 22)])
def test_findings_fail_on_a_corrupted_finding(pdf_case, field, value):
    truth, report = pdf_case
    truth = copy.deepcopy(truth)
    truth["findings"][0][field] = value
    with pytest.raises(AssertionError):
        assert_findings(report, truth)


def test_findings_fail_on_a_missing_or_extra_finding(pdf_case):
    truth, report = pdf_case
    with pytest.raises(AssertionError):
        assert_findings(report, {**truth, "findings": []})
    with pytest.raises(AssertionError):
        assert_findings(report, {**truth, "findings": truth["findings"] * 2})


def test_findings_without_values_still_check_rule_cells_and_unreadable(dump_case):
    truth, report = dump_case
    assert_findings(report, {**truth, "findings": [{**f, "expected": -1} for f in truth["findings"]]},
                    with_values=False)
    with pytest.raises(AssertionError):
        renamed = [{**f, "rule": "FLATTENED-CONFLICT"} for f in truth["findings"]]
        assert_findings(report, {**truth, "findings": renamed}, with_values=False)
    with pytest.raises(AssertionError):
        fewer = {**truth, "expected_unreadable": truth["expected_unreadable"][1:]}
        assert_findings(report, fewer, with_values=False)


@pytest.mark.parametrize(("field", "value"), [("title", "某某"), ("agency", "某某"), ("year", 2000),
                                              ("template", "2019"), ("page_count", 99)])
def test_meta_fails_on_a_corrupted_field(pdf_case, field, value):
    truth, report = pdf_case
    with pytest.raises(AssertionError):
        assert_meta(report, {**truth, "meta": {**truth["meta"], field: value}}, source="pdf_text")


@pytest.mark.parametrize(("field", "value"), [("published", "1999-01-01"), ("publisher", "某某"),
                                              ("url", "http://example.invalid/")])
def test_meta_fails_on_a_corrupted_web_field(dump_case, field, value):
    truth, report = dump_case
    with pytest.raises(AssertionError):
        assert_meta(report, {**truth, "meta": {**truth["meta"], field: value}}, source="text")
    with pytest.raises(AssertionError):
        assert_meta(report, {**truth, "file": "other.txt"}, source="text")


def test_meta_fails_on_the_wrong_source(pdf_case):
    truth, report = pdf_case
    with pytest.raises(AssertionError):
        assert_meta(report, truth, source="ocr")


def test_sections_fail_on_a_corrupted_heading_or_subitem(pdf_case):
    truth, report = pdf_case
    truth = copy.deepcopy(truth)
    truth["sections"][2]["heading"] += "情况"
    with pytest.raises(AssertionError):
        assert_sections(report, truth)
    truth = copy.deepcopy(pdf_case[0])
    truth["subitems"][0] = "（一）其他"
    with pytest.raises(AssertionError):
        assert_sections(report, truth)
