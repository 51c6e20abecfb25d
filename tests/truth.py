"""Ground truth of the generated fixtures (``*.truth.json``) and the assertions against it.

One place compares a parsed ``AnnualReport`` with its truth record (format: fixtures/README.md):
every cell (value, kind, raw, unit), the findings, and the meta and sections the truth lists. Each
``assert_*`` raises ``AssertionError`` on the first mismatch and checks only what the truth holds.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

import govdisclose

# Truth ``meta`` keys, each compared with the ``report.meta`` attribute of that name when the truth lists it.
META_FIELDS = ("title", "agency", "year", "template", "page_count", "published", "publisher", "url")


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def truth_files(folder: Path, source: str | None = None) -> list[Path]:
    """The ``*.truth.json`` files of ``folder``, sorted; with ``source``, only the truths of that source."""
    paths = sorted(folder.glob("*.truth.json"))
    return [p for p in paths if source is None or load_truth(p)["source"] == source]


def fixture_id(path: Path) -> str:
    """A truth file's fixture name (for pytest ids)."""
    return path.name.removesuffix(".truth.json")


def document_of(truth_path: Path, truth: dict) -> Path:
    """The document a truth describes, next to it: its ``file``, else ``<name>.pdf``."""
    return truth_path.with_name(truth.get("file") or truth["name"] + ".pdf")


@functools.cache
def _parsed(path: Path) -> govdisclose.AnnualReport:
    return govdisclose.parse(path)


def parse_once(path: Path) -> govdisclose.AnnualReport:
    """``govdisclose.parse(path)``, parsed once per test session: each caller gets its own deep copy
    (the fixture suites, the legacy tests and the codebook coverage test read the same files)."""
    return _parsed(Path(path)).model_copy(deep=True)


def parsed_cases(truth_paths: list[Path]):
    """A module-scoped pytest fixture ``case``: (truth, parsed report) per truth file, with its name as id.

    Use as ``case = parsed_cases(TRUTHS)`` at module level.
    """
    @pytest.fixture(scope="module", params=truth_paths, ids=[fixture_id(p) for p in truth_paths], name="case")
    def case(request):
        truth = load_truth(request.param)
        return truth, parse_once(document_of(request.param, truth))
    return case


def report_cells(report) -> dict[str, dict]:
    """``{table/row/column: {value, kind, raw, unit}}`` of every cell a parsed report holds."""
    return {f"{r.table}/{r.row}/{r.column}": {"value": r.value, "kind": r.kind, "raw": r.raw, "unit": r.unit}
            for r in report.cells()}


def truth_cells(truth: dict) -> dict[str, dict]:
    """The truth's cells in the shape of ``report_cells`` (a missing ``unit`` is None)."""
    return {f"{c['table']}/{c['row']}/{c['column']}":
            {"value": c["value"], "kind": c["kind"], "raw": c["raw"], "unit": c.get("unit")}
            for c in truth["cells"]}


def assert_every_cell(report, truth: dict, unreadable=()) -> None:
    """The report has exactly the truth's cells, each with the truth's value, kind, raw and unit.

    A path in ``unreadable`` must instead be read as ``unreadable`` with no value (raw and unit free).
    """
    got, wanted = report_cells(report), truth_cells(truth)
    assert set(got) == set(wanted)
    for path in unreadable:
        assert (got[path]["kind"], got[path]["value"]) == ("unreadable", None), path
        del got[path], wanted[path]
    assert got == wanted


def _finding_key(rule: str, cells, expected=None, actual=None, with_values: bool = True) -> tuple:
    return (rule, tuple(cells), expected, actual) if with_values else (rule, tuple(cells))


def assert_findings(report, truth: dict, with_values: bool = True) -> None:
    """The report's findings are exactly the truth's: rule and cells, and expected/actual ``with_values``.

    When the truth lists ``expected_unreadable`` (text dumps), its ``findings`` leave UNREADABLE out:
    the report's UNREADABLE findings must then name exactly those cells, one each.
    """
    findings = list(report.findings)
    if "expected_unreadable" in truth:
        assert sorted(f.cells[0] for f in findings if f.rule == "UNREADABLE") == truth["expected_unreadable"]
        findings = [f for f in findings if f.rule != "UNREADABLE"]
    got = sorted(_finding_key(f.rule, f.cells, f.expected, f.actual, with_values) for f in findings)
    wanted = sorted(_finding_key(f["rule"], f["cells"], f.get("expected"), f.get("actual"), with_values)
                    for f in truth["findings"])
    assert got == wanted


def assert_meta(report, truth: dict, source: str) -> None:
    """Every meta field the truth lists, the file name where it lists ``file``, and the reading ``source``."""
    listed = [name for name in META_FIELDS if name in truth["meta"]]
    got = {name: getattr(report.meta, name) for name in listed}
    assert got == {name: truth["meta"][name] for name in listed}
    assert report.meta.source == source
    if "file" in truth:
        assert report.meta.file_name == truth["file"]


def assert_sections(report, truth: dict) -> None:
    """Section numbers and headings as printed, and the 总体情况 sub-item titles if the truth lists them."""
    got = [(s.number, s.heading) for s in report.sections]
    assert got == [(s["number"], s["heading"]) for s in truth["sections"]]
    if "subitems" in truth:
        assert [i.marker + i.heading for i in report.section(1).subitems] == truth["subitems"]


def assert_ocr_cells(report, truth: dict) -> None:
    """Value, kind and printed text of every cell of an OCR fixture; its ``ocr_unreadable`` cells
    (the expected refusals) must be unreadable, whatever text was kept for them."""
    refused = set(truth["ocr_unreadable"])
    got = {f"{r.table}/{r.row}/{r.column}": (r.value, r.kind, r.raw) for r in report.cells()}
    wanted = {}
    for c in truth["cells"]:
        key = f"{c['table']}/{c['row']}/{c['column']}"
        wanted[key] = (None, "unreadable", got.get(key, (0, 0, None))[2]) if key in refused else (
            c["value"], c["kind"], c["raw"])
    assert got == wanted


def assert_ocr_findings(report, truth: dict) -> None:
    """The truth's findings plus one UNREADABLE per expected refusal, and nothing else."""
    got = sorted((f.rule, tuple(f.cells), f.expected, f.actual) for f in report.findings)
    wanted = [(f["rule"], tuple(f["cells"]), f["expected"], f["actual"]) for f in truth["findings"]]
    wanted += [("UNREADABLE", (cell,), None, None) for cell in truth["ocr_unreadable"]]
    assert got == sorted(wanted)
