"""Documents that are not annual reports raise NotAnnualReport (exit 4) with a one-line message naming
the evidence; reports are never refused for what a cover page or their prose says.

Inputs are built here: PDFs drawn with reportlab and the fixtures' font, HTML pages, text dumps.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

import govdisclose
from govdisclose.cli import main
from govdisclose.errors import NotAnnualReport
from govdisclose.recognise.report_kind import title_kind

from .conftest import FIXTURES
from .truth import assert_every_cell, assert_sections, load_truth

FONT_NAME = "WQYZenHei"  # registered as fixtures/pdf_layout.py does
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NOT_A_REPORT = ", not an annual report"
TO_TRADITIONAL = opencc.OpenCC("s2t").convert

BUDGET_LINES = [
    "云溪市财政局2024年部门预算",
    "第一部分 部门概况",
    "一、部门主要职责",
    "负责全市财政收支、财税政策的拟订和执行，管理市级财政收支。",
    "二、部门预算单位构成",
    "本部门预算包括局机关本级预算和所属2个事业单位预算。",
    "三、收支预算总体情况",
    "2024年收入预算总计3256.41万元，支出预算总计3256.41万元。",
    "四、一般公共预算支出情况",
    "五、政府性基金预算支出情况",
    "六、三公经费支出情况",
]
BUDGET_TABLE = [
    ["项目", "2023年预算", "2024年预算", "增减"],
    ["一般公共服务支出", "2841.20", "3012.55", "171.35"],
    ["社会保障和就业支出", "198.02", "201.36", "3.34"],
    ["合计", "3079.22", "3256.41", "177.19"],
]
NOTICE_LINES = [  # the title wraps: its first line alone reads like a report title
    "云溪市人民政府办公室关于做好2024年政府信息公开工作年度报告",
    "编制发布工作的通知",
    "各县（区）人民政府，市政府各部门：",
    "根据《中华人民共和国政府信息公开条例》规定，现就有关事项通知如下。",
    "一、总体情况。各单位要按照统一格式编制年度报告，如实反映本年度工作。",
    "二、严格把握发布时限。年度报告应于2025年1月31日前向社会公布。",
    "云溪市人民政府办公室",
    "2025年1月6日",
]
SUMMARY_TEXT = """云溪市东湖区2024年度政务公开工作总结
2024年，我区深入贯彻落实上级关于全面推进政务公开的决策部署，现将全年工作总结如下。
一、总体情况
全年通过政府网站主动公开政府信息1203条，受理政府信息公开申请35件，均按期答复。
二、主要做法
（一）加强组织领导。调整政务公开工作领导小组，明确分管领导和工作人员。
（二）完善制度机制。制定政务公开工作制度，规范信息发布审核流程。
三、下一步工作打算
2025年，我区将进一步提升政务公开标准化规范化水平。
"""
WORK_PLAN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>云溪市2025年政务公开工作要点</title></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="content"><h1>云溪市2025年政务公开工作要点</h1>
<p>为深入贯彻落实上级关于全面推进政务公开工作的部署要求，现提出2025年全市政务公开工作要点如下。</p>
<p>一、围绕稳定经济运行加强政策发布解读。及时公开宏观经济政策、产业政策等信息。</p>
<p>二、围绕优化营商环境深化政务公开。全面公开涉企政策和办事指南。</p>
<p>三、加强政府信息公开工作年度报告编制。各单位要于1月31日前公布本单位年度报告。</p>
</div></body></html>
"""
NEWS_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻动态</title></head>
<body><div class="content"><h1>我市发布2023年政府信息公开工作年度报告</h1>
<p>发布时间：2024-01-30 来源：市政府办公室</p>
<p>近日，市政府办公室在政府门户网站发布了《云溪市人民政府2023年政府信息公开工作年度报告》，
全面反映了全市政府信息公开工作情况。全年主动公开政府信息2645条，受理依申请公开2634件。</p>
<p>报告指出，下一步将持续深化政务公开，不断提升政府信息公开质量和实效。</p>
</div></body></html>
"""
ERROR_404 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><div class="error"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p>
<p><a href="/">返回首页</a> | <a href="/xxgk/">政府信息公开</a></p></div></body></html>
"""
ERROR_BUSY = """<html><head><meta charset="utf-8"><title>提示信息</title></head>
<body><p>系统繁忙，请稍后再试！</p><p>云溪市人民政府门户网站</p></body></html>
"""
ERROR_NGINX = """<html><head><title>404 Not Found</title></head>
<body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>
"""
OTHER_REPORT_TEXT = """云溪市2023年度法治政府建设年度报告
2023年，我市深入学习贯彻习近平法治思想，全面推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
（一）加强党对法治政府建设的领导。市政府常务会议专题研究法治政府建设工作4次。
（二）推进政府职能依法全面履行。全年取消和调整行政许可事项12项。
二、存在的不足和原因
三、下一年度工作安排
"""
UNTITLED_BUDGET_TEXT = """单位：万元
本年一般公共预算财政拨款支出1203.56万元，其中基本支出980.20万元，项目支出223.36万元。
三公经费财政拨款支出预算12.30万元，比上年减少1.20万元。
政府性基金预算财政拨款支出0万元。
"""
PROSE_TEXT = """今天天气晴朗，适合外出。
公园里的樱花开了，游人很多。
"""


def _pdf(path: Path, lines: list[str], table: list[list[str]] | None = None) -> Path:
    """Lines top-down on one A4 page (the first larger, as a title), an optional ruled table below."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, FONT_PATH, subfontIndex=0))
    page = canvas.Canvas(str(path), invariant=1)
    y = 790.0
    for number, line in enumerate(lines):
        page.setFont(FONT_NAME, 15 if number < 2 and len(line) < 40 and "：" not in line else 10.5)
        page.drawString(60, y, line)
        y -= 24
    for row in table or []:
        x = 60.0
        for width, text in zip((170, 100, 100, 100), row, strict=True):
            page.rect(x, y - 6, width, 22)
            page.setFont(FONT_NAME, 10.5)
            page.drawString(x + 4, y, text)
            x += width
        y -= 22
    page.showPage()
    page.save()
    return path


def _text(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


# name → (builder, the message after "<path>: ")
CASES = {
    "budget.pdf": (lambda p: _pdf(p, BUDGET_LINES, BUDGET_TABLE),
                   "a department budget or final accounts (“云溪市财政局2024年部门预算”)" + NOT_A_REPORT),
    "notice.pdf": (lambda p: _pdf(p, NOTICE_LINES),
                   "a notice (“云溪市人民政府办公室关于做好2024年政府信息公开工作年度报告编制发布工作的通知”)"
                   + NOT_A_REPORT),
    "summary.txt": (lambda p: _text(p, SUMMARY_TEXT),
                    "a work summary (“云溪市东湖区2024年度政务公开工作总结”)" + NOT_A_REPORT),
    "plan.html": (lambda p: _text(p, WORK_PLAN_PAGE),
                  "a work plan (“云溪市2025年政务公开工作要点”)" + NOT_A_REPORT),
    "news.html": (lambda p: _text(p, NEWS_PAGE),
                  "a page about an annual report (“我市发布2023年政府信息公开工作年度报告”)"
                  + NOT_A_REPORT),
    "404.html": (lambda p: _text(p, ERROR_404), "an error page (“页面不存在”)" + NOT_A_REPORT),
    "busy.html": (lambda p: _text(p, ERROR_BUSY), "an error page (“系统繁忙”)" + NOT_A_REPORT),
    "nginx.html": (lambda p: _text(p, ERROR_NGINX), "an error page (“Not Found”)" + NOT_A_REPORT),
    "rule_of_law.txt": (lambda p: _text(p, OTHER_REPORT_TEXT),
                        "a report of another kind (“云溪市2023年度法治政府建设年度报告”)" + NOT_A_REPORT),
    "untitled_budget.txt": (lambda p: _text(p, UNTITLED_BUDGET_TEXT),
                            "a department budget or final accounts "
                            "(prints 一般公共预算, 政府性基金预算, 三公经费)" + NOT_A_REPORT),
    "budget_traditional.txt": (lambda p: _text(p, TO_TRADITIONAL("\n".join(BUDGET_LINES))),
                               "a department budget or final accounts (“云溪市财政局2024年部门预算”)"
                               + NOT_A_REPORT),
    "prose.txt": (lambda p: _text(p, PROSE_TEXT),
                  "no title, section or statistics table of an annual report was found"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("not_reports")
    return {name: builder(folder / name) for name, (builder, _) in CASES.items()}


@pytest.mark.parametrize("name", CASES)
def test_not_a_report_raises_with_the_evidence(built, name):
    with pytest.raises(NotAnnualReport) as raised:
        govdisclose.parse(built[name])
    assert raised.value.exit_code == 4
    assert str(raised.value) == f"{built[name]}: {CASES[name][1]}"


@pytest.mark.parametrize("name", ["budget.pdf", "notice.pdf", "404.html", "summary.txt"])
def test_cli_exit_code_4_and_one_line(built, name, capsys):
    assert main(["parse", str(built[name])]) == 4
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"govdisclose: NotAnnualReport: {built[name]}: {CASES[name][1]}\n"


def test_report_under_a_notice_cover_page_is_still_a_report(tmp_path):
    """A notice forwarding the report, then the report: its tables and sections outweigh the cover."""
    truth = load_truth(FIXTURES / "dumps" / "layout2019.truth.json")
    body = (FIXTURES / "dumps" / truth["file"]).read_text(encoding="utf-8")
    cover = ("云溪市人民政府办公室关于印发南屏市人民政府2019年政府信息公开工作年度报告的通知\n"
             "各县（区）人民政府：\n")
    report = govdisclose.parse(_text(tmp_path / "forwarded.txt", cover + body))
    assert (report.meta.year, report.meta.template) == (truth["meta"]["year"], truth["meta"]["template"])
    assert_sections(report, truth)
    assert_every_cell(report, truth, unreadable=truth["expected_unreadable"])


FORWARDED_LEGACY_TEXT = """某某县人民政府关于公布2012年政府信息公开工作年度报告的公告
本报告根据《中华人民共和国政府信息公开条例》要求，由某某县人民政府办公室编制。
一、概述
2012年，我县政府信息公开工作有序开展。
二、主动公开政府信息情况
2012年共主动公开政府信息420条。
三、依申请公开情况
全年共受理政府信息公开申请9件。
"""


def test_a_short_legacy_report_under_a_forwarding_title_is_still_a_report(tmp_path):
    """Two of the six headings only, no table: weak evidence, but the title forwards a report."""
    report = govdisclose.parse(_text(tmp_path / "forwarded_legacy.txt", FORWARDED_LEGACY_TEXT))
    assert (report.meta.agency, report.meta.year, report.meta.template) == ("某某县人民政府", 2012, "legacy")
    assert [(s.number, s.kind) for s in report.sections] == [(1, "overview"), (2, "active_disclosure"),
                                                            (3, "requests")]
    assert [(f.indicator, f.value) for f in report.facts] == [("active_disclosure.total", 420),
                                                              ("requests.received", 9)]


def test_a_forwarding_title_over_no_report_is_refused(tmp_path):
    title = "某某县人民政府关于公布2024年政府信息公开工作年度报告的公告"
    path = _text(tmp_path / "cover_only.txt", f"{title}\n各乡镇人民政府，县政府各部门：\n请遵照执行。\n")
    with pytest.raises(NotAnnualReport) as raised:
        govdisclose.parse(path)
    assert str(raised.value) == f"{path}: a notice (“{title}”)" + NOT_A_REPORT


@pytest.mark.parametrize("title, kind", [
    ("云溪市人民政府2024年政府信息公开工作年度报告", None),
    ("2024年上海市科委政府信息公开工作年度报告", None),
    ("南屏市临川区政府信息公开工作年度报告（2022年度）", None),
    ("南屏市临川区政府信息公开工作年度报告", None),
    ("中共云溪市委机构编制委员会办公室2023年政府信息公开工作年度报告", None),
    ("云溪市东湖区2023年政务公开工作年度报告", None),
    ("云溪市财政局2024年部门预算", "department budget or final accounts"),
    ("云溪市教育局2023年度部门决算", "department budget or final accounts"),
    ("云溪市2024年度政务公开工作总结", "work summary"),
    ("云溪市2025年政务公开工作要点", "work plan"),
    ("关于印发云溪市2023年政府信息公开工作年度报告的通知", "notice"),
    ("云溪市人民政府办公室关于做好2024年政府信息公开工作年度报告", "page about an annual report"),
    ("我市发布2023年政府信息公开工作年度报告", "page about an annual report"),
    ("一图读懂云溪市2023年政府信息公开工作年度报告", "page about an annual report"),
    ("云溪市2023年政府信息公开工作年度报告解读", "interpretation"),
    ("云溪市2023年度法治政府建设年度报告", "report of another kind"),
    ("云溪市人民政府办公室", ""),
    ("（2026年1月23日）", ""),
])
def test_title_kind(title, kind):
    assert title_kind(title) == kind
