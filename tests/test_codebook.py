"""The codebook covers every key parse can emit, states the rules findings use, and docs/ is in sync."""

from __future__ import annotations

import csv
import io
import json

import pytest

from govdisclose import cli
from govdisclose.catalogue import active_disclosure as ad
from govdisclose.catalogue import legacy as lg
from govdisclose.catalogue import requests as req
from govdisclose.catalogue import review_litigation as rl
from govdisclose.catalogue.harmonised import VARIABLES
from govdisclose.codebook import RULES, cell_entries, codebook, entry_for, render

from .conftest import FIXTURES, ROOT
from .truth import parse_once

# The generated fixtures that parse without OCR, each parsed once for the whole module.
FIXTURE_FILES = sorted(FIXTURES.glob("*.pdf")) + sorted(
    path for folder in ("web", "dumps", "legacy") for path in (FIXTURES / folder).iterdir()
    if not path.name.endswith(".json"))


@pytest.fixture(scope="module")
def entries():
    return {entry.key: entry for entry in cell_entries()}


@pytest.fixture(scope="module")
def fixture_reports():
    assert len(FIXTURE_FILES) >= 40
    return {path.name: parse_once(path) for path in FIXTURE_FILES}


def catalogue_keys() -> set[str]:
    """Every key the mappers can emit, from the catalogues they map with."""
    keys = {f"active_disclosure/{row}/{column}"
            for era in ad.ROW_COLUMNS.values() for row, columns in era.items() for column in columns}
    keys |= {f"requests/{row.key}/{column}" for row in req.ROWS for column in req.COLUMNS}
    keys |= {f"review_litigation/{row}/{column}" for row, column in rl.POSITIONS}
    legacy_columns = set(lg.COLUMN_HEADERS.values()) | {"year_2015"}
    keys |= {f"legacy_stats/{i.key}/{column}" for i in lg.INDICATORS for column in legacy_columns}
    return keys


def test_codebook_covers_every_key_of_the_catalogues(entries):
    missing = sorted(k for k in catalogue_keys() if entry_for(k, entries) is None)
    assert missing == []
    assert entry_for("legacy_stats/review.2/current_year", entries).key == "legacy_stats/review/current_year"
    assert entry_for("legacy_stats/requests.received/year_2014", entries).key == (
        "legacy_stats/requests.received/year_NNNN")
    assert entry_for("requests/no_such_row/total", entries) is None


def test_codebook_covers_every_cell_the_fixtures_emit(entries, fixture_reports):
    emitted = {f"{r.table}/{r.row}/{r.column}" for report in fixture_reports.values() for r in report.cells()}
    assert len(emitted) > 300
    assert sorted(k for k in emitted if entry_for(k, entries) is None) == []
    # Only rows the catalogue does not know fall back to the printed-label pattern.
    unknown = sorted(k for k in emitted if entry_for(k, entries).row == "<label>")
    assert unknown == ["legacy_stats/网上办结数/current_year"]


def test_findings_name_only_cells_the_codebook_lists_for_their_rule(entries, fixture_reports):
    checked = set()
    for name, report in fixture_reports.items():
        for finding in report.findings:
            if finding.rule not in RULES:
                continue
            checked.add(finding.rule)
            for key in finding.cells:
                assert finding.rule in entry_for(key, entries).rules, (name, finding.rule, key)
    assert checked >= {"T3-1", "T3-2", "T3-3", "T4-1", "BLANK-TOTAL", "P-1", "LEGACY-SUM"}


def test_entries_state_labels_units_eras_and_rules(entries):
    new_total = entries["requests/new/total"]
    assert new_total.labels == {"2019": "一、本年新收政府信息公开申请数量 · 总计",
                                "2021": "一、本年新收政府信息公开申请数量 · 总计"}
    assert new_total.rules == ["T3-1", "T3-3", "T3-4", "BLANK-TOTAL", "P-1"]
    assert entries["requests/other.fee_unpaid/natural_person"].eras == ["2021"]
    assert entries["requests/withheld.state_secret/total"].labels["2021"] == (
        "（三）不予公开 · 1.属于国家秘密 · 总计")
    rules = entries["active_disclosure/normative_documents/in_force"]
    assert (rules.eras, rules.labels, rules.rules, rules.unit) == (
        ["2021"], {"2021": "行政规范性文件 · 现行有效件数"}, ["X-2"], "documents")
    assert entries["active_disclosure/normative_documents/new_made"].labels == {
        "2019": "规范性文件 · 本年新制作数量"}
    assert entries["active_disclosure/licensing/decisions"].eras == ["2019", "2021"]
    review = entries["review_litigation/litigation_after_review/pending"]
    assert (review.labels["2019"], review.english, review.unit, review.rules) == (
        "行政诉讼 · 复议后起诉 · 尚未审结", "Lawsuits filed after review: pending", "cases", ["T3-4", "T4-1"])
    legacy = entries["legacy_stats/replies.granted/cumulative"]
    assert (legacy.labels, legacy.eras, legacy.rules) == (
        {"legacy": "同意公开答复数 · 历年累计 / 累计"}, ["legacy"], ["LEGACY-SUM"])


def test_every_harmonised_variable_is_in_the_codebook():
    book = codebook()
    assert [v.name for v in book.variables] == [v.name for v in VARIABLES]
    received = next(v for v in book.variables if v.name == "req_received")
    assert received.sources == {"legacy": ["legacy_stats/requests.received", "facts/requests.received"],
                                "2019": ["requests/new/total"], "2021": ["requests/new/total"]}
    assert received.rules == ["T3-1", "T3-3", "T3-4", "BLANK-TOTAL", "P-1", "LEGACY-SUM"]
    assert next(v for v in book.variables if v.name == "rules_in_force").rules == ["X-2"]


def test_docs_codebook_is_in_sync_with_the_command(capsys):
    assert cli.main(["codebook", "--format", "md"]) == 0
    printed = capsys.readouterr().out
    assert printed == render(codebook(), "md")
    docs = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert docs == printed, "docs/codebook.md is stale: govdisclose codebook -o docs/codebook.md"


def test_codebook_csv_and_json(capsys, tmp_path):
    assert cli.main(["codebook", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    cells = [r for r in rows if r["kind"] == "cell"]
    assert len(rows) == len(VARIABLES) + len(cells) and len(cells) == len(cell_entries())
    first = next(r for r in cells if r["key"] == "requests/carried_forward/total")
    assert (first["label_2021"], first["unit"], first["rules"], first["eras"]) == (
        "四、结转下年度继续办理 · 总计", "requests", "T3-1 T3-3 T3-4 BLANK-TOTAL X-1", "2019 2021")
    out = tmp_path / "codebook.json"
    assert cli.main(["codebook", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"rules", "variables", "cells"} and data["rules"] == RULES
