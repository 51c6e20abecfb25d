"""Text and markdown inputs: pipe and tab tables, headers flattened out of order."""

from __future__ import annotations

import govdisclose

HEADER = """\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
| | 自然人 | 法人或其他组织 | | | | | 总计 |
| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |
|---|---|---|---|---|---|---|---|
"""


def _report(table_rows: str, extra_header: str = HEADER) -> str:
    return (
        "# 青崖县人民政府2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n"
        "2024年，我县共受理政府信息公开申请6件。\n\n"
        "## 二、主动公开政府信息情况\n\n无。\n\n## 三、收到和处理政府信息公开申请情况\n\n"
        + extra_header + table_rows
        + "\n## 四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n## 五、存在的主要问题及改进情况\n\n无。\n\n"
        "## 六、其他需要报告的事项\n\n无。\n"
    )


def test_flattened_header_order_does_not_move_columns(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(_report(
        "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n"
        "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    ), encoding="utf-8")
    report = govdisclose.parse(path)
    assert report.meta.source == "text" and report.meta.agency == "青崖县人民政府"
    new = report.tables.requests.rows["new"]
    assert {k: c.value for k, c in new.items()} == {
        "natural_person": 5, "commercial_enterprise": 1, "research_institution": 0, "social_welfare_org": 0,
        "legal_service_org": 0, "other_org": 0, "total": 6}
    assert new["total"].path == "line 17"


def test_row_with_too_few_values_is_unreadable_not_shifted(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_report("一、本年新收政府信息公开申请数量 5 1 0 0 0 6\n", extra_header=""), encoding="utf-8")
    report = govdisclose.parse(path)
    cells = report.tables.requests.rows["new"]
    assert {c.kind for c in cells.values()} == {"unreadable"}
    assert all(c.value is None for c in cells.values())
    rules = [f.rule for f in report.findings]
    assert rules.count("UNREADABLE") == 7 and "COLUMN-COUNT" in rules
