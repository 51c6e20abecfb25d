"""compare(a, b): changed cells, not-comparable cells, rates, narrative and X-1/X-2/X-3 findings."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclose
from govdisclose.catalogue.comparable import ACTIVE_NOT_COMPARABLE, OTHER_AS_ONE_ROW
from govdisclose.comparison import compare, metrics_of
from govdisclose.comparison.narrative import comparable_form, sentences
from govdisclose.model import AnnualReport, Cell, Meta, Section, StatTable, Tables

from .compare_helpers import (
    PAIR_NAMES,
    PAIRS_DIR,
    change_dicts,
    finding_dicts,
    pair_truth,
    pdf,
    report,
    report_truth,
    truth_value,
)
from .conftest import FIXTURES, fixture_module
from .regen import assert_same_folder

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def pair_reports(name: str):
    truth = pair_truth(name)
    return report(truth["before"]), report(truth["after"])


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("name", PAIR_NAMES)
def test_changed_cells_match_the_pair_truth_exactly(name):
    before, after = pair_reports(name)
    comparison = compare(before, after)
    truth = pair_truth(name)
    assert change_dicts(comparison) == truth["changes"]
    assert sorted(n.key for n in comparison.not_comparable) == truth["not_comparable"]
    assert finding_dicts(comparison) == truth["findings"]
    assert not [c for c in comparison.cells if c.status == "unknown"]


@pytest.mark.parametrize("name", PAIR_NAMES)
def test_either_order_gives_the_same_comparison(name):
    before, after = pair_reports(name)
    forward, backward = compare(before, after), compare(after, before)
    assert not forward.swapped and backward.swapped
    assert forward.model_dump(exclude={"swapped"}) == backward.model_dump(exclude={"swapped"})
    assert (forward.before.year, forward.after.year) == (before.meta.year, after.meta.year)


def test_paths_and_saved_json_are_accepted(tmp_path):
    truth = pair_truth("qingya_2022_2023_broken")
    saved = tmp_path / "after.json"
    saved.write_text(govdisclose.export.report_json(report(truth["after"])), encoding="utf-8")
    comparison = compare(str(saved), pdf(truth["before"]))
    assert change_dicts(comparison) == truth["changes"]


def test_across_the_template_change():
    comparison = compare(*pair_reports("district_2020_2021"))
    assert (comparison.before.template, comparison.after.template) == ("2019", "2021")
    # （六） one row in 2020 vs three sub-rows in 2021: the row `other`, the sub-rows' sum standing in
    other = comparison.cell("requests/other/total")
    subrows = [truth_value("district_2021", f"requests/other.{r}/total") for r in ("no_correction", "fee_unpaid",
                                                                                  "other")]
    assert other.before == truth_value("district_2020", "requests/other/total") == 10
    assert other.after == sum(subrows) == 15 and other.delta == 5 and other.status == "changed"
    assert "sum of the three （六） sub-rows" in other.note
    assert other.after_raw == "+".join(str(v) for v in subrows)       # the parts, as the sum is not printed
    unpaired = {n.key: n for n in comparison.not_comparable}
    assert unpaired["requests/other.fee_unpaid/total"].reason == OTHER_AS_ONE_ROW.format(year=2020)
    # table 二: only the three 处理决定数量 cells are compared
    active = [c.key for c in comparison.cells if c.table == "active_disclosure"]
    assert active == ["active_disclosure/licensing/decisions", "active_disclosure/penalty/decisions",
                      "active_disclosure/coercion/decisions"]
    assert unpaired["active_disclosure/rules/in_force"].side == "after"
    assert unpaired["active_disclosure/rules/in_force"].reason == ACTIVE_NOT_COMPARABLE["in_force"]
    assert unpaired["active_disclosure/procurement/amount"].reason == ACTIVE_NOT_COMPARABLE["procurement"]
    assert unpaired["active_disclosure/fees/items_change"].reason == ACTIVE_NOT_COMPARABLE["fees/items_change"]
    assert unpaired["active_disclosure/fees/amount_10k_yuan"].side == "after"
    assert len(unpaired) == 47
    assert comparison.notes == ["X-2 skipped: it needs the 2021 template in both years"]


# --------------------------------------------------------------------------- findings


def test_broken_carry_over_gives_exactly_x1_and_x2():
    comparison = compare(*pair_reports("qingya_2022_2023_broken"))
    x1 = [f for f in comparison.findings if f.rule == "X-1"]
    assert [(f.cells, f.previous_cells, f.expected, f.actual, f.severity, f.year, f.previous_year) for f in x1] == [
        (["requests/carried_over/natural_person"], ["requests/carried_forward/natural_person"], 7, 10, "error",
         2023, 2022),
        (["requests/carried_over/total"], ["requests/carried_forward/total"], 8, 11, "error", 2023, 2022),
    ]
    assert x1[0].message == "2023 上年结转 (natural_person) is 10, but 2022 结转下年度继续办理 was 7"
    x2 = [f for f in comparison.findings if f.rule == "X-2"]
    assert len(x2) == 1 and x2[0].severity == "warning"
    assert (x2[0].expected, x2[0].actual) == (60, 62)
    assert x2[0].message == "行政规范性文件 现行有效件数 62 in 2023; 2022's 60 + 6 制发 − 6 废止 = 60"
    assert truth_value("qingya_2022", "active_disclosure/normative_documents/in_force") == 60


@pytest.mark.parametrize("name", ["district_2020_2021", "linchuan_2022_2023"])
def test_consistent_pairs_have_no_cross_year_findings(name):
    assert compare(*pair_reports(name)).findings == []


def test_checks_skip_when_years_are_not_consecutive():
    comparison = compare(report("district_2020"), report("qingya_2023"))
    assert comparison.findings == []
    assert comparison.notes[:2] == ["different agencies: 云溪市东湖区人民政府 / 青崖县人民政府",
                                    "X-1/X-2/X-3 skipped: years 2020 and 2023 are not consecutive"]


# --------------------------------------------------------------------------- rates


def expected_rates(name: str) -> dict:
    def v(path):
        return truth_value(name, f"requests/{path}")

    def group(prefix):
        rows = {c["row"] for c in report_truth(name)["cells"]
                if c["table"] == "requests" and c["row"].startswith(prefix)}
        return sum(v(f"{row}/total") for row in rows)

    total = v("total/total")
    other = v("other/total") if name.endswith("2020") else group("other.")
    rates = {
        "grant_rate": (v("granted/total") + v("partially_granted/total")) / total,
        "share.granted": v("granted/total") / total,
        "share.partially_granted": v("partially_granted/total") / total,
        "share.withheld": group("withheld.") / total,
        "share.unavailable": group("unavailable.") / total,
        "share.not_processed": group("not_processed.") / total,
        "share.other": other / total,
        "natural_person_share": v("new/natural_person") / v("new/total"),
    }
    review = [truth_value(name, f"review_litigation/review/{c}") for c in ("corrected", "total")]
    rates["review_correction_rate"] = review[0] / review[1] if review[1] else None
    litigation_rows = ("litigation_direct", "litigation_after_review")
    lit = [sum(truth_value(name, f"review_litigation/{r}/{c}") for r in litigation_rows)
           for c in ("corrected", "total")]
    rates["litigation_correction_rate"] = lit[0] / lit[1] if lit[1] else None
    return rates


@pytest.mark.parametrize("name", ["district_2020", "district_2021", "qingya_2022", "qingya_2023"])
def test_rates_are_exact(name):
    got = {k: m.value for k, m in metrics_of(report(name)).items()}
    assert got == expected_rates(name)


def test_rate_changes_and_known_values():
    comparison = compare(*pair_reports("district_2020_2021"))
    grant = comparison.metric("grant_rate")
    assert (grant.before.numerator, grant.before.denominator) == (56 + 16, 119)
    assert grant.before.value == 72 / 119 and grant.after.value == (77 + 32) / 191
    assert grant.delta == grant.after.value - grant.before.value
    review = comparison.metric("review_correction_rate")
    assert review.before.value is None and review.before.reason == "denominator is 0"
    assert review.delta is None


def test_rate_is_none_for_zero_denominator_and_unreadable_input():
    zero = metrics_of(govdisclose.parse(FIXTURES / "t2021_all_zero.pdf"))
    assert zero["grant_rate"].value is None and zero["grant_rate"].reason == "denominator is 0"
    broken = report("qingya_2023").model_copy(deep=True)
    broken.tables.requests.rows["granted"]["total"] = Cell(value=None, kind="unreadable", raw="1?")
    rates = metrics_of(broken)
    assert rates["grant_rate"].value is None
    assert rates["grant_rate"].reason == "requests/granted/total is unreadable"
    del broken.tables.requests.rows["new"]
    assert metrics_of(broken)["natural_person_share"].reason == "requests/new/natural_person not printed"


# --------------------------------------------------------------------------- cell statuses (synthetic)


def tiny(year: int, cells: dict[str, dict[str, Cell]], template="2021", table="requests", sections=()) -> AnnualReport:
    meta = Meta(agency="测试县人民政府", year=year, template=template, source="text", sha256=f"id{year}")
    return AnnualReport(meta=meta, tables=Tables(**{table: StatTable(rows=cells)}), sections=list(sections))


def num(value, unit=None):
    return Cell(value=value, kind="number", raw=str(value), unit=unit)


def test_blank_slash_unreadable_are_different_facts():
    blank, slash = Cell(kind="blank", raw=""), Cell(kind="not_applicable", raw="/")
    bad = Cell(kind="unreadable", raw="?")
    a = tiny(2022, {"new": {"natural_person": blank, "commercial_enterprise": blank, "research_institution": num(3),
                            "total": num(3)}})
    b = tiny(2023, {"new": {"natural_person": num(0), "commercial_enterprise": slash, "research_institution": bad,
                            "total": num(3)}})
    comparison = compare(a, b)
    status = {c.column: (c.status, c.before, c.after, c.delta) for c in comparison.cells}
    assert status == {"natural_person": ("changed", None, 0, None),
                      "commercial_enterprise": ("kind_changed", None, None, None),
                      "research_institution": ("unknown", 3, None, None),
                      "total": ("same", 3, 3, 0)}
    assert [c.column for c in comparison.changes()] == ["natural_person"]


def test_a_missing_table_is_named_as_the_reason():
    before = report("qingya_2022").model_copy(deep=True)
    before.tables.review_litigation = None
    comparison = compare(before, report("qingya_2023"))
    missing = [n for n in comparison.not_comparable if n.table == "review_litigation"]
    assert len(missing) == 15 and {n.side for n in missing} == {"after"}
    assert {n.reason for n in missing} == {"table review_litigation was not found in the 2022 report"}
    assert comparison.metric("review_correction_rate").before.reason == "review_litigation/review/corrected not printed"


def test_money_in_different_units_is_converted():
    a = tiny(2019, {"procurement": {"amount": num(251000.0, "yuan")}}, "2019", "active_disclosure")
    b = tiny(2020, {"procurement": {"amount": num(30.5, "10k_yuan")}}, "2019", "active_disclosure")
    change = compare(a, b).cells[0]
    assert (change.before, change.after, change.delta, change.unit) == (25.1, 30.5, 5.4, "10k_yuan")
    assert change.note == "converted to 10k_yuan (万元)"


# --------------------------------------------------------------------------- narrative


def test_copied_prose_stands_out():
    copied = compare(*pair_reports("health_2022_2023_copied"))
    assert 0.88 <= copied.narrative_similarity <= 0.95
    [x3] = [f for f in copied.findings if f.rule == "X-3"]
    assert x3.severity == "info" and x3.actual == round(copied.narrative_similarity, 4)
    overview = copied.sections[0]
    assert overview.similarity > 0.98
    assert overview.added == ["2023年，我委共受理政府信息公开申请12件，上年结转1件，全年办结13件"]
    problems = copied.sections[4]
    assert problems.added[0].startswith("针对上述问题，我委将进一步压实工作责任")
    assert problems.removed[0].startswith("下一步，我委将重点做好以下工作")
    for name in ("district_2020_2021", "linchuan_2022_2023", "qingya_2022_2023_broken"):
        other = compare(*pair_reports(name))
        assert other.narrative_similarity < 0.7
        assert not [f for f in other.findings if f.rule == "X-3"]


def test_boilerplate_and_numbers_are_ignored():
    assert comparable_form("本报告所列数据的统计期限自2023年1月1日至2023年12月31日止") is None
    assert comparable_form("本年度无其他需要报告的事项") is None
    assert comparable_form("（一）主动公开情况") is None
    assert comparable_form("全年发布政策解读12篇") == comparable_form("全年发布政策解读 7 篇") == "全年发布政策解读#篇"
    assert sentences("一是加强培训；二是完善制度。三是\n强化考核！") == [
        "一是加强培训", "二是完善制度", "三是", "强化考核"]
    text = "2022年我县共发布信息100条。本年度无其他需要报告的事项。"
    a = tiny(2022, {}, sections=[Section(number=1, heading="一、总体情况", canonical_heading="一、总体情况",
                                         text=text)])
    b = tiny(2023, {}, sections=[Section(number=1, heading="一、总体情况", canonical_heading="一、总体情况",
                                         text="2023年我县共发布信息210条。")])
    section = compare(a, b).sections[0]
    assert (section.similarity, section.added, section.removed, section.sentences_kept) == (1.0, [], [], 1)


# --------------------------------------------------------------------------- fixtures


def load_pairs_generator():
    return fixture_module("pairs")


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed (.ci/run installs it)")
def test_pairs_regenerate_as_committed(tmp_path):
    """Truth byte for byte, PDFs by content (tests/regen.py)."""
    load_pairs_generator().generate_pairs(tmp_path)
    assert_same_folder(tmp_path, PAIRS_DIR)


# --------------------------------------------------------------------------- legacy ↔ modern (contract 3)


def test_legacy_to_modern_through_cross_era():
    from govdisclose.model import LegacyStatTable

    rows = {"requests.received": {"current_year": num(40), "last_year": num(35)},
            "review": {"current_year": num(2)}, "litigation": {"current_year": num(1)},
            "pages.visited": {"current_year": num(9000)}}
    legacy = AnnualReport(meta=Meta(agency="测试县人民政府", year=2018, template="legacy", source="text", sha256="l"),
                          tables=Tables(legacy_stats=LegacyStatTable(rows=rows)))
    modern = report("district_2020")
    comparison = compare(modern, legacy)
    assert comparison.before.template == "legacy" and comparison.swapped
    got = {c.key: (c.before, c.after, c.delta, c.status) for c in comparison.cells}
    litigation = sum(truth_value("district_2020", f"review_litigation/{r}/total")
                     for r in ("litigation_direct", "litigation_after_review"))
    new_total = truth_value("district_2020", "requests/new/total")
    review_total = truth_value("district_2020", "review_litigation/review/total")
    assert got == {
        "cross_era/requests.received/current_year": (40, new_total, new_total - 40, "changed"),
        "cross_era/review/current_year": (2, review_total, review_total - 2,
                                          "same" if review_total == 2 else "changed"),
        "cross_era/litigation/current_year": (1, litigation, litigation - 1, "same" if litigation == 1 else "changed"),
    }
    assert comparison.cell("cross_era/litigation/current_year").note.startswith(
        "litigation ↔ review_litigation/litigation_direct/total + review_litigation/litigation_after_review/total")
    unpaired = {n.key: n for n in comparison.not_comparable}
    assert unpaired["legacy_stats/pages.visited/current_year"].side == "before"
    assert "requests/new/total" not in unpaired and "requests/granted/total" in unpaired
    assert comparison.sections == [] and comparison.findings == []
