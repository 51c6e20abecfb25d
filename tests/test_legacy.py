"""Pre-2019 reports: legacy fixtures read record for record, the pingtan 2015/2016 dumps, the
glued-digit cutter, template detection and the cross-era mapping."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from govdisclose import parse
from govdisclose.catalogue.legacy import CROSS_ERA, INDICATORS
from govdisclose.export import cells_jsonl
from govdisclose.legacy import current_year_value
from govdisclose.legacy.digits import segmentations
from govdisclose.model import AnnualReport

from .conftest import ROOT, fixture_module, sample
from .regen import assert_same_fixture
from .truth import parse_once

LEGACY = ROOT / "fixtures" / "generated" / "legacy"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FIXTURE_NAMES = sorted(p.name.removesuffix(".truth.json") for p in LEGACY.glob("*.truth.json"))


def _truth(name: str) -> dict:
    return json.loads((LEGACY / f"{name}.truth.json").read_text(encoding="utf-8"))


def _parse_fixture(truth: dict) -> AnnualReport:
    path = LEGACY / truth["file"]
    if path.suffix == ".html":
        pytest.importorskip("govdisclose.sources.html", reason="no HTML source adapter yet (issue 4)")
    return parse_once(path)


@pytest.fixture(scope="module", params=FIXTURE_NAMES)
def parsed(request) -> tuple[dict, AnnualReport]:
    truth = _truth(request.param)
    return truth, _parse_fixture(truth)


def test_meta(parsed):
    truth, report = parsed
    assert report.meta.template == "legacy"
    assert report.meta.year == truth["meta"]["year"]
    assert report.meta.agency == truth["meta"]["agency"]
    assert report.meta.title == truth["meta"]["title"]


def test_sections(parsed):
    truth, report = parsed
    found = [{"number": s.number, "heading": s.heading, "kind": s.kind} for s in report.sections]
    assert found == truth["sections"]


def test_every_record(parsed):
    truth, report = parsed
    records = [
        {"row": r.row, "column": r.column, "value": r.value, "kind": r.kind, "raw": r.raw, "unit": r.unit,
         "row_label": r.row_label}
        for r in report.cells()
    ]
    assert all(r.table == "legacy_stats" and r.template == "legacy" for r in report.cells())
    assert records == truth["records"]
    table = report.tables.legacy_stats
    if truth["records"]:
        assert table.column_headers == truth["column_headers"]
        assert table.units == truth["units"]
    else:
        assert table is None


def test_every_fact(parsed):
    truth, report = parsed
    facts = [{"indicator": f.indicator, "value": f.value, "section": f.section} for f in report.facts]
    assert facts == truth["facts"]
    for fact in report.facts:
        assert fact.raw in fact.sentence
        assert str(fact.value) in fact.raw.replace(",", "") or fact.value == 0


def test_findings(parsed):
    truth, report = parsed
    assert [f.rule for f in report.findings] == truth["finding_rules"]


def test_saved_json_round_trips(parsed):
    _, report = parsed
    again = AnnualReport.model_validate_json(report.model_dump_json())
    assert again == report
    lines = [json.loads(line) for line in cells_jsonl(report).splitlines()]
    assert {line["table"] for line in lines} <= {"legacy_stats"}


def test_findings_name_the_exact_cells():
    report = parse(LEGACY / "legacy2013_dump.txt")
    unreadable = [f for f in report.findings if f.rule == "UNREADABLE"]
    assert unreadable[0].message == (
        "glued digits '1203456' of '主动公开文件数' have 2 possible readings (current_year | cumulative): "
        "1 | 203456; 120 | 3456"
    )
    assert unreadable[0].cells == ["legacy_stats/active_disclosure.total/current_year",
                                   "legacy_stats/active_disclosure.total/cumulative"]
    resolved = next(f for f in report.findings if f.rule == "LEGACY-DIGITS")
    assert resolved.message == ("glued digits '1215' of '受理依申请公开信息总数' cut as 12 | 15 by the "
                                "number stated in the prose")
    local = parse(LEGACY / "legacy2010_local.pdf")
    sums = [f for f in local.findings if f.rule == "LEGACY-SUM"]
    assert [(f.cells[0], f.expected, f.actual) for f in sums] == [
        ("legacy_stats/active_disclosure.total/current_period", 128, 120),
        ("legacy_stats/active_disclosure.total/year_to_date", 356, 350),
    ]


def test_current_year_value():
    national = parse(LEGACY / "legacy2014_national.pdf")
    assert current_year_value(national, "requests.received").value == 57
    assert current_year_value(national, "review").value == 2
    assert current_year_value(national, "no.such.indicator") is None
    local = parse(LEGACY / "legacy2010_local.pdf")
    assert current_year_value(local, "requests.received").value == 14  # 本年累计 before 本期实际


def test_cross_era_pairs_use_real_keys():
    known = {indicator.key for indicator in INDICATORS}
    modern_rows = {"requests": {"new", "granted", "partially_granted", "withheld"},
                   "review_litigation": {"review", "litigation_direct", "litigation_after_review"}}
    for pair in CROSS_ERA:
        assert pair.indicator in known
        table, row, column = pair.cell.split("/")
        assert row in modern_rows[table] and pair.note
        assert column == "total" or (table, column) in {("review_litigation", "upheld"),
                                                        ("review_litigation", "corrected")}
    # derived from the harmonised concordance: 行政诉讼数 pairs with both litigation rows
    assert [p.cell for p in CROSS_ERA if p.indicator == "litigation"] == [
        "review_litigation/litigation_direct/total", "review_litigation/litigation_after_review/total"]


def test_segmentations():
    assert segmentations("294981916", ["current_year", "cumulative"]) == [
        (2, 94981916), (29, 4981916), (294, 981916), (2949, 81916)]
    assert segmentations("01", ["current_year", "cumulative"]) == [(0, 1)]
    assert segmentations("10", ["current_year", "cumulative"]) == []  # 1 > 0 breaks the order
    assert segmentations("007", ["current_year", "cumulative"]) == []
    assert segmentations("0112835", ["code", "current_period", "year_to_date"]) == []  # codes: never cut
    assert segmentations("5 14", ["code", "current_period", "year_to_date"]) == []  # a column is missing


@pytest.mark.parametrize("year, active, cumulative", [(2015, 2949, 81916), (2016, 3460, 85376)])
def test_pingtan_legacy_dumps(year, active, cumulative):
    """Every row checked by hand against the dump's flattened table (see README, legacy reports)."""
    report = parse(sample(f"pingtan-{year}-legacy.txt"))
    assert (report.meta.template, report.meta.year, report.meta.agency) == ("legacy", year, "平潭综合实验区")
    assert [(s.number, s.kind) for s in report.sections] == [
        (1, "overview"), (2, "active_disclosure"), (3, "requests"), (4, "fees"), (5, "review_litigation"),
        (6, "problems"), (7, "statistics")]
    assert report.sections[6].heading == "平潭综合实验区政府信息公开情况统计表"
    requests = 1 if year == 2015 else 0  # the 2015 dump prints 01: none this year, one in all years
    expected = {
        "active_disclosure.total": (active, cumulative), "active_disclosure.website": (active, cumulative),
        "active_disclosure.gazette": (0, 0), "requests.received": (0, requests),
        "requests.in_person": (0, 0), "requests.online": (0, 0), "requests.letter_fax": (0, requests),
        "replies.total": (0, requests), "replies.granted": (0, requests),
        "replies.partially_granted": (0, 0), "replies.withheld": (0, 0), "replies.other": (0, 0),
        "fees.waived": (0, 0), "complaints": (0, 0), "review": (0, 0), "litigation": (0, 0),
    }
    table = report.tables.legacy_stats
    assert table.column_headers == {"current_year": f"{year}年度", "cumulative": "历年累计"}
    read = {row: (cells["current_year"].value, cells["cumulative"].value)
            for row, cells in table.rows.items()}
    assert read == expected
    assert table.units["fees.waived"] == "元" and table.get("fees.waived", "current_year").unit == "yuan"
    facts = {(f.indicator, f.value) for f in report.facts}
    assert facts == {("active_disclosure.total", active), ("requests.received", 0), ("review", 0),
                     ("litigation", 0)}
    assert [f.rule for f in report.findings] == ["LEGACY-DIGITS", "LEGACY-DIGITS"]
    problems = report.sections[5]
    assert [item.marker for item in problems.subitems] == (
        ["（一）", "（二）"] if year == 2015 else ["（一）", "（二）", "（三）"])


def test_modern_samples_stay_modern():
    for name, template in (("pingtan-2019.txt", "2019"), ("pingtan-2022.txt", "2021")):
        report = parse(sample(name))
        assert report.meta.template == template
        assert report.tables.legacy_stats is None and report.facts == []
        assert all(section.kind is None for section in report.sections)


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed")
def test_regeneration_is_byte_identical(tmp_path):
    module = fixture_module("legacy")
    names = module.generate_all(tmp_path)
    for name in names:
        stem = name.rsplit(".", 1)[0]
        for file in (name, f"{stem}.truth.json"):
            assert_same_fixture(tmp_path / file, LEGACY / file)


@pytest.mark.parametrize("lines, year, template", [
    (["某县2016年政府信息公开工作年度报告"], 2016, "legacy"),
    (["某县2020年政府信息公开工作年度报告"], 2020, "unknown"),
    (["统计指标 单位 统计数", "受理依申请公开信息总数 件 3"], None, "legacy"),
    (["某县2016年政府信息公开工作年度报告", "本年新制作数量 本年新公开数量 对外公开总数量"], 2016, "2019"),
])
def test_template_detection(lines, year, template):
    from govdisclose.document import Document, TextLine
    from govdisclose.recognise.template import detect_template

    document = Document(source="text", blocks=[TextLine(line) for line in lines])
    assert detect_template(document, year) == template


def test_provenance_of_cells_and_facts():
    city = parse(LEGACY / "legacy2017_city.html") if _has_html() else None
    if city is not None:
        assert city.tables.legacy_stats.get("requests.received", "current_year").path == \
            "/html/body/div/table/tr[4]/td[4]"  # after the merged group cell
    national = parse(LEGACY / "legacy2014_national.pdf")
    cell = national.tables.legacy_stats.get("requests.received", "current_year")
    assert cell.page == 2 and cell.bbox is not None
    fact = next(f for f in national.facts if f.indicator == "requests.received")
    assert (fact.page, fact.sentence) == (1, "2014年，共收到政府信息公开申请57件，已办结55件。")


def _has_html() -> bool:
    return importlib.util.find_spec("govdisclose.sources.html") is not None


@pytest.mark.parametrize("splitter", [
    r"(?<=[。 ])(?=[一二三四五六七]、)",  # headings on their own lines
    r"(?=其中：|受理依|对申请|政府信息公开收费|接受行政|行政复议数|行政诉讼数|指标名称)",  # table rows
    r"(?=\d、)",  # list markers, cutting the marker off the glued run before it
])
def test_pingtan_reads_the_same_when_the_dump_is_split_into_lines(tmp_path, splitter):
    """sources/text.py may split one-line bodies into lines: the legacy reading must not change."""
    import re

    original = sample("pingtan-2015-legacy.txt")
    marker = "==================== 正文 ====================\n"
    head, body = original.read_text(encoding="utf-8").split(marker)
    split = tmp_path / "split.txt"
    split.write_text(head + "==================== 正文 ====================\n" + re.sub(splitter, "\n", body),
                     encoding="utf-8")
    before, after = parse(original), parse(split)
    assert [(c.row, c.column, c.value, c.kind) for c in after.cells()] == \
        [(c.row, c.column, c.value, c.kind) for c in before.cells()]
    assert [(s.number, s.kind) for s in after.sections] == [(s.number, s.kind) for s in before.sections]
    assert [(f.indicator, f.value) for f in after.facts] == [(f.indicator, f.value) for f in before.facts]


@pytest.mark.parametrize("heading, kind", [
    ("概述", "overview"), ("政府信息公开工作概况", "overview"),
    ("本年度政府信息公开工作总体情况", "overview"),
    ("主动公开政府信息的情况", "active_disclosure"), ("主动公开政府信息总体情况", "active_disclosure"),
    ("依申请公开政府信息和不予公开政府信息的情况", "requests"), ("依申请公开情况", "requests"),
    ("政府信息公开的收费及减免情况", "fees"), ("依申请公开的收费情况", "fees"),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
    ("行政复议、行政诉讼和申诉情况", "review_litigation"),
    ("政府信息公开咨询处理情况", "consultation"), ("回应社会关切及政策解读情况", "responses"),
    ("回应公众关注问题情况", "responses"), ("机构设置、保障经费和培训会议情况", "organisation"),
    ("政府信息公开工作存在的主要问题及改进措施", "problems"), ("其他需要报告的事项", "other"),
    ("需要说明的事项与附表", "statistics"), ("政府信息公开情况统计表", "statistics"),
    ("组织领导和制度建设情况", "organisation"), ("工作亮点", None),
    ("审批事项及处理情况", "approvals"), ("工作人员及信息公开事务支出情况", "organisation"),
])
def test_section_kinds(heading, kind):
    from govdisclose.legacy.sections import kind_of

    found = kind_of(heading)
    assert (found.kind if found else None) == kind


def test_next_item_number_glued_to_a_run_is_cut_off():
    """``网站公开条171350172.政府公报公开``: the run ends with item 2.'s number (issue 15, class 9)."""
    report = parse(LEGACY / "legacy2015_dot_items.txt")
    assert [f.message for f in report.findings] == [
        "glued digits '17135017' of '主动公开文件数' cut as 1713 | 5017 by the number stated in the prose",
        "glued digits '17135017' of '其中：1.网站公开' cut as 1713 | 5017 "
        "by its total minus the other sub-items",
        "glued digits '1215' of '受理依申请公开信息总数' cut as 12 | 15 by the number stated in the prose",
        "glued digits '1113' of '对申请的答复总数' have 2 possible readings (current_year | cumulative): "
        "1 | 113; 11 | 13",
    ]
    assert report.tables.legacy_stats.row_labels["active_disclosure.gazette"] == "2.政府公报公开"


def _dump(tmp_path, body: str) -> Path:
    path = tmp_path / "dump.txt"
    title = "某某县2014年政府信息公开工作年度报告"
    path.write_text(f"标题: {title}\n==================== 正文 ====================\n{title} "
                    "本报告由某某县人民政府办公室编制。一、概述我县政府信息公开工作稳步推进。"
                    "二、政府信息公开情况统计表 统计指标单位统计数" + body + "\n", encoding="utf-8")
    return path


def test_an_item_number_that_two_cuts_allow_leaves_the_value_unreadable(tmp_path):
    """After item 3. the next number is 4; a run ending 11 before ``.信函`` may end with item 1. or
    11.: two readings, so the value is unreadable with both listed, never a guess."""
    report = parse(_dump(tmp_path, "收到申请数件61其中：3.网上申请数件5011.信函申请数件3"))
    table = report.tables.legacy_stats
    assert table.get("requests.online", "current_year").kind == "unreadable"
    assert table.get("requests.online", "current_year").value is None
    assert [f.message for f in report.findings] == [
        "glued digits '501' of '其中：3.网上申请数' have 2 possible readings (current_year): 501; 50"]
    assert table.get("requests.letter", "current_year").value == 3
    assert table.get("requests.received", "current_year").value == 61


def test_a_one_column_run_loses_only_the_next_item_number(tmp_path):
    report = parse(_dump(tmp_path, "收到申请数件12其中：1.当面申请数件52.网上申请数件7"))
    table = report.tables.legacy_stats
    assert [(row, cells["current_year"].value) for row, cells in table.rows.items()] == [
        ("requests.received", 12), ("requests.in_person", 5), ("requests.online", 7)]
    assert report.findings == []
    assert [(s.number, s.heading, s.kind) for s in report.sections] == [
        (1, "概述", "overview"), (2, "政府信息公开情况统计表", "statistics")]


def test_a_glued_enumeration_inside_a_section_is_not_a_section(tmp_path):
    """一、… 二、… sub-items of 概述 glued to their prose, then the real 二、 heading that names a kind."""
    path = tmp_path / "dump.txt"
    title = "某某县2014年政府信息公开工作年度报告"
    path.write_text(
        f"标题: {title}\n==================== 正文 ====================\n{title} 本报告由某某县编制。"
        "一、概述我县政府信息公开工作稳步推进。一、加强组织领导，落实工作责任。二、完善工作措施，规范公开流程。"
        "二、主动公开政府信息情况2014年全县主动公开政府信息300条。三、审批事项及处理情况全年办结审批事项。\n",
        encoding="utf-8")
    report = parse(path)
    assert [(s.number, s.heading, s.kind) for s in report.sections] == [
        (1, "概述", "overview"), (2, "主动公开政府信息情况", "active_disclosure"),
        (3, "审批事项及处理情况", "approvals")]
    assert "完善工作措施" in report.sections[0].text


def test_next_item_number_cut_only_where_the_list_or_the_digits_decide():
    from govdisclose.legacy.stats import _without_next_marker

    assert _without_next_marker("171350172", 1, 0) == ("17135017",)  # item 1. is followed by 2.
    assert _without_next_marker("123435", None, 7) == ("12343", "1234")  # unknown list: item 5 or 35
    assert _without_next_marker("12305", None, 7) == ("1230",)  # 05 is no item number: item 5 alone
