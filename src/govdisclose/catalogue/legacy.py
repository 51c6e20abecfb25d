"""Pre-2019 ("legacy") reports as data: template markers, section kinds, statistics-table
indicators and columns, prose fact patterns, and the cross-era mapping to modern cell keys.

Everything a legacy report is recognised by lives here; ``govdisclose.legacy`` only applies it.
Labels are compared after ``normalize.label_key`` (spaces, punctuation and width folded).
"""

from __future__ import annotations

from typing import NamedTuple

from .harmonised import cross_era_pairs

# ---------------------------------------------------------------------------------------------
# Cross-era mapping (contract 3): a legacy indicator key ↔ a modern cell path "table/row/column".
# ---------------------------------------------------------------------------------------------


class CrossEraPair(NamedTuple):
    indicator: str
    cell: str
    note: str


# Derived from the harmonised concordance (catalogue/harmonised.py), the one place where a legacy
# indicator is mapped to modern cells; a variable read from several cells pairs with their sum.
CROSS_ERA: tuple[CrossEraPair, ...] = tuple(CrossEraPair(*pair) for pair in cross_era_pairs())

# ---------------------------------------------------------------------------------------------
# Template: a report is legacy when it prints none of the 2019/2021 table labels and either its
# data year is ≤ LAST_LEGACY_YEAR or it prints legacy statistics-table headers.
# ---------------------------------------------------------------------------------------------

LAST_LEGACY_YEAR = 2018
LEGACY_MARKERS: tuple[str, ...] = (
    "统计指标", "指标名称", "计量单位", "本期实际", "本年累计", "历年累计",
    "受理依申请公开信息总数", "对申请的答复总数", "同意公开答复数", "不同意公开答复数",
    "政府信息公开情况统计表",
)

# ---------------------------------------------------------------------------------------------
# Sections: a heading line ``一、…`` whose words contain a keyword gets that kind. Kinds are tried
# in order, the most specific first: the first whose keyword occurs wins (依申请公开的收费 is fees,
# 回应公众关注问题 is responses, 主动公开…总体情况 is active_disclosure).
# ---------------------------------------------------------------------------------------------


class SectionKind(NamedTuple):
    kind: str
    canonical: str
    keywords: tuple[str, ...]


SECTION_KINDS: tuple[SectionKind, ...] = (
    SectionKind("fees", "政府信息公开的收费及减免情况", ("收费", "减免")),
    SectionKind("review_litigation", "因政府信息公开申请行政复议、提起行政诉讼的情况",
                ("行政复议", "行政诉讼", "申诉")),
    SectionKind("responses", "回应解读情况", ("回应", "解读")),
    SectionKind("problems", "存在的主要问题和改进措施", ("问题", "改进")),
    SectionKind("statistics", "政府信息公开情况统计表", ("统计表", "附表", "统计情况")),
    SectionKind("consultation", "政府信息公开咨询处理情况", ("咨询",)),
    SectionKind("organisation", "机构设置、保障经费和培训会议情况",
                ("机构", "经费", "培训", "会议", "组织领导", "制度建设", "工作人员", "支出")),
    SectionKind("approvals", "审批事项及处理情况", ("审批",)),
    SectionKind("requests", "依申请公开政府信息和不予公开政府信息情况", ("依申请", "不予公开", "申请公开")),
    SectionKind("active_disclosure", "主动公开政府信息情况", ("主动公开",)),
    SectionKind("overview", "概述", ("概述", "概况", "总体", "基本情况")),
    SectionKind("other", "其他需要报告的事项", ("其他", "需要说明", "说明的事项")),
)

# ---------------------------------------------------------------------------------------------
# Statistics table.
# ---------------------------------------------------------------------------------------------

# Printed column header → column key. A header ``NNNN年度`` / ``NNNN年`` is ``current_year`` when
# NNNN is the report year, else ``year_NNNN``.
COLUMN_HEADERS: dict[str, str] = {
    "统计数": "current_year",
    "数值": "current_year",
    "本年度": "current_year",
    "本年": "current_year",
    "数量": "current_year",
    "本期实际": "current_period",
    "本期": "current_period",
    "本年累计": "year_to_date",
    "历年累计": "cumulative",
    "累计": "cumulative",
    "代码": "code",
}
# Headers that label the indicator and unit columns (not value columns).
LABEL_HEADERS: tuple[str, ...] = ("统计指标", "指标名称", "指标", "项目")
UNIT_HEADERS: tuple[str, ...] = ("单位", "计量单位")
# Order in which ``current_year_value`` looks for the report year's value.
CURRENT_YEAR_COLUMNS: tuple[str, ...] = ("current_year", "year_to_date", "current_period")

# Units printed in the unit column (longest first when matching glued text).
UNITS: tuple[str, ...] = ("万元", "人次", "元", "条", "件", "个", "人", "次", "项", "期", "篇", "份", "场")
MONEY_UNITS: dict[str, str] = {"元": "yuan", "万元": "10k_yuan"}


class Indicator(NamedTuple):
    key: str
    variants: tuple[str, ...]
    parent: str | None = None  # only under this group (a preceding indicator's key prefix)


# Tried in order; a variant matches when it occurs in the label (after list markers and
# parenthesised notes are removed). The longest matching variant wins.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("active_disclosure.total", (
        "主动公开政府信息数", "主动公开文件数", "主动公开信息数", "主动公开信息总数", "主动公开政府信息总数",
    )),
    Indicator("active_disclosure.normative_documents", ("主动公开规范性文件数",)),
    Indicator("active_disclosure.website",
              ("政府网站公开数", "网站公开数", "政府网站公开政府信息数", "网站公开")),
    Indicator("active_disclosure.gazette",
              ("政府公报公开数", "公报公开数", "政府公报公开政府信息数", "公报公开")),
    Indicator("active_disclosure.weibo", ("政务微博公开政府信息数", "微博公开数")),
    Indicator("active_disclosure.wechat", ("政务微信公开政府信息数", "微信公开数")),
    Indicator("active_disclosure.other_channel", ("其他方式公开政府信息数",)),
    Indicator("normative_documents.issued", ("制发规范性文件总数", "制发规范性文件数")),
    Indicator("responses.hot_topics", ("回应公众关注热点或重大舆情数",)),
    Indicator("responses.press_conferences", ("参加或举办新闻发布会总次数", "新闻发布会")),
    Indicator("responses.press_conferences.by_leaders", ("主要负责同志参加新闻发布会次数",)),
    Indicator("responses.online_interviews", ("政府网站在线访谈次数", "在线访谈")),
    Indicator("responses.online_interviews.by_leaders", ("主要负责同志参加政府网站在线访谈次数",)),
    Indicator("responses.interpretations", ("政策解读稿件发布数", "解读稿件")),
    Indicator("responses.social_media", ("微博微信回应事件数", "微博微信")),
    Indicator("responses.other", ("其他方式回应事件数",)),
    Indicator("requests.received", (
        "收到申请数", "受理依申请公开信息总数", "受理申请总数", "受理依申请公开申请数", "依申请公开信息数",
        "收到政府信息公开申请数", "受理政府信息公开申请数",
    )),
    Indicator("requests.in_person", ("当面申请数",)),
    Indicator("requests.letter_fax", ("信函传真申请数",)),
    Indicator("requests.fax", ("传真申请数",)),
    Indicator("requests.online", ("网络申请数", "网上申请数", "互联网申请数")),
    Indicator("requests.letter", ("信函申请数",)),
    Indicator("requests.email", ("电子邮件申请数",)),
    Indicator("requests.other_channel", ("其他形式申请数", "其他方式申请数")),
    Indicator("requests.completed", ("申请办结数",)),
    Indicator("requests.completed_on_time", ("按时办结数",)),
    Indicator("requests.completed_late", ("延期办结数",)),
    Indicator("replies.total", ("申请答复数", "对申请的答复总数", "答复总数")),
    Indicator("replies.already_public", ("属于已主动公开范围数",)),
    Indicator("replies.granted", ("同意公开答复数",)),
    Indicator("replies.partially_granted", ("同意部分公开答复数", "部分公开答复数")),
    Indicator("replies.withheld", ("不同意公开答复数", "不予公开答复数")),
    Indicator("replies.state_secret", ("涉及国家秘密",), parent="replies"),
    Indicator("replies.commercial_secret", ("涉及商业秘密",), parent="replies"),
    Indicator("replies.privacy", ("涉及个人隐私",), parent="replies"),
    Indicator("replies.security", ("危及国家安全", "公共安全", "经济安全和社会稳定"), parent="replies"),
    Indicator("replies.not_government_information", ("不是条例所指政府信息",), parent="replies"),
    Indicator("replies.prohibited_by_law", ("法律法规规定的其他情形",), parent="replies"),
    Indicator("replies.not_this_agency", ("不属于本行政机关公开数",)),
    Indicator("replies.not_exist", ("申请信息不存在数",)),
    Indicator("replies.correction", ("告知作出更改补充数",)),
    Indicator("replies.other_channel", ("告知通过其他途径办理数",)),
    Indicator("replies.other", ("其他类型答复数", "其他答复数")),
    Indicator("review", ("行政复议数", "行政复议数量", "申请行政复议数")),
    Indicator("litigation", ("行政诉讼数", "行政诉讼数量", "提起行政诉讼数")),
    Indicator("complaints", (
        "举报投诉数", "举报投诉数量", "接受行政申诉举报数", "接受行政诉讼举报数", "申诉举报数", "投诉举报数",
    )),
    Indicator("review.upheld", ("维持具体行政行为数",), parent="review"),
    Indicator("review.corrected", ("被依法纠错数",), parent="review"),
    Indicator("review.other", ("其他情形数",), parent="review"),
    Indicator("litigation.upheld", ("维持具体行政行为或者驳回原告诉讼请求数",), parent="litigation"),
    Indicator("litigation.corrected", ("被依法纠错数",), parent="litigation"),
    Indicator("litigation.other", ("其他情形数",), parent="litigation"),
    Indicator("complaints.upheld", ("维持具体行政行为数",), parent="complaints"),
    Indicator("complaints.corrected", ("被纠错数", "被依法纠错数"), parent="complaints"),
    Indicator("complaints.other", ("其他情形数",), parent="complaints"),
    Indicator("fees.collected", ("依申请公开信息收取的费用", "收取的费用", "收费金额", "收取费用", "信息公开收费")),
    Indicator("fees.waived", ("信息公开收费减免金额", "收费减免金额", "减免金额", "减免费用")),
    Indicator("organisation.dedicated_bodies", ("政府信息公开工作专门机构数", "专门机构数")),
    Indicator("organisation.reading_points", ("设置政府信息公开查阅点数", "查阅点数", "查阅场所数")),
    Indicator("staff.total", ("从事政府信息公开工作人员数", "工作人员数")),
    Indicator("staff.full_time", ("专职人员数",)),
    Indicator("staff.part_time", ("兼职人员数",)),
    Indicator("funding.special", ("政府信息公开专项经费", "专项经费")),
    Indicator("meetings.held", ("召开政府信息公开工作会议或专题会议数", "工作会议", "专题会议数")),
    Indicator("training.sessions", ("举办各类培训班数", "培训班数")),
    Indicator("training.participants", ("接受培训人员数", "培训人员数", "培训人次")),
)

# Sub-items that add up to their parent, per value column: (parent, children). A parent may have
# several layouts; one applies when exactly its children (of all that parent's children) are
# printed. Used to read glued digit runs, and checked (LEGACY-SUM warnings, values unchanged).
SUM_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("active_disclosure.total", ("active_disclosure.website", "active_disclosure.gazette")),
    ("requests.received", ("requests.in_person", "requests.online", "requests.letter_fax")),
    ("requests.received", ("requests.in_person", "requests.online", "requests.letter")),
    ("requests.received", ("requests.in_person", "requests.fax", "requests.online", "requests.letter")),
    ("replies.total", ("replies.granted", "replies.partially_granted", "replies.withheld", "replies.other")),
    ("replies.total", (
        "replies.already_public", "replies.granted", "replies.partially_granted", "replies.withheld",
        "replies.not_this_agency", "replies.not_exist", "replies.correction", "replies.other_channel",
    )),
    ("review", ("review.upheld", "review.corrected", "review.other")),
    ("litigation", ("litigation.upheld", "litigation.corrected", "litigation.other")),
    ("complaints", ("complaints.upheld", "complaints.corrected", "complaints.other")),
    ("staff.total", ("staff.full_time", "staff.part_time")),
)


# Other sub-items whose presence means no layout above applies (the national 2014 table lists
# publication channels that overlap: 不同渠道和方式公开相同信息计1条, so they do not add up).
NOT_ADDING_UP: dict[str, tuple[str, ...]] = {
    "active_disclosure.total": (
        "active_disclosure.weibo", "active_disclosure.wechat", "active_disclosure.other_channel",
    ),
}


def sum_layouts(printed: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The (parent, children) groups that apply to a table printing the row keys ``printed``."""
    applying = []
    for parent, children in SUM_GROUPS:
        every_child = {c for p, group in SUM_GROUPS if p == parent for c in group}
        every_child |= set(NOT_ADDING_UP.get(parent, ()))
        if parent in printed and set(children) == every_child & printed:
            applying.append((parent, children))
    return applying


# ---------------------------------------------------------------------------------------------
# Facts stated in prose. Each pattern has a named group ``n`` (digits) or matches a "none" phrase
# (value 0). Patterns are tried per sentence; the first match per indicator and sentence is kept.
# ---------------------------------------------------------------------------------------------


class FactPattern(NamedTuple):
    indicator: str
    pattern: str
    sections: tuple[str | None, ...]  # section kinds where it counts (None: before any heading)


_N = r"(?P<n>\d[\d,]*)"
# "None received": the fact is 0. A bare 无 counts only right before what it negates.
_NONE = r"(?:(?:未|没有)(?:收到|受理|发生|出现|接到)|无(?=因|有关|政府信息公开|行政复议|行政诉讼|依申请))"
# 行政复议/行政诉讼 are generic words (a 法制办 reviews many cases): only where the report speaks of
# disclosure reviews. 主动公开 and 政府信息公开申请 are specific enough for the overview too.
_ACTIVE = ("active_disclosure", "overview", None)
_REQUESTS = ("requests", "overview", None)
_REVIEW = ("review_litigation", "requests", None)
FACT_PATTERNS: tuple[FactPattern, ...] = (
    FactPattern("active_disclosure.total",
                rf"主动公开(?:各类|各种)?(?:政府)?信息(?:共计|共|总数|总计|为|达)?{_N}(?P<unit>条|件)", _ACTIVE),
    FactPattern("requests.received",
                rf"(?:收到|受理)[^，。；\d]{{0,20}}?(?:政府信息公开|依申请公开|信息公开)(?:的)?(?:申请)?"
                rf"(?:共计|共|总数|为)?{_N}(?P<unit>件|条|个|份)", _REQUESTS),
    FactPattern("requests.received",
                rf"(?P<none>{_NONE}[^，。；]{{0,20}}?(?:政府信息)?公开(?:的)?申请)"
                r"(?!行政复议|提起|行政诉讼)", _REQUESTS),
    FactPattern("review", rf"行政复议(?:申请)?(?:案件)?(?:共)?{_N}(?P<unit>件|起|宗)", _REVIEW),
    FactPattern("litigation", rf"行政诉讼(?:案件)?(?:共)?{_N}(?P<unit>件|起|宗)", _REVIEW),
    FactPattern("review", rf"(?P<none>{_NONE}[^，。；]{{0,20}}?行政复议)", _REVIEW),
    FactPattern("litigation", rf"(?P<none>{_NONE}[^，。；]{{0,30}}?行政诉讼)", _REVIEW),
)
# Words in the clause of a number that make it count a part, a channel or a running total.
PART_WORDS = (
    "其中", "占", "分别", "各乡镇", "各部门", "区直", "县直", "市直", "局机关", "通过", "网站", "公报", "微博",
    "微信", "累计", "截至", "历年", "以来",
)
