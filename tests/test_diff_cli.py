"""``govdisclose diff A B``: summary, json, changes (JSON Lines) and the html page in Chromium."""

from __future__ import annotations

import json
import re

import pytest

from govdisclose.cli import main
from govdisclose.comparison import Comparison
from govdisclose.export import report_json

from .browser import page_errors, render_dom, requires_chromium
from .compare_helpers import pair_truth, pdf, report


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_changes_lists_exactly_the_changed_cells(capsys, tmp_path):
    truth = pair_truth("qingya_2022_2023_broken")
    out = tmp_path / "changes.jsonl"
    # later year first: the order of A and B does not matter
    code, _, err = run(capsys, "diff", str(pdf(truth["after"])), str(pdf(truth["before"])), "--format", "changes",
                       "-o", str(out))
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == truth["changes"]
    assert all(list(r) == ["table", "row", "column", "before", "after", "delta"] for r in records)


def test_changes_across_templates_to_stdout(capsys):
    truth = pair_truth("district_2020_2021")
    code, out, _ = run(capsys, "diff", str(pdf(truth["before"])), str(pdf(truth["after"])), "--format", "changes")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == truth["changes"]
    assert json.loads(out.splitlines()[0]) == {"table": "active_disclosure", "row": "licensing", "column": "decisions",
                                               "before": 25400, "after": 18860, "delta": -6540}


def test_saved_report_json_is_an_input(capsys, tmp_path):
    truth = pair_truth("health_2022_2023_copied")
    saved = tmp_path / "health_2022.json"
    saved.write_text(report_json(report(truth["before"])), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(saved), str(pdf(truth["after"])), "--format", "json")
    assert code == 0
    comparison = Comparison.model_validate_json(out)
    assert comparison.before.file_name == "health_2022.pdf"
    assert [f.rule for f in comparison.findings] == ["X-3"]
    assert len(comparison.changes()) == len(truth["changes"])


def test_summary_names_the_findings(capsys):
    truth = pair_truth("qingya_2022_2023_broken")
    code, out, _ = run(capsys, "diff", str(pdf(truth["before"])), str(pdf(truth["after"])))
    assert code == 0
    assert "cells compared: 200  changed: 59  same: 141" in out
    assert "  X-1 [error] 2023 上年结转 (natural_person) is 10, but 2022 结转下年度继续办理 was 7" in out
    assert "  X-2 [warning] 行政规范性文件 现行有效件数 62 in 2023" in out
    assert "  requests/carried_over/total: 3 → 11 (+8)" in out


def test_bad_inputs_are_one_line_errors(capsys, tmp_path):
    not_report = tmp_path / "x.json"
    not_report.write_text('{"name": "t"}', encoding="utf-8")
    code, _, err = run(capsys, "diff", str(not_report), str(pdf("qingya_2022")))
    assert code == 3
    assert err == (f"govdisclose: UnsupportedFormat: {not_report}: "
                   'a JSON file that is not a saved report (no "meta" object)\n')
    bad_model = tmp_path / "y.json"
    bad_model.write_text('{"meta": {"source": "nowhere"}}', encoding="utf-8")
    code, _, err = run(capsys, "diff", str(bad_model), str(pdf("qingya_2022")))
    assert code == 3 and err.count("\n") == 1 and "saved report JSON does not match the model" in err
    code, _, err = run(capsys, "diff", str(tmp_path / "missing.pdf"), str(pdf("qingya_2022")))
    assert code == 3 and err.count("\n") == 1


@pytest.mark.slow
@requires_chromium
def test_html_page_loads_and_shows_the_numbers(capsys, tmp_path):
    truth = pair_truth("qingya_2022_2023_broken")
    page = tmp_path / "diff.html"
    code, _, _ = run(capsys, "diff", str(pdf(truth["before"])), str(pdf(truth["after"])), "--format", "html",
                     "-o", str(page))
    assert code == 0
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", text), "the page must not load anything"
    assert page_errors(page) == []
    dom = render_dom(page)
    assert '<b id="changed-count">59</b>' in dom
    # changed cells highlighted on both sides, with before → after (delta)
    cell = re.findall(r'<td class="([^"]*)" title="([^"]*)" data-key="requests/carried_over/total">(\d+)</td>', dom)
    assert cell == [("v changed", "3 → 11 (+8)", "3"), ("v changed finding", "3 → 11 (+8)", "11")]
    # the cells X-1 points to are outlined: 2023 上年结转 and 2022 结转下年度
    assert re.findall(r'<td class="([^"]*)"[^>]*data-key="requests/carried_forward/total">(\d+)</td>', dom) == [
        ("v finding", "8"), ("v", "8")]
    assert 'data-key="requests/new/commercial_enterprise">' in dom
    # findings, rates and the charts
    assert 'data-rule="X-1"' in dom and "2023 上年结转 (natural_person) is 10, but 2022 结转下年度继续办理 was 7" in dom
    grant = re.search(r'<tr data-metric="grant_rate">.*?</tr>', dom).group(0)
    comparison_rates = report("qingya_2022"), report("qingya_2023")
    from govdisclose.comparison import metrics_of
    before, after = (metrics_of(r)["grant_rate"].value for r in comparison_rates)
    assert f"{before:.1%}" in grant and f"{after:.1%}" in grant
    assert '<svg id="chart-outcomes"' in dom and '<svg id="chart-rates"' in dom
    assert re.search(r'<text class="after"[^>]*>94</text>', dom)      # （一）予以公开 2023 in the outcome chart
    assert 'id="narrative-similarity">' in dom
