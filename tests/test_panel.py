"""``govdisclose panel``: one row per agency-year, names normalised into series, X-1/X-2 along them."""

from __future__ import annotations

import csv
import itertools
import json

import pyarrow.parquet as pq

from govdisclose.cli import main
from govdisclose.export import report_json
from govdisclose.panel import build_panel, normal_spelling, series_names

from .compare_helpers import PAIRS_DIR, report, truth_value


def panel_findings(path) -> list[dict]:
    """The findings of a panel's findings.jsonl, without those on places (govdisclose.places)."""
    findings = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [f for f in findings if f.get("source") != "places"]


REPORTS = ("district_2020", "district_2021", "linchuan_2022", "linchuan_2023", "qingya_2022", "qingya_2023",
           "health_2022", "health_2023")


def test_names_normalise_into_series():
    assert normal_spelling("洪泽区政府") == "洪泽区人民政府"
    assert normal_spelling("淮安市 洪泽区人民政府") == "淮安市洪泽区人民政府"
    assert normal_spelling("平潭综合实验区") == "平潭综合实验区"
    assert normal_spelling("云溪农业高新技术产业示范区管委会") == "云溪农业高新技术产业示范区管理委员会"
    series = series_names(["洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市人民政府", "淮安市教育局", "教育局"])
    assert series == {"洪泽区人民政府": "淮安市洪泽区人民政府", "淮安市洪泽区人民政府": "淮安市洪泽区人民政府",
                      "淮安市人民政府": "淮安市人民政府", "淮安市教育局": "淮安市教育局", "教育局": "教育局"}
    # two cities with a 东湖区: the short name is ambiguous and stays on its own
    series = series_names(["云溪市东湖区人民政府", "南屏市东湖区人民政府", "东湖区人民政府"])
    assert series == {"云溪市东湖区人民政府": "云溪市东湖区人民政府", "南屏市东湖区人民政府": "南屏市东湖区人民政府",
                      "东湖区人民政府": "东湖区人民政府"}
    # a bare place name joins its government's series when there is one
    assert series_names(["临川区", "南屏市临川区人民政府"])["临川区"] == "南屏市临川区人民政府"
    assert series_names(["平潭综合实验区"]) == {"平潭综合实验区": "平潭综合实验区"}
    # a whole chain joins the longest spelling
    assert set(series_names(["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府"]).values()) == {
        "江苏省淮安市洪泽区人民政府"}


def test_panel_csv_from_a_folder(capsys, tmp_path):
    out = tmp_path / "panel.csv"
    assert main(["panel", str(PAIRS_DIR), "-o", str(out), "--raw"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"8 agency-years in 4 series, 4 findings, 12 inputs skipped → {out}"
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["agency"], r["year"]) for r in rows] == [
        ("云溪市东湖区人民政府", "2020"), ("云溪市东湖区人民政府", "2021"),
        ("南屏市临川区人民政府", "2022"), ("南屏市临川区人民政府", "2023"),
        ("南屏市卫生健康委员会", "2022"), ("南屏市卫生健康委员会", "2023"),
        ("青崖县人民政府", "2022"), ("青崖县人民政府", "2023")]
    assert rows[2]["agency_as_printed"] == "临川区人民政府"
    assert [r["cross_year_findings"] for r in rows] == ["", "", "", "", "", "X-3", "", "X-1;X-2"]
    names = [f"{r['file_name'].removesuffix('.pdf')}" for r in rows]
    for key in ("requests/new/total", "requests/carried_over/natural_person", "review_litigation/review/total",
                "active_disclosure/licensing/decisions"):
        assert [int(r[key]) for r in rows] == [truth_value(n, key) for n in names]
    amount = "active_disclosure/procurement/amount"
    assert rows[0][amount] != "" and rows[1][amount] == ""
    assert rows[0]["requests/other/total"] == "10" and rows[1]["requests/other/total"] == ""
    assert float(rows[6]["rate:grant_rate"]) == (truth_value("qingya_2022", "requests/granted/total") + truth_value(
        "qingya_2022", "requests/partially_granted/total")) / truth_value("qingya_2022", "requests/total/total")
    findings = panel_findings(tmp_path / "panel.findings.jsonl")
    assert [(f["agency"], f["rule"], f["expected"], f["actual"]) for f in findings[1:]] == [
        ("青崖县人民政府", "X-1", 7, 10), ("青崖县人民政府", "X-1", 8, 11), ("青崖县人民政府", "X-2", 60, 62)]
    assert findings[0]["rule"] == "X-3" and findings[0]["cells"] == []


def test_panel_parquet_from_a_convert_folder(capsys, tmp_path):
    reports_dir = tmp_path / "out" / "reports"
    reports_dir.mkdir(parents=True)
    for name in REPORTS[4:6]:
        parsed = report(name)
        (reports_dir / f"{parsed.report_id}.json").write_text(report_json(parsed), encoding="utf-8")
    (tmp_path / "out" / "reports.jsonl").write_text("", encoding="utf-8")   # other convert files are ignored
    out = tmp_path / "panel.parquet"
    assert main(["panel", str(tmp_path / "out"), "-o", str(out), "--raw"]) == 0
    capsys.readouterr()
    table = pq.read_table(out).to_pylist()
    assert [(r["agency"], r["year"]) for r in table] == [("青崖县人民政府", 2022), ("青崖县人民政府", 2023)]
    assert [r["requests/carried_over/total"] for r in table] == [3, 11]
    assert table[1]["active_disclosure/fees/amount_10k_yuan"] == 0.0
    assert table[0]["active_disclosure/fees/amount_10k_yuan"] == 3460.8
    assert table[1]["cross_year_findings"] == "X-1;X-2"
    findings = panel_findings(tmp_path / "panel.findings.jsonl")
    assert [f["rule"] for f in findings] == ["X-1", "X-1", "X-2"]


def test_duplicates_and_unknown_years_are_reported():
    twin = report("qingya_2023").model_copy(deep=True)
    twin.meta.sha256 = "another-copy"
    twin.meta.agency = "青崖县政府"
    unknown = report("qingya_2022").model_copy(deep=True)
    unknown.meta.sha256, unknown.meta.year = "no-year", None
    panel = build_panel([report("qingya_2022"), report("qingya_2023"), twin, unknown, report("qingya_2022")],
                        raw=True)
    assert [(r["agency"], r["year"]) for r in panel.rows] == [("青崖县人民政府", 2022), ("青崖县人民政府", 2023)]
    assert [f["rule"] for f in panel.findings] == ["X-1", "X-1", "X-2", "PANEL-SKIPPED", "PANEL-DUPLICATE"]
    assert panel.findings[-1]["message"] == "a second report for 青崖县人民政府 2023; kept qingya_2023.pdf"


def test_panel_needs_a_known_output_format(capsys, tmp_path):
    assert main(["panel", str(PAIRS_DIR / "qingya_2022.pdf"), "-o", str(tmp_path / "panel.txt")]) == 3
    assert "the panel is written as .parquet, .csv, .dta, .xlsx" in capsys.readouterr().err


def test_real_pingtan_series_carry_over():
    """平潭综合实验区 2021→2022→2023 (text dumps): carry-over continues, so no X-1; the flattened
    行政规范性文件 rows of 2021 and 2023 are unreadable, so X-2 cannot be checked and is not."""
    from govdisclose import compare, parse

    from .conftest import sample

    reports = [parse(sample(f"pingtan-{year}.txt")) for year in (2021, 2022, 2023)]
    for before, after in itertools.pairwise(reports):
        comparison = compare(after, before)
        assert comparison.findings == [] and comparison.notes == []
        for column in ("natural_person", "total"):
            forwarded = before.cell(f"requests/carried_forward/{column}").value
            assert after.cell(f"requests/carried_over/{column}").value == forwarded
    assert [r.cell("requests/carried_forward/total").value for r in reports] == [1, 0, 0]
    assert [r.cell("requests/carried_over/total").value for r in reports] == [0, 1, 0]
    assert compare(reports[0], reports[1]).cell("requests/carried_over/natural_person").delta == 1
    panel = build_panel(reports)
    assert [(r["agency"], r["year"], r["cross_year_findings"]) for r in panel.rows] == [
        ("平潭综合实验区", 2021, ""), ("平潭综合实验区", 2022, ""), ("平潭综合实验区", 2023, "")]
    assert panel.findings == []
    # a broken carry-over in the real series is caught: 2022 printed 上年结转 2 instead of 1
    broken = reports[1].model_copy(deep=True)
    broken.tables.requests.rows["carried_over"]["total"] = broken.tables.requests.rows["carried_over"]["total"] \
        .model_copy(update={"value": 2, "raw": "2"})
    [x1] = compare(reports[0], broken).findings
    assert (x1.rule, x1.cells, x1.expected, x1.actual) == ("X-1", ["requests/carried_over/total"], 1, 2)


def test_panel_folder_reads_web_pages_and_word_files(capsys, tmp_path):
    """A folder scan picks up every format parse reads (it once skipped .html and .docx)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    web = PAIRS_DIR.parent / "web"
    for name in ("web2021_utf8_chrome.html", "word2019_procurement.docx"):
        (folder / name).write_bytes((web / name).read_bytes())
    (folder / "notes.xyz").write_text("not a report", encoding="utf-8")
    out = tmp_path / "panel.csv"
    assert main(["panel", str(folder), "-o", str(out), "--raw"]) == 0
    summary = capsys.readouterr().err.splitlines()[-1]
    assert summary == f"2 agency-years in 2 series, 0 findings, 0 inputs skipped → {out}"
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["agency"], r["year"], r["file_name"]) for r in rows] == [
        ("云溪市人民政府", "2023", "web2021_utf8_chrome.html"), ("南屏市人民政府", "2019", "word2019_procurement.docx")]
