"""Issue 14, items 4–6: our bugs are not the user's corrupt files, quiet libraries, first-hour papercuts.

- A damaged PDF is ``CorruptDocument`` (exit 3); a bug planted in our per-page code is
  ``InternalError`` (exit 5) with its traceback in ``errors.jsonl`` and under ``--debug``.
- pdfminer's log records (``Could not get FontBBox…``, ``MediaBox missing…``) stay off stderr
  unless ``-v``; the library adds no handler but a ``NullHandler`` on its own logger.
- Saved govdisclose JSON is refused as input to ``parse``/``convert``; ``report.cell`` raises
  ``KeyError`` for keys that are not cell keys; ``convert`` counts, de-duplicates spellings of one
  path and exits 3 on a missing input; ``--format summary`` never cuts a row key or a value;
  ``diff`` of two agencies says so first and skips X-1/X-2.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

import govdisclose
from govdisclose.batch import outputs
from govdisclose.cli import main
from govdisclose.comparison import compare
from govdisclose.comparison.continuity import cross_year_findings
from govdisclose.export import cells_jsonl, report_json
from govdisclose.sources import load, pdf_text
from govdisclose.summary import render

from .compare_helpers import report as pair_report
from .conftest import FIXTURES, ROOT
from .hostile_corpus import _stream, raw_pdf

GOOD = FIXTURES / "t2021_basic.pdf"
PLANTED = "a bug planted in _group_lines"
A_BUG = f"unexpected ZeroDivisionError: {PLANTED} (a bug in govdisclose, not in the input)"
ALREADY_PARSED = ("already a parsed govdisclose report (saved JSON): load it with "
                  "AnnualReport.model_validate_json, or give it to diff, panel or inspect")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The command in a fresh process: pytest's own log capture would hide the last-resort handler."""
    return subprocess.run([sys.executable, "-m", "govdisclose", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, check=False)


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def good() -> govdisclose.AnnualReport:
    return govdisclose.parse(GOOD)


def page_without_media_box(folder: Path) -> Path:
    """A one-page PDF whose page has no /MediaBox: pdfminer warns, pdfplumber cannot build the page."""
    path = folder / "no_media_box.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        _stream(b"", b"BT ET"),
    ]))
    return path


def without_font_bbox(folder: Path) -> Path:
    """The good fixture with every /FontBBox blanked out (same length, so the xref stays right):
    it parses to the same report while pdfminer logs ``Could not get FontBBox…`` per font."""
    data = re.sub(rb"/FontBBox\s*\[[^\]]*\]", lambda m: b" " * len(m.group(0)), GOOD.read_bytes())
    path = folder / "no_font_bbox.pdf"
    path.write_bytes(data)
    return path


def _broken_group_lines(words, page_number):
    raise ZeroDivisionError(PLANTED)


def parse_with_a_bug(path: str, limits=None) -> govdisclose.AnnualReport:
    """``govdisclose.parse`` with a bug planted in the PDF source's per-page code (for convert's helpers)."""
    pdf_text._group_lines = _broken_group_lines
    return govdisclose.parse(path, limits=limits)


# --------------------------------------------------------------------------- 4. corrupt vs internal

def test_a_damaged_pdf_is_corrupt_document_in_one_line_without_library_warnings(tmp_path):
    path = page_without_media_box(tmp_path)
    with pytest.raises(govdisclose.CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: the PDF is damaged (TypeError: 'NoneType' object is not iterable)"
    result = run_cli("parse", str(path))
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"govdisclose: CorruptDocument: {caught.value}\n"  # no MediaBox warnings


def test_a_bug_in_our_page_code_is_internal_error_not_corrupt_document(monkeypatch):
    monkeypatch.setattr(pdf_text, "_group_lines", _broken_group_lines)
    with pytest.raises(ZeroDivisionError):  # the source lets our own exceptions through
        load(GOOD)
    with pytest.raises(govdisclose.InternalError) as caught:
        govdisclose.parse(GOOD)
    error = caught.value
    assert not isinstance(error, govdisclose.UnreadableInput) and error.exit_code == 5
    assert str(error) == f"{GOOD}: {A_BUG}"
    assert isinstance(error.__cause__, ZeroDivisionError)
    assert "in _broken_group_lines" in error.traceback and "in _read_page" in error.traceback


def test_cli_internal_error_is_exit_5_one_line_and_a_traceback_with_debug(monkeypatch, capsys):
    monkeypatch.setattr(pdf_text, "_group_lines", _broken_group_lines)
    line = f"govdisclose: InternalError: {GOOD}: {A_BUG}"
    assert run_main(capsys, "parse", str(GOOD)) == (5, "", line + "\n")
    for argv in (["parse", str(GOOD), "--debug"], ["--debug", "parse", str(GOOD)]):
        code, out, err = run_main(capsys, *argv)
        assert (code, out) == (5, "")
        assert err.startswith("Traceback (most recent call last):\n")
        assert f"ZeroDivisionError: {PLANTED}\n" in err and "in _read_page" in err
        assert err.splitlines()[-1] == line


def test_convert_records_an_internal_error_with_its_traceback(tmp_path):
    summary = govdisclose.convert([GOOD], tmp_path / "out", jobs=1,
                                  parser="tests.test_errors_and_papercuts:parse_with_a_bug")
    assert (summary.attempted, summary.parsed, summary.failed, summary.reports) == (1, 0, 1, 0)
    assert summary.errors_by_type == {"InternalError": 1}
    [record] = [json.loads(line) for line in (tmp_path / "out" / outputs.ERRORS).read_text().splitlines()]
    assert list(record) == ["path", "error", "message", "traceback"]
    assert (record["path"], record["error"]) == (str(GOOD), "InternalError")
    assert record["message"] == A_BUG
    assert "in _broken_group_lines" in record["traceback"] and "in _read_page" in record["traceback"]
    assert record["traceback"].rstrip().endswith(f"ZeroDivisionError: {PLANTED}")


# --------------------------------------------------------------------------- 5. quiet libraries

def test_library_warnings_stay_off_stderr_unless_verbose(tmp_path, good, capfd):
    path = without_font_bbox(tmp_path)
    quiet = run_cli("parse", str(path), "--format", "cells")
    assert (quiet.returncode, quiet.stderr) == (0, "")
    same_cells = cells_jsonl(good).replace(good.report_id, govdisclose.sources.sha256_of(path.read_bytes()))
    assert quiet.stdout == same_cells
    assert run_cli("-v", "parse", str(path), "-o", str(tmp_path / "r.json")).stderr == ""  # pdfium: none
    verbose = run_cli("-v", "parse", str(path), "-o", str(tmp_path / "r.json"), "--engine", "pdfplumber")
    assert verbose.returncode == 0
    warning = ("pdfminer.pdffont: WARNING: Could not get FontBBox from font descriptor because None cannot "
               "be parsed as 4 floats")
    assert set(verbose.stderr.splitlines()) == {warning}
    capfd.readouterr()
    code = main(["convert", str(path), "-o", str(tmp_path / "out"), "--progress", "none"])
    assert (code, capfd.readouterr().err) == (0, "")  # the helper processes are quiet too
    assert len(list((tmp_path / "out" / outputs.REPORTS).glob("*.json"))) == 1


def test_the_library_leaves_logging_configuration_to_the_caller():
    probe = ("import logging, govdisclose; "
             "print([type(h).__name__ for h in logging.getLogger().handlers], "
             "[type(h).__name__ for h in logging.getLogger('govdisclose').handlers], "
             "[type(h).__name__ for h in logging.getLogger('pdfminer').handlers])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "[] ['NullHandler'] []"


# --------------------------------------------------------------------------- 6. papercuts

def test_parse_refuses_govdisclose_json(tmp_path, good, capsys):
    saved, cells = tmp_path / "report.json", tmp_path / "cells.jsonl"
    saved.write_text(report_json(good), encoding="utf-8")
    cells.write_text(cells_jsonl(good), encoding="utf-8")
    with pytest.raises(govdisclose.UnsupportedFormat) as caught:
        govdisclose.parse(saved)
    assert str(caught.value) == f"{saved}: {ALREADY_PARSED}"
    refused = f"govdisclose: UnsupportedFormat: {saved}: {ALREADY_PARSED}\n"
    assert run_main(capsys, "parse", str(saved)) == (3, "", refused)
    refused = (f"govdisclose: UnsupportedFormat: {cells}: "
               "a govdisclose cells output (JSON Lines), not a report\n")
    assert run_main(capsys, "parse", str(cells)) == (3, "", refused)
    assert compare(saved, GOOD).changes() == []  # diff/panel still read it


def test_cell_raises_key_error_naming_the_closest_keys(good):
    assert good.cell("requests/new/total").value == 1692
    with pytest.raises(KeyError) as caught:
        good.cell("requests/new/totl")
    assert caught.value.args[0].startswith(
        "'requests/new/totl' is not a cell key (table/row/column); closest: requests/new/total, ")
    with pytest.raises(KeyError) as caught:
        good.cell("requests/new")
    assert caught.value.args[0] == (
        "'requests/new' is not a cell key (table/row/column); closest: requests/new/natural_person, "
        "requests/new/commercial_enterprise, requests/new/research_institution, "
        "requests/new/social_welfare_org, requests/new/legal_service_org, requests/new/other_org, "
        "requests/new/legal_person_subtotal, requests/new/total")
    for wrong in ("request/new/total", "requests/new/total/x", "requests//total", "",
                  "active_disclosure/rules/decisions"):
        with pytest.raises(KeyError):
            good.cell(wrong)


def test_a_valid_key_the_report_does_not_print_is_none(good):
    assert good.tables.requests.get("withheld", "total") is None  # no subtotal row printed
    assert good.cell("requests/withheld/total") is None
    assert good.cell("active_disclosure/rules/new_made") is None  # a 2019-template column
    assert good.cell("legacy_stats/requests.received/current_year") is None  # no legacy table
    assert good.cell("legacy_stats/requests.received/year_2015") is None


def test_convert_dedupes_spellings_counts_failures_and_exits_3_on_a_missing_input(tmp_path, monkeypatch,
                                                                                    capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.pdf")
    (folder / "report.json").write_text(report_json(govdisclose.parse(GOOD)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    summary = govdisclose.convert(["in", str(folder), "in/../in/good.pdf", "missing_dir"], "api_out", jobs=1)
    counts = (summary.inputs, summary.attempted, summary.parsed, summary.failed, summary.reports)
    assert counts == (3, 2, 1, 2, 1)  # the refused JSON was attempted, and failed
    assert summary.missing == ["missing_dir"] and summary.duplicates == 0
    errors = [json.loads(line) for line in Path("api_out", outputs.ERRORS).read_text().splitlines()]
    assert [(e["path"], e["error"], e["message"], e["traceback"]) for e in errors] == [
        (os.path.join("in", "report.json"), "UnsupportedFormat", ALREADY_PARSED, None),
        ("missing_dir", "UnreadableInput", "no such file or folder", None)]
    rows = [json.loads(line) for line in Path("api_out", outputs.REPORTS_JSONL).read_text().splitlines()]
    assert [row["paths"] for row in rows] == [[os.path.join("in", "good.pdf")]]

    code, _, err = run_main(capsys, "convert", "missing_dir", "-o", "cli_out", "--progress", "none")
    assert (code, err) == (3, "govdisclose: UnreadableInput: missing_dir: no such file or folder\n")
    recorded = [json.loads(line)["path"] for line in Path("cli_out", outputs.ERRORS).read_text().splitlines()]
    assert recorded == ["missing_dir"]


def test_summary_never_cuts_row_keys_or_values(good, capsys):
    code, out, _ = run_main(capsys, "parse", str(GOOD), "--format", "summary")  # stdout is not a terminal
    assert code == 0
    narrow = io.StringIO()
    render(good, Console(file=narrow, width=60, force_terminal=False))
    for text in (out, narrow.getvalue()):
        lines = [line.split("│") for line in text.splitlines()]
        rows = [[part.strip() for part in parts[1:-1]] for parts in lines
                if len(parts) > 2 and parts[1].strip() in good.tables.requests.rows]
        assert [row[0] for row in rows] == list(good.tables.requests.rows)  # every key whole, once
        by_key = {row[0]: row[1:] for row in rows}
        assert by_key["withheld.three_securities_one_stability"] == ["8", "0", "0", "0", "0", "0", "8"]
        assert by_key["new"] == ["1593", "53", "1", "0", "42", "3", "1692"]
        assert not [row for row in rows if "…" in "".join(row)]


def test_diff_of_two_agencies_says_so_first_and_skips_carry_over(capsys, tmp_path):
    before, after = pair_report("qingya_2022"), pair_report("linchuan_2023")
    assert (before.meta.year, after.meta.year) == (2022, 2023)
    computed_before = {f.rule for f in cross_year_findings(before, after, None)[0]}
    assert computed_before == {"X-1", "X-2"}  # what diff used to report
    comparison = compare(before, after)
    assert comparison.same_agency is False
    assert [f.rule for f in comparison.findings if f.rule in ("X-1", "X-2")] == []
    assert comparison.notes[:2] == [f"different agencies: {before.meta.agency} / {after.meta.agency}",
                                    "X-1/X-2 skipped: the reports are of different agencies"]
    saved = [tmp_path / "before.json", tmp_path / "after.json"]
    for path, report in zip(saved, (before, after), strict=True):
        path.write_text(report_json(report), encoding="utf-8")
    code, out, _ = run_main(capsys, "diff", *map(str, saved))
    assert code == 0
    assert out.splitlines()[0] == (
        f"WARNING: different agencies ({before.meta.agency} / {after.meta.agency}): the cells and rates "
        "below compare two agencies; the carry-over checks X-1/X-2 are skipped")
    assert compare(pair_report("qingya_2022"), pair_report("qingya_2023")).same_agency is True


# A file named in GBK on a UTF-8 system (copied from Chinese Windows): Python gives its name with
# surrogate escapes, which no UTF-8 output can hold.
GBK_NAME = "淮安报告".encode("gbk") + b".pdf"


def test_readable_path_reads_a_gbk_name_folder_by_folder():
    from govdisclose.sources import readable_path

    assert readable_path(os.fsdecode("年报/".encode() + GBK_NAME)) == "年报/淮安报告.pdf"
    assert readable_path(os.fsdecode(b"a/\xff\xfe.txt")) == "a/\\xff\\xfe.txt"  # neither UTF-8 nor GB18030
    assert readable_path("年报/淮安报告.pdf") == "年报/淮安报告.pdf"
    assert readable_path("\ud800.pdf") == "\\ud800.pdf"  # a lone surrogate that is no escaped byte


def test_a_report_under_a_gbk_file_name_parses_and_prints_as_json(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    with open(path, "wb") as stream:
        stream.write((FIXTURES / "t2021_basic.pdf").read_bytes())
    report = govdisclose.parse(os.fsdecode(path))
    assert report.meta.file_name == "淮安报告.pdf"
    result = subprocess.run([sys.executable, "-m", "govdisclose", "parse", os.fsdecode(path)],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    meta = json.loads(result.stdout.decode("utf-8"))["meta"]
    assert (meta["file_name"], meta["agency"]) == ("淮安报告.pdf", "云溪市人民政府")
