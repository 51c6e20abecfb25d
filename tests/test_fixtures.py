"""Every generated fixture PDF, asserted cell by cell against its ground truth, findings exactly."""

from __future__ import annotations

from .conftest import FIXTURES
from .truth import (
    assert_every_cell,
    assert_findings,
    assert_meta,
    assert_sections,
    parsed_cases,
    truth_files,
)

TRUTHS = truth_files(FIXTURES)
case = parsed_cases(TRUTHS)


def test_there_are_enough_fixtures():
    assert len(TRUTHS) >= 20


def test_meta(case):
    truth, report = case
    assert_meta(report, truth, source="pdf_text")


def test_sections(case):
    truth, report = case
    assert_sections(report, truth)
    for number in (1, 5, 6):
        assert report.section(number).text.strip(), f"section {number} has no text"
    for section in report.sections:
        assert not any(word in section.text for word in ("信息内容", "自然人", "结果维持")), section.text
        assert "-2-" not in section.text and "  " not in section.text


def test_every_cell(case):
    truth, report = case
    assert_every_cell(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_findings(report, truth)


def test_every_number_has_page_and_box(case):
    _, report = case
    for record in report.cells():
        assert record.page is not None and record.bbox is not None, record
