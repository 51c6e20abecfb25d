"""What tells an annual report (政府信息公开工作年度报告) from the other documents archives hold.

``recognise.report_kind`` applies these tables. Words are compared after ``normalize.label_key``
(spaces, punctuation and width folded). Report evidence comes from ``catalogue.sections`` (the six
headings), ``catalogue.templates`` and ``catalogue.legacy`` (table labels); the words below name
the other kinds and the statistics tables.
"""

from __future__ import annotations

from typing import NamedTuple

from .legacy import LEGACY_MARKERS
from .templates import MARKERS

# Labels printed only in the statistics tables (2019/2021 templates and pre-2019 ones). A document
# printing at least STRONG_TABLE_WORDS distinct ones carries the tables: it is a report whatever
# its title says (a report forwarded under a 通知 cover page is still the report).
STATISTICS_TABLE_WORDS: tuple[str, ...] = tuple(dict.fromkeys((
    *MARKERS["2021"], *MARKERS["2019"], *LEGACY_MARKERS,
    "申请人情况", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量",
    "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "尚未审结",
    "商业企业", "科研机构", "社会公益组织", "法律服务机构",
)))
STRONG_TABLE_WORDS = 3
# This many of the six canonical section headings found make a report whatever its title says.
STRONG_SECTIONS = 3


class OtherKind(NamedTuple):
    """A kind of document that is not an annual report, and the words that name it."""

    name: str  # English, for the one-line message
    # Last words of a title naming this kind (the title ends with one of them).
    title_endings: tuple[str, ...]
    # Words whose presence in the body names this kind when no title does (at least BODY_WORDS).
    body_words: tuple[str, ...] = ()


# Tried in order; the first whose title ending (or, failing every title, body words) matches names it.
OTHER_KINDS: tuple[OtherKind, ...] = (
    OtherKind("department budget or final accounts", (
        "部门预算", "部门决算", "单位预算", "单位决算", "预算", "决算", "预算公开", "决算公开",
        "预算说明", "决算说明", "预算表", "决算表", "预算情况说明", "决算情况说明",
    ), ("部门预算", "部门决算", "一般公共预算", "政府性基金预算", "三公经费", "财政拨款", "收支预算",
        "收支决算", "基本支出", "项目支出")),
    OtherKind("work summary", ("工作总结", "总结", "工作报告", "述职报告", "自查报告", "情况汇报", "汇报")),
    OtherKind("work plan", (
        "工作要点", "要点", "工作计划", "计划", "实施方案", "工作方案", "方案", "任务分工",
    )),
    OtherKind("notice", (
        "通知", "通告", "公告", "公示", "通报", "函", "复函", "批复", "决定", "意见", "实施意见",
        "办法", "规定", "细则", "会议纪要", "纪要", "讲话", "简报",
    )),
    OtherKind("statistical bulletin", ("统计公报", "公报", "年鉴")),
    OtherKind("interpretation", ("解读", "图解", "政策解读")),
)
BODY_WORDS = 2
# A title-like line shorter than this is a navigation label (通知公告), not a document title.
MIN_TITLE_CHARS = 8

# What stands before the report's name in a headline, notice or interpretation about a report
# (发布/印发/做好/一图读懂…年度报告 names the report, is not it): 关于 anywhere, a reading word first,
# or one of these verbs right before the year (an agency may contain 编制, as 机构编制委员会办公室,
# but never ends with it).
ABOUT_REPORT = (r"关于|^(?:一图读懂|图解|解读|读懂)"
                r"|(?:发布|公布|印发|转发|做好|报送|编制|召开|开展|审议|通过|组织|部署)了?(?:(?:19|20)\d{2}年度?)?$")
ABOUT_KIND = "page about an annual report"
# A title forwarding a report (关于印发/公布…年度报告的通知): the report may follow it, so any report
# evidence (a section heading, a template era, a table label) keeps the document.
FORWARDS_REPORT = r"(?:印发|公布|发布|转发)《?.{0,40}?信息公开(?:工作)?(?:的)?(?:年度)?(?:工作)?报告"
# The annual report's own name; a title ending with 报告 that does not name it is another report
# (法治政府建设年度报告, 部门整体支出绩效自评报告).
REPORT_ENDING = "报告"
# The report's name without a year (a title wrapped before its ``（2022年度）`` line), 政务公开 too.
REPORT_NAME = r"(?:政府信息|政务信息|信息|政务)公开(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:年度)?报告$"

# An error page a server sent instead of the document (saved as .html, or converted to text);
# compared case-blind after label_key. The first listed that occurs is named in the message.
ERROR_PAGE_WORDS: tuple[str, ...] = (
    "页面不存在", "访问的页面不存在", "页面未找到", "找不到页面", "找不到该页面", "页面已删除",
    "您访问的页面", "您所访问的页面", "页面无法访问", "无法访问此页面", "系统繁忙", "服务器繁忙",
    "请稍后再试", "请稍后重试", "访问受限", "禁止访问", "没有权限访问", "出错了", "网页无法显示",
    "Not Found", "Forbidden", "Internal Server Error", "Bad Gateway", "Service Unavailable",
    "Gateway Timeout",
)
# Pages longer than this many label characters are documents that may quote an error phrase.
ERROR_PAGE_MAX_CHARS = 1500
