"""Inputs that once produced wrong numbers or wrong meta (found in review): never again."""

from __future__ import annotations

import pytest

import govdisclose

TITLE = "# 某县教育局2023年政府信息公开工作年度报告\n"
SECTION_3 = "## 三、收到和处理政府信息公开申请情况\n"
HEADER_ROWS = (
    "| | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
)


def parse_text(tmp_path, text: str, name: str = "r.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return govdisclose.parse(path)


def values(report, row: str) -> dict:
    cells = report.tables.requests.rows[row]
    return {column: (cell.value if cell.kind == "number" else cell.kind) for column, cell in cells.items()}


@pytest.mark.parametrize("row_text", [
    "| 一、本年新收政府信息公开申请数量 | | | 10 | 1 | 0 | 0 | 0 | 0 |\n",     # trailing cell left out
    "|一、本年新收政府信息公开申请数量|||10|1|0|0|0|0||\n",                   # blank 总计, outer pipes
])
def test_row_missing_a_cell_is_unreadable_not_shifted(tmp_path, row_text):
    separator = "|---|---|---|---|---|---|---|---|---|---|\n"
    report = parse_text(tmp_path, TITLE + SECTION_3 + HEADER_ROWS + separator + row_text)
    assert set(values(report, "new").values()) == {"unreadable"}
    assert "COLUMN-COUNT" in [f.rule for f in report.findings]


def test_tab_row_with_blank_total_is_unreadable_not_shifted(tmp_path):
    row = "一、本年新收政府信息公开申请数量\t\t\t10\t1\t0\t0\t0\t0\t\n"
    other = "二、上年结转政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t0\t1\n"
    report = parse_text(tmp_path, TITLE + SECTION_3 + row + other, "r.txt")
    assert set(values(report, "new").values()) == {"unreadable"}
    assert values(report, "carried_over") == {"natural_person": 1, "commercial_enterprise": 0,
                                              "research_institution": 0, "social_welfare_org": 0,
                                              "legal_service_org": 0, "other_org": 0, "total": 1}


def test_label_split_over_cells_is_placed_by_all_its_words(tmp_path):
    text = TITLE + SECTION_3 + (
        "一、本年新收政府信息公开申请\t数量\t10\t1\t0\t0\t0\t0\t11\n"
        "二、上年结转政府信息公开\t申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    )
    report = parse_text(tmp_path, text, "r.txt")
    assert values(report, "new")["total"] == 11
    assert values(report, "carried_over")["total"] == 1


def test_subtotal_column_placed_where_the_grid_prints_it(tmp_path):
    text = TITLE + SECTION_3 + (
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | | |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        "| | 自然人 | 法人或其他组织 | | | | | | 总计 |\n"
        "| | | 小计 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n"
        "| 一、本年新收政府信息公开申请数量 | 10 | 3 | 2 | 0 | 0 | 1 | 0 | 13 |\n"
    )
    report = parse_text(tmp_path, text)
    assert values(report, "new") == {"natural_person": 10, "legal_person_subtotal": 3, "commercial_enterprise": 2,
                                     "research_institution": 0, "social_welfare_org": 0, "legal_service_org": 1,
                                     "other_org": 0, "total": 13}


def test_subtotal_column_without_positions_is_unreadable(tmp_path):
    text = TITLE + SECTION_3 + (
        "自然人 小计 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "一、本年新收政府信息公开申请数量 10 3 2 0 0 1 0 13\n"
    )
    report = parse_text(tmp_path, text, "r.txt")
    assert set(values(report, "new").values()) == {"unreadable"}
    assert "COLUMN-ORDER" in [f.rule for f in report.findings]


TABLE_2 = (
    "## 二、主动公开政府信息情况\n"
    "| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "| 规章 | / | / | / |\n| 行政规范性文件 | 2 | 1 | 10 |\n"
)


def test_stale_table_2_header_does_not_name_other_rows(tmp_path):
    text = TITLE + TABLE_2 + "| 行政许可 | 5 | | |\n| 行政事业性收费 | 1.5 | | |\n"
    report = parse_text(tmp_path, text)
    table = report.tables.active_disclosure.rows
    assert list(table["licensing"]) == ["decisions"] and table["licensing"]["decisions"].value == 5
    assert list(table["fees"]) == ["amount_10k_yuan"] and table["fees"]["amount_10k_yuan"].value == 1.5
    assert table["rules"]["issued"].kind == "not_applicable" and table["rules"]["issued"].raw == "/"


def test_printed_money_unit_wins(tmp_path):
    text = TITLE + TABLE_2 + (
        "| 第二十条第（八）项 | | | |\n| 信息内容 | 本年收费金额（单位：元） | | |\n| 行政事业性收费 | 15000 | | |\n")
    cell = parse_text(tmp_path, text).cell("active_disclosure/fees/amount_10k_yuan")
    assert (cell.value, cell.unit) == (15000, "yuan")


@pytest.mark.parametrize("head, agency, year", [
    ("附件\n某某市自然资源和规划局2023年政府信息公开工作年度报告\n", "某某市自然资源和规划局", 2023),
    ("某政办〔2024〕5号\n某某县交通运输局\n2023年政府信息公开工作年度报告\n", "某某县交通运输局", 2023),
    ("首页 > 政务公开 > 政府信息公开年报\n某某市自然资源和规划局2023年政府信息公开工作年度报告\n",
     "某某市自然资源和规划局", 2023),
    ("2023年某某县人民政府信息公开工作年度报告\n", "某某县人民政府", 2023),
    ("某某县人民政府信息公开工作年度报告（2023年度）\n", "某某县人民政府", 2023),
    ("根据《中华人民共和国政府信息公开条例》规定，现公布某某局2023年政府信息公开工作年度报告。\n", "某某局", 2023),
])
def test_title_lines_around_the_title(tmp_path, head, agency, year):
    report = parse_text(tmp_path, head + "一、总体情况\n2023年，本局认真贯彻落实。\n", "r.txt")
    assert (report.meta.agency, report.meta.year) == (agency, year)


def test_missing_row_reported_without_a_known_template(tmp_path):
    rows = "".join(f"| {label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" for label in (
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"))
    report = parse_text(tmp_path, TITLE + SECTION_3 + rows)
    assert report.meta.template == "unknown"
    missing = [f.cells[0] for f in report.findings if f.rule == "MISSING-ROW"]
    assert "requests/partially_granted" in missing and "requests/total" in missing


def test_empty_group_label_of_six_is_not_a_row(tmp_path):
    rows = "".join(f"| {label} | {cells} |\n" for label, cells in (
        ("（六）其他处理", " | | | | | | "),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 | 0 | 0 | 0 | 0 | 0 | 0"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 | 0 | 0 | 0 | 0 | 0 | 0"),
    ))
    report = parse_text(tmp_path, TITLE + SECTION_3 + rows)
    assert "other" not in report.tables.requests.rows
    assert "requests/other.other" in [f.cells[0] for f in report.findings if f.rule == "MISSING-ROW"]


SIX = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
       "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_numbered_prose_is_not_a_heading(tmp_path):
    body = ("## 一、总体情况\n一、加强组织领导。\n二、主动公开政府信息，全年共发布信息1234条。\n"
            "三、做好依申请公开工作。\n")
    body += "".join(f"## {heading}\n无。\n" for heading in SIX[1:])
    report = parse_text(tmp_path, TITLE + body)
    assert [s.heading for s in report.sections] == SIX
    assert "全年共发布信息1234条" in report.section(1).text


def test_table_of_contents_is_skipped(tmp_path):
    toc = "本报告包括以下六部分：\n" + "".join(f"{heading}\n" for heading in SIX)
    body = "".join(f"## {heading}\n第{n}部分正文。\n" for n, heading in enumerate(SIX, start=1))
    report = parse_text(tmp_path, TITLE + toc + body)
    assert [s.text for s in report.sections] == [f"第{n}部分正文。" for n in range(1, 7)]
