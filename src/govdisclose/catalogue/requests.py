"""Table 三 (收到和处理政府信息公开申请情况): rows and columns in printed order.

Rows are listed in the order the templates print them. ``group`` is the （一）…（七） marker the
row sits under (``None`` for the top-level 一、二、四 rows), ``item`` its 1.…8. number. Subtotal
rows are printed only by some localities; ``other`` is the 2019 one-row form of （六）, and
the 2021 template's group label over other.no_correction / other.fee_unpaid / other.other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["data", "subtotal"]


@dataclass(frozen=True)
class RequestRow:
    key: str
    label: str
    group: str | None = None
    item: int | None = None
    role: Role = "data"
    variants: tuple[str, ...] = ()


ROWS: tuple[RequestRow, ...] = (
    RequestRow("new", "一、本年新收政府信息公开申请数量"),
    RequestRow("carried_over", "二、上年结转政府信息公开申请数量"),
    RequestRow("granted", "（一）予以公开", "一"),
    RequestRow("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "二",
               variants=("（二）部分公开",)),
    RequestRow("withheld", "（三）不予公开", "三", role="subtotal"),
    RequestRow("withheld.state_secret", "1.属于国家秘密", "三", 1),
    RequestRow("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", "三", 2,
               variants=("2.其他法律行政止公开",)),
    RequestRow("withheld.three_securities_one_stability", "3.危及“三安全一稳定”", "三", 3),
    RequestRow("withheld.third_party_rights", "4.保护第三方合法权益", "三", 4),
    RequestRow("withheld.internal_affairs", "5.属于三类内部事务信息", "三", 5),
    RequestRow("withheld.process_information", "6.属于四类过程性信息", "三", 6),
    RequestRow("withheld.enforcement_files", "7.属于行政执法案卷", "三", 7),
    RequestRow("withheld.administrative_query", "8.属于行政查询事项", "三", 8),
    RequestRow("unavailable", "（四）无法提供", "四", role="subtotal"),
    RequestRow("unavailable.not_held", "1.本机关不掌握相关政府信息", "四", 1),
    RequestRow("unavailable.needs_creation", "2.没有现成信息需要另行制作", "四", 2),
    RequestRow("unavailable.still_unclear", "3.补正后申请内容仍不明确", "四", 3),
    RequestRow("not_processed", "（五）不予处理", "五", role="subtotal"),
    RequestRow("not_processed.petition", "1.信访举报投诉类申请", "五", 1),
    RequestRow("not_processed.duplicate", "2.重复申请", "五", 2),
    RequestRow("not_processed.publication", "3.要求提供公开出版物", "五", 3),
    RequestRow("not_processed.excessive", "4.无正当理由大量反复申请", "五", 4),
    RequestRow("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", "五", 5),
    RequestRow("other", "（六）其他处理", "六"),
    RequestRow("other.no_correction",
               "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "六", 1),
    RequestRow("other.fee_unpaid",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "六", 2),
    RequestRow("other.other", "3.其他", "六", 3),
    RequestRow("total", "（七）总计", "七", variants=("（七）合计",)),
    RequestRow("carried_forward", "四、结转下年度继续办理"),
)

ROW_BY_KEY: dict[str, RequestRow] = {row.key: row for row in ROWS}
# The label over the outcome rows: no numbers, often wrapped in a narrow first column
# (``三、本`` / ``年度办`` / ``理结果``), its pieces then sharing lines with the rows' labels.
RESULTS_GROUP_LABEL = "三、本年度办理结果"

# The sub-rows of （六） in the 2021 template; ``other`` replaces all three when printed alone.
OTHER_SUBROWS: tuple[str, ...] = ("other.no_correction", "other.fee_unpaid", "other.other")
SUBTOTALS: dict[str, tuple[str, ...]] = {
    "withheld": tuple(r.key for r in ROWS if r.key.startswith("withheld.")),
    "unavailable": tuple(r.key for r in ROWS if r.key.startswith("unavailable.")),
    "not_processed": tuple(r.key for r in ROWS if r.key.startswith("not_processed.")),
}

# Rows every report of the era must print (（六） checked separately: one row or three).
REQUIRED: tuple[str, ...] = tuple(
    r.key for r in ROWS if r.role == "data" and r.group != "六"
)

# Applicant columns in printed order; the six parts sum to ``total``.
COLUMNS: dict[str, tuple[str, ...]] = {
    "natural_person": ("自然人",),
    "commercial_enterprise": ("商业企业",),
    "research_institution": ("科研机构",),
    "social_welfare_org": ("社会公益组织",),
    "legal_service_org": ("法律服务机构",),
    "other_org": ("其他", "其他组织"),
    "legal_person_subtotal": ("小计", "法人或其他组织小计", "法人或其他组织合计"),
    "total": ("总计", "合计"),
}
# Header words printed over several applicant columns: part of the header, no column of their own.
SPANNING_HEADERS: tuple[str, ...] = ("申请人情况", "法人或其他组织")
STANDARD_COLUMNS: tuple[str, ...] = (
    "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
    "legal_service_org", "other_org", "total",
)
PARTS: tuple[str, ...] = STANDARD_COLUMNS[:-1]
