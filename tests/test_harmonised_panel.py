"""The harmonised panel (issue 16): concordance, the 平潭 series 2015–2023, exports, corrections."""

from __future__ import annotations

import csv
import importlib
import json
import re

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import govdisclose
from govdisclose.catalogue import active_disclosure as active_cat
from govdisclose.catalogue import requests as requests_cat
from govdisclose.catalogue import review_litigation as review_cat
from govdisclose.catalogue.comparable import ACTIVE_SAME_MEANING
from govdisclose.catalogue.harmonised import BY_NAME, VARIABLES
from govdisclose.catalogue.legacy import INDICATORS
from govdisclose.cli import main
from govdisclose.corrections import apply_corrections, load_corrections
from govdisclose.errors import CorrectionRefused, InvalidCorrections
from govdisclose.panel import build_panel
from govdisclose.panel_export import stata_name

from .conftest import sample

PINGTAN = ("2015-legacy", "2016-legacy", "2019", "2021", "2022", "2023")
# Read by hand from the text files (table 三 一/（一）/（二） 总计, table 四 总计 of 行政复议 and of both
# 行政诉讼 groups; 2015/2016: the 2015年度/2016年度 column of 受理依申请公开信息总数, 同意公开答复数,
# 同意部分公开答复数, 行政复议数, 行政诉讼数, e.g. 2015 prints 受理依申请公开信息总数 条 0 | 历年累计 1).
HAND_CHECKED = {
    # year: (received, granted, partially granted, review total, litigation total)
    2015: (0, 0, 0, 0, 0),
    2016: (0, 0, 0, 0, 0),
    2019: (23, 7, 1, 0, 0),
    2021: (70, 30, 5, 3, 12 + 0),
    2022: (74, 21, 9, 2, 1 + 0),
    2023: (81, 22, 20, 2, 5 + 2),
}


NORMDOCS = "active_disclosure/normative_documents/issued"   # unreadable in pingtan-2021 (693665)
REASON = "test reading of the agency's PDF"


@pytest.fixture(scope="module")
def reports():
    return [govdisclose.parse(sample(f"pingtan-{name}.txt")) for name in PINGTAN]


@pytest.fixture(scope="module")
def pingtan(reports):
    return build_panel(reports)


# ------------------------------------------------------------------------------- concordance


def test_concordance_names_real_keys_only():
    legacy_keys = {i.key for i in INDICATORS}
    known = {"requests": ({r.key for r in requests_cat.ROWS}, set(requests_cat.COLUMNS)),
             "review_litigation": (set(review_cat.ROWS), set(review_cat.COLUMNS)),
             "active_disclosure": (set(active_cat.ROWS),
                                   {c for cols in active_cat.COLUMNS.values() for c in cols})}
    for variable in VARIABLES:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,31}", variable.name)
        assert stata_name(variable.name) == variable.name
        assert len(variable.label) <= 80 and variable.definition and variable.unit and variable.sources
        for source in variable.sources:
            for key in (k for way in source.ways for k in way):
                kind, _, rest = key.partition("/")
                if kind in ("legacy_stats", "facts"):
                    assert source.era == "legacy" and rest in legacy_keys, key
                else:
                    rows, columns = known[kind]
                    row, column = rest.split("/")
                    assert source.era in ("2019", "2021") and row in rows and column in columns, key
    assert len(BY_NAME) == len(VARIABLES)
    # differing definitions carry a note; diff's concordances are derived from this one
    assert "上年结转" in BY_NAME["req_received"].note and "pending" in BY_NAME["review_total"].note
    assert BY_NAME["req_carried_over"].eras == ("2019", "2021")
    same = {(r, "decisions"): (r, "decisions") for r in ("licensing", "penalty", "coercion")}
    assert same == ACTIVE_SAME_MEANING
    assert BY_NAME["rules_issued"].eras == ("2021",) and BY_NAME["rules_made_2019"].eras == ("2019",)


# ------------------------------------------------------------------------------- the 平潭 series


def test_pingtan_panel_has_hand_checked_values(pingtan):
    got = {r["year"]: (r["req_received"], r["req_granted"], r["req_partially_granted"], r["review_total"],
                       r["lit_total"]) for r in pingtan.rows}
    assert got == HAND_CHECKED
    assert {r["agency"] for r in pingtan.rows} == {"平潭综合实验区"}
    assert [r["template"] for r in pingtan.rows] == ["legacy", "legacy", "2019", "2021", "2021", "2021"]
    by_year = {r["year"]: r for r in pingtan.rows}
    # no source before 2019: missing, never zero
    assert by_year[2015]["req_carried_over"] is None and by_year[2015]["req_received_person"] is None
    assert by_year[2022]["req_carried_over"] == 1 and by_year[2021]["req_carried_forward"] == 1
    # （六） as one row (2019) and as three rows (2021): one variable
    assert by_year[2019]["req_other"] == 0 and by_year[2022]["req_other"] == 2 + 0 + 2
    # table 三 （三） printed as items only: their sum (2021: 内部事务 1 + 执法案卷 6 + 行政查询 1)
    assert by_year[2021]["req_withheld"] == 8
    assert by_year[2021]["licensing_decisions"] == 2293 and by_year[2015]["licensing_decisions"] is None
    assert by_year[2015]["active_items_legacy"] == 2949 and by_year[2016]["active_items_legacy"] == 3460
    # places from govdisclose.places.locate; their findings apart from the panel's
    places = {(r["province"], r["county"], r["division_code"]) for r in pingtan.rows}
    assert places == {("福建省", "平潭县", "350128")}
    assert pingtan.findings == [] and {f["source"] for f in pingtan.place_findings} == {"places"}


def test_every_value_traces_to_its_cells(pingtan):
    numbers = [r for r in pingtan.long if r["value"] is not None]
    assert numbers and all(r["kind"] == "number" for r in numbers)
    assert all(r["cell_keys"] and (r["page"] is not None or r["path"]) and r["file_name"] for r in numbers)
    record = next(r for r in pingtan.long if r["year"] == 2015 and r["variable"] == "req_received")
    assert (record["value"], record["raw"], record["cell_keys"], record["path"]) == (
        0, "01", "legacy_stats/requests.received/current_year", "line 10")
    record = next(r for r in pingtan.long if r["year"] == 2023 and r["variable"] == "lit_total")
    assert (record["raw"], record["cell_keys"]) == (
        "5+2", "review_litigation/litigation_direct/total + review_litigation/litigation_after_review/total")
    missing = next(r for r in pingtan.long if r["year"] == 2016 and r["variable"] == "req_carried_over")
    assert (missing["kind"], missing["value"], missing["note"]) == (
        "missing", None, "no source in the legacy template")
    # an unreadable cell stays unreadable, with the findings on it
    unreadable = next(r for r in pingtan.long if r["year"] == 2021 and r["variable"] == "normdocs_issued")
    assert (unreadable["kind"], unreadable["value"], unreadable["raw"], unreadable["findings"]) == (
        "unreadable", None, "693665", "UNREADABLE;FLATTENED-AMBIGUOUS")


def test_legacy_prose_fills_in_without_a_table(reports):
    prose_only = reports[0].model_copy(deep=True)
    prose_only.tables.legacy_stats = None
    [row] = build_panel([prose_only]).rows
    assert (row["req_received"], row["review_total"], row["lit_total"], row["req_granted"]) == (0, 0, 0, None)
    record = next(r for r in build_panel([prose_only]).long if r["variable"] == "req_received")
    assert (record["cell_keys"], record["raw"], record["path"]) == (
        "facts/requests.received", "未收到有关政府信息公开申请", "line 10")


def test_raw_panel_and_to_frame_share_the_implementation(reports, pingtan):
    raw = build_panel(reports[2:], raw=True)
    assert raw.rows[0]["requests/new/total"] == 23 and "req_received" not in raw.columns
    assert raw.long[0]["variable"] == raw.long[0]["cell_keys"]
    wide = govdisclose.to_frame(reports, shape="wide")
    assert list(wide.columns) == pingtan.columns
    assert wide["req_received"].tolist() == [v[0] for v in HAND_CHECKED.values()]
    assert list(govdisclose.to_frame(reports[2:], shape="wide", raw=True).columns) == raw.columns
    importlib.import_module("govdisclose.panel")   # the module does not shadow the API's function
    assert callable(govdisclose.panel) and govdisclose.panel(reports[2:3]).rows[0]["req_received"] == 23


# ------------------------------------------------------------------------------- formats


def test_panel_files_open_with_their_readers(reports, tmp_path):
    panel = build_panel(reports)
    for suffix in ("parquet", "csv", "dta", "xlsx"):
        panel.write(tmp_path / f"panel.{suffix}")
    # Parquet: descriptions in the schema
    table = pq.read_table(tmp_path / "panel.parquet")
    assert table.column("req_received").to_pylist() == [v[0] for v in HAND_CHECKED.values()]
    description = table.schema.field("req_received").metadata[b"description"]
    assert description == b"Requests received in the year [requests]"
    columns = json.loads(table.schema.metadata[b"govdisclose.columns"])
    assert columns["lit_total"] == "Lawsuits, both kinds: total [cases]"
    long = pq.read_table(tmp_path / "panel.long.parquet").to_pylist()
    assert len(long) == len(panel.long) == 6 * len(VARIABLES)
    # CSV: UTF-8 with a BOM, the codebook beside it
    raw = (tmp_path / "panel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfagency,")
    rows = list(csv.DictReader((tmp_path / "panel.csv").open(encoding="utf-8-sig")))
    assert [r["review_total"] for r in rows] == [str(v[3]) for v in HAND_CHECKED.values()]
    assert rows[0]["agency"] == "平潭综合实验区" and rows[0]["req_carried_over"] == ""
    codebook_file = (tmp_path / "panel.codebook.csv").open(encoding="utf-8-sig")
    codebook = {r["column"]: r for r in csv.DictReader(codebook_file)}
    assert codebook["req_received"]["eras"] == "legacy, 2019, 2021"
    assert codebook["req_received"]["sources"].startswith(
        "legacy: legacy_stats/requests.received | facts/requests.received; 2019: requests/new/total")
    # Stata: labels and values
    frame = pd.read_stata(tmp_path / "panel.dta")
    labels = pd.io.stata.StataReader(tmp_path / "panel.dta").variable_labels()
    assert labels["req_granted"] == "Requests granted in full [requests]"
    assert labels["year"] == "Data year of the report"
    assert frame["year"].tolist() == list(HAND_CHECKED)
    assert frame["lit_total"].tolist() == [v[4] for v in HAND_CHECKED.values()]
    assert frame["req_carried_over"].isna().tolist() == [True, True, False, False, False, False]
    assert frame.loc[0, "agency"] == "平潭综合实验区"
    long_dta = pd.read_stata(tmp_path / "panel.long.dta")
    assert len(long_dta) == len(panel.long)
    # Excel: three sheets, one of them the codebook
    book = openpyxl.load_workbook(tmp_path / "panel.xlsx", read_only=True)
    assert book.sheetnames == ["panel", "long", "codebook"]
    header = [c.value for c in next(book["panel"].iter_rows(max_row=1))]
    received = header.index("req_received")
    assert [r[received] for r in book["panel"].iter_rows(min_row=2, values_only=True)] == [
        v[0] for v in HAND_CHECKED.values()]
    assert any(r[0] == "lit_total" and r[2] == "Lawsuits, both kinds: total"
               for r in book["codebook"].iter_rows(values_only=True))


def test_stata_names_and_labels_for_raw_cells(reports, tmp_path):
    long_key = "requests/withheld.three_securities_one_stability/natural_person"
    name = stata_name(long_key)
    assert name == "requests_withheld_three_" + __import__("hashlib").sha1(long_key.encode()).hexdigest()[:8]
    assert len(name) == 32 and stata_name("requests/new/total") == "requests_new_total"
    build_panel(reports[3:4], raw=True).write(tmp_path / "raw.dta")
    labels = pd.io.stata.StataReader(tmp_path / "raw.dta").variable_labels()
    assert labels["requests_new_total"] == "一、本年新收政府信息公开申请数量 · 总计"
    assert labels[name].startswith("3.危及“三安全一稳定” · 自然人")
    assert all(len(label) <= 80 for label in labels.values())
    assert pd.read_stata(tmp_path / "raw.dta")[name].tolist() == [0]


def test_cli_panel_writes_by_suffix(tmp_path, capsys):
    inputs = [str(sample(f"pingtan-{name}.txt")) for name in PINGTAN[:3]]
    assert main(["panel", *inputs, "-o", str(tmp_path / "p.dta")]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"3 agency-years in 1 series, 0 findings, 0 inputs skipped → {tmp_path / 'p.dta'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.dta", "p.findings.jsonl", "p.long.dta"]
    assert pd.read_stata(tmp_path / "p.dta")["req_received"].tolist() == [0, 0, 23]


# ------------------------------------------------------------------------------- corrections


def write_corrections(tmp_path, *rows, name="fix.csv"):
    path = tmp_path / name
    lines = ["agency,year,cell,value,reason,force", *rows]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_correction_fills_an_unreadable_cell(reports, tmp_path):
    fix = write_corrections(tmp_path, f"平潭综合实验区,2021,{NORMDOCS},69,{REASON},")
    [correction] = load_corrections(fix)
    corrected, applied = apply_corrections(reports[3], [correction])
    cell = corrected.cell(NORMDOCS)
    assert (cell.value, cell.kind, cell.raw, cell.note) == (69, "corrected", "693665", REASON)
    assert applied == [correction] and reports[3].cell(NORMDOCS).kind == "unreadable"   # a copy
    finding = corrected.findings[-1]
    assert (finding.rule, finding.severity, finding.cells, finding.actual) == (
        "CORRECTED", "info", [NORMDOCS], 69)
    assert finding.message == f"corrected by hand to 69 (printed '693665', unreadable): {REASON}"
    panel = govdisclose.panel(reports, corrections=fix)
    assert {r["year"]: r["normdocs_issued"] for r in panel.rows}[2021] == 69
    record = next(r for r in panel.long if r["year"] == 2021 and r["variable"] == "normdocs_issued")
    assert (record["kind"], record["raw"], record["note"]) == ("corrected", "693665", REASON)
    assert record["findings"] == "UNREADABLE;FLATTENED-AMBIGUOUS;CORRECTED"


def test_a_correction_over_a_number_read_is_refused_unless_forced(reports, tmp_path):
    fix = write_corrections(tmp_path, "平潭综合实验区,2021,requests/new/total,71,typo in the table,")
    with pytest.raises(CorrectionRefused) as refused:
        govdisclose.panel(reports, corrections=fix)
    assert str(refused.value) == (
        "fix.csv: line 2: requests/new/total of 平潭综合实验区 2021 was read as 70 (printed '70'); "
        "a correction replaces a number that was read only when marked force")
    forced = write_corrections(tmp_path, "平潭综合实验区,2021,requests/new/total,71,typo in the table,true",
                               "平潭综合实验区,2021,requests/total/total,70,typo in the table,yes")
    panel = govdisclose.panel(reports, corrections=forced)
    row_2021 = next(r for r in panel.rows if r["year"] == 2021)
    assert (row_2021["req_received"], row_2021["req_handled"]) == (71, 70)
    assert row_2021["rate:grant_rate"] == (30 + 5) / 70   # rates use the corrected values
    corrected, _ = apply_corrections(reports[3], load_corrections(forced)[:1])
    finding = corrected.findings[-1]
    assert (finding.rule, finding.severity, finding.expected, finding.actual) == (
        "CORRECTION-FORCED", "warning", 70, 71)
    assert corrected.cell("requests/new/total").raw == "70"


def test_yaml_corrections_and_bad_files(reports, tmp_path):
    yaml_file = tmp_path / "fix.yaml"
    yaml_file.write_text(f"corrections:\n  - report_id: {reports[3].report_id}\n"
                         "    cell: active_disclosure/normative_documents/in_force\n    value: 665\n"
                         "    reason: checked\n", encoding="utf-8")
    [correction] = load_corrections(yaml_file)
    assert (correction.cell, correction.value, correction.force, correction.where) == (
        "active_disclosure/normative_documents/in_force", 665, False, "fix.yaml: entry 1")
    bad = {
        "平潭综合实验区,2021,requests/new/everyone,1,x,":
            "fix.csv: line 2: 'requests/new/everyone' is not a cell of table requests",
        "平潭综合实验区,2021,requests/new/total,many,x,": "fix.csv: line 2: value 'many' is not a number",
        "平潭综合实验区,2021,requests/new/total,1,,": "fix.csv: line 2: a correction needs a reason",
        ",2021,requests/new/total,1,x,":
            "fix.csv: line 2: name the report by report_id, or by agency and year",
    }
    for row, message in bad.items():
        with pytest.raises(InvalidCorrections) as error:
            load_corrections(write_corrections(tmp_path, row))
        assert str(error.value) == message
    with pytest.raises(InvalidCorrections) as error:
        load_corrections(write_corrections(tmp_path, "平潭综合实验区,2021,requests/new/total,1,x,",
                                           "平潭综合实验区,2021,requests/new/total,2,y,"))
    assert str(error.value) == "fix.csv: line 3: requests/new/total is corrected twice (first at line 2)"
    unused = build_panel(reports[2:3], corrections=load_corrections(
        write_corrections(tmp_path, "平潭综合实验区,2030,requests/new/total,1,x,")))
    assert [(f["rule"], f["message"]) for f in unused.findings] == [
        ("CORRECTION-UNUSED", "fix.csv: line 2: matches no report of the panel")]


def test_convert_applies_corrections(tmp_path, capsys):
    fix = write_corrections(tmp_path, f"平潭综合实验区,2021,{NORMDOCS},69,test,")
    out = tmp_path / "out"
    assert main(["convert", str(sample("pingtan-2021.txt")), "-o", str(out), "--jobs", "1",
                 "--progress", "none", "--corrections", str(fix)]) == 0
    capsys.readouterr()
    cells = list(csv.DictReader((out / "cells.csv").open(encoding="utf-8")))
    cell = next(c for c in cells if (c["table"], c["row"], c["column"]) == (
        "active_disclosure", "normative_documents", "issued"))
    assert (cell["value"], cell["kind"], cell["raw"], cell["note"]) == ("69", "corrected", "693665", "test")
    [row] = [json.loads(line) for line in (out / "reports.jsonl").open(encoding="utf-8")]
    assert row["cells_by_kind"]["corrected"] == 1 and row["findings_by_rule"]["CORRECTED"] == 1
    # a run without corrections rewrites the tables without them (nothing else changed)
    assert main(["convert", str(sample("pingtan-2021.txt")), "-o", str(out), "--jobs", "1",
                 "--progress", "none"]) == 0
    cells = list(csv.DictReader((out / "cells.csv").open(encoding="utf-8")))
    cell = next(c for c in cells if (c["table"], c["row"], c["column"]) == (
        "active_disclosure", "normative_documents", "issued"))
    assert (cell["value"], cell["kind"], cell["raw"], cell["note"]) == ("", "unreadable", "693665", "")
    assert not (out / ".corrected").exists()
    refuse = write_corrections(tmp_path, "平潭综合实验区,2021,requests/new/total,71,typo,")
    assert main(["convert", str(sample("pingtan-2021.txt")), "-o", str(out), "--jobs", "1",
                 "--progress", "none", "--corrections", str(refuse)]) == 2
    assert "CorrectionRefused: fix.csv: line 2: requests/new/total" in capsys.readouterr().err


def test_format_limits(reports, tmp_path, monkeypatch):
    from govdisclose import panel_export
    from govdisclose.errors import TooLarge

    panel = build_panel(reports[2:3])
    monkeypatch.setattr(panel_export, "EXCEL_ROWS", 100)
    with pytest.raises(TooLarge) as error:
        panel.write(tmp_path / "big.xlsx")
    assert str(error.value) == (
        f"{tmp_path / 'big.xlsx'}: the long form has {len(VARIABLES)} rows, more than an Excel sheet holds "
        "(99 under its header): write .parquet, .csv or .dta")
    assert not list(tmp_path.iterdir())               # nothing half-written
    monkeypatch.setattr(panel_export, "STATA_STR_BYTES", 5)   # longer text as strL
    panel.write(tmp_path / "strl.dta")
    assert pd.read_stata(tmp_path / "strl.dta")["agency"].tolist() == ["平潭综合实验区"]


def test_a_sum_with_a_missing_part_is_not_made_up(reports):
    """A group read as the sum of its rows: one row not printed → unreadable, never a smaller sum."""
    from govdisclose.model import Finding

    cut = reports[3].model_copy(deep=True)
    del cut.tables.requests.rows["other.fee_unpaid"]
    cut.findings.append(Finding(rule="MISSING-ROW", severity="error", cells=["requests/other.fee_unpaid"],
                                message="table 三 row 2.申请人逾期未按收费通知要求缴纳费用… was not found"))
    panel = build_panel([cut])
    assert panel.rows[0]["req_other"] is None and panel.rows[0]["req_received"] == 70
    record = next(r for r in panel.long if r["variable"] == "req_other")
    assert (record["kind"], record["raw"], record["findings"], record["note"]) == (
        "unreadable", "0+1", "MISSING-ROW", "not printed: requests/other.fee_unpaid/total")
