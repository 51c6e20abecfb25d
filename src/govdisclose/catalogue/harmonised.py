"""The concordance: every era's cells → one set of harmonised variables (the panel's columns).

Each :class:`Variable` names one quantity with an English label, a definition, a unit and, per
template era (``legacy`` 2008–2018, ``2019``, ``2021``), the source keys it is read from. A
:class:`Source` lists alternative *ways*, tried in order: the first way any of whose keys the
report prints is used, and its keys are summed (blank counts 0, as in the 勾稽 rules). Keys are

- ``table/row/column``: a cell of the 2019/2021 tables (``shared/spec/cell-keys.md``);
- ``legacy_stats/<indicator>``: the report year's value of a legacy statistics-table row
  (column ``current_year``, else ``year_to_date``, else ``current_period``);
- ``facts/<indicator>``: a number the legacy prose states (``未收到…申请`` → 0).

Only exact or documented mappings are listed. A variable with no source in an era is missing
there (null), never zero; where the definitions differ across eras, ``note`` says how.

This table is the one concordance of the project: ``comparable.ACTIVE_SAME_MEANING`` (2019 ↔ 2021
table 二) and ``legacy.CROSS_ERA`` (legacy ↔ modern, used by ``diff``) are derived from it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from .requests import OTHER_SUBROWS, SUBTOTALS

Era = Literal["legacy", "2019", "2021"]
ERAS: tuple[Era, ...] = ("legacy", "2019", "2021")


class Source(NamedTuple):
    era: Era
    ways: tuple[tuple[str, ...], ...]  # alternatives, first printed wins; each way's keys are summed


class Variable(NamedTuple):
    name: str          # ≤ 32 characters, [a-z0-9_]: also the Stata name
    label: str         # English label, ≤ 80 characters
    definition: str
    unit: str          # requests, cases, documents, decisions, items, 10k_yuan
    group: str         # requests, review_litigation, active_disclosure, fees
    sources: tuple[Source, ...]
    note: str = ""     # comparability across eras

    @property
    def eras(self) -> tuple[Era, ...]:
        return tuple(s.era for s in self.sources)

    def source(self, era: str) -> Source | None:
        return next((s for s in self.sources if s.era == era), None)


def _modern(*ways: tuple[str, ...]) -> tuple[Source, Source]:
    """The same ways for the 2019 and the 2021 template."""
    return Source("2019", ways), Source("2021", ways)


# ------------------------------------------------------------------------------------ table 三
# Applicant columns: cell column → (name suffix, English label part).
APPLICANTS: dict[str, tuple[str, str]] = {
    "total": ("", "all applicants"),
    "natural_person": ("_person", "natural persons (自然人)"),
    "commercial_enterprise": ("_firm", "commercial enterprises (商业企业)"),
    "research_institution": ("_research", "research institutions (科研机构)"),
    "social_welfare_org": ("_ngo", "social welfare organisations (社会公益组织)"),
    "legal_service_org": ("_legal", "legal service organisations (法律服务机构)"),
    "other_org": ("_otherorg", "other organisations (其他)"),
}


class RequestRowVariable(NamedTuple):
    stem: str
    row: str
    label: str
    definition: str
    legacy: tuple[tuple[str, ...], ...] = ()   # legacy ways, total column only
    note: str = ""


def _with_subrows(row: str, subrows: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Ways for a group row: its printed subtotal, else the sum of its item rows (per column)."""
    return ((row,), subrows)


REQUEST_ROWS: tuple[RequestRowVariable, ...] = (
    RequestRowVariable(
        "req_received", "new", "Requests received in the year",
        "New disclosure requests received during the year (一、本年新收政府信息公开申请数量).",
        legacy=(("legacy_stats/requests.received",), ("facts/requests.received",)),
        note="Legacy 收到/受理申请数 (受理依申请公开信息总数) counts the year's requests, like 本年新收; "
             "legacy tables have no 上年结转, and some counted only requests accepted (受理). "
             "Legacy years: total only, from the statistics table, else the prose.",
    ),
    RequestRowVariable(
        "req_carried_over", "carried_over", "Requests carried over from last year",
        "Requests received in the previous year and handled in this one (二、上年结转).",
        note="Not reported before 2019: missing in legacy years, not zero.",
    ),
    RequestRowVariable(
        "req_granted", "granted", "Requests granted in full",
        "Requests answered by disclosing the information ((一)予以公开).",
        legacy=(("legacy_stats/replies.granted",),),
        note="Legacy 同意公开答复数 ↔ (一)予以公开. Some legacy tables count 属于已主动公开范围 "
             "separately (not added here); 2019/2021 reports count those as 予以公开.",
    ),
    RequestRowVariable(
        "req_partially_granted", "partially_granted", "Requests granted in part",
        "Requests answered by disclosing part of the information ((二)部分公开).",
        legacy=(("legacy_stats/replies.partially_granted",),),
        note="Legacy 同意部分公开答复数 ↔ (二)部分公开.",
    ),
    RequestRowVariable(
        "req_withheld", "withheld", "Requests refused (withheld)",
        "Requests refused on one of the eight grounds of (三)不予公开: the printed subtotal, else "
        "the sum of rows 1.–8.",
        legacy=(("legacy_stats/replies.withheld",),),
        note="Legacy 不予公开/不同意公开答复数 ↔ (三)不予公开; the legacy grounds (商业秘密, 个人隐私 …) "
             "differ from the eight 2019 grounds.",
    ),
    RequestRowVariable(
        "req_unavailable", "unavailable", "Requests where information could not be provided",
        "(四)无法提供: the printed subtotal, else the sum of rows 1.–3.",
    ),
    RequestRowVariable(
        "req_not_processed", "not_processed", "Requests not processed",
        "(五)不予处理: the printed subtotal, else the sum of rows 1.–5.",
    ),
    RequestRowVariable(
        "req_other", "other", "Requests handled otherwise",
        "(六)其他处理: the one row of the 2019 template, else the sum of the 2021 rows 1.–3.",
        note="2019 prints (六) as one row; 2021 as three rows (逾期不补正, 逾期未缴费, 其他), summed here.",
    ),
    RequestRowVariable(
        "req_handled", "total", "Requests handled (total of outcomes)",
        "(七)总计: all requests answered in the year, whatever the outcome.",
    ),
    RequestRowVariable(
        "req_carried_forward", "carried_forward", "Requests carried forward to next year",
        "Requests still open at the end of the year (四、结转下年度继续办理).",
    ),
)

_GROUP_ROWS: dict[str, tuple[str, ...]] = {**SUBTOTALS, "other": OTHER_SUBROWS}


def _request_variables() -> tuple[Variable, ...]:
    variables = []
    for spec in REQUEST_ROWS:
        for column, (suffix, who) in APPLICANTS.items():
            if spec.row in _GROUP_ROWS:
                ways = tuple(tuple(f"requests/{row}/{column}" for row in rows)
                             for rows in _with_subrows(spec.row, _GROUP_ROWS[spec.row]))
            else:
                ways = ((f"requests/{spec.row}/{column}",),)
            sources = _modern(*ways)
            if column == "total" and spec.legacy:
                sources = (Source("legacy", spec.legacy), *sources)
            label = spec.label if column == "total" else f"{spec.label}: {who.split(' (')[0]}"
            definition = spec.definition + ("" if column == "total" else f" Applicants: {who}.")
            note = spec.note if column == "total" else spec.note.split(" Legacy years:")[0]
            if column != "total" and spec.legacy:
                note = (note + " " if note else "") + "Not split by applicant before 2019."
            variables.append(Variable(spec.stem + suffix, label, definition, "requests", "requests",
                                      sources, note))
    return tuple(variables)


# ------------------------------------------------------------------------------------ table 四
REVIEW_OUTCOMES: dict[str, str] = {
    "upheld": "upheld (结果维持)", "corrected": "corrected (结果纠正)", "other": "other outcome (其他结果)",
    "pending": "pending (尚未审结)", "total": "total (总计)",
}
REVIEW_ROWS: dict[str, tuple[str, str]] = {
    "review": ("review", "Administrative reviews"),
    "litigation_direct": ("lit_direct", "Lawsuits filed directly"),
    "litigation_after_review": ("lit_after_review", "Lawsuits filed after review"),
}
_LEGACY_REVIEW: dict[tuple[str, str], str] = {
    ("review", "total"): "review", ("review", "upheld"): "review.upheld",
    ("review", "corrected"): "review.corrected",
}
_REVIEW_NOTES: dict[tuple[str, str], str] = {
    ("review", "total"): "Legacy 行政复议数 counts reviews filed over disclosure in the year; the "
                         "2019/2021 总计 also counts reviews still pending (尚未审结).",
    ("review", "upheld"): "Legacy 维持具体行政行为数 ↔ 结果维持.",
    ("review", "corrected"): "Legacy 被依法纠错数 ↔ 结果纠正.",
}


def _review_variables() -> tuple[Variable, ...]:
    variables = []
    for row, (stem, row_label) in REVIEW_ROWS.items():
        for column, outcome in REVIEW_OUTCOMES.items():
            sources = _modern((f"review_litigation/{row}/{column}",))
            if (row, column) in _LEGACY_REVIEW:
                sources = (Source("legacy", ((f"legacy_stats/{_LEGACY_REVIEW[row, column]}",),
                                             *((("facts/review",),) if column == "total" else ()))),
                           *sources)
            variables.append(Variable(
                f"{stem}_{column}", f"{row_label}: {outcome.split(' (')[0]}",
                f"{row_label} over disclosure ({REVIEW_OUTCOMES[column]}), table 四.",
                "cases", "review_litigation", sources, _REVIEW_NOTES.get((row, column), "")))
    litigation = "review_litigation/litigation_{}/{}"
    for column, legacy in (("total", ("legacy_stats/litigation",)),
                           ("upheld", ("legacy_stats/litigation.upheld",)),
                           ("corrected", ("legacy_stats/litigation.corrected",))):
        ways = ((litigation.format("direct", column), litigation.format("after_review", column)),)
        legacy_ways = (legacy, ("facts/litigation",)) if column == "total" else (legacy,)
        variables.append(Variable(
            f"lit_{column}", f"Lawsuits, both kinds: {REVIEW_OUTCOMES[column].split(' (')[0]}",
            f"Lawsuits over disclosure, filed directly plus after review ({REVIEW_OUTCOMES[column]}).",
            "cases", "review_litigation", (Source("legacy", legacy_ways), *_modern(*ways)),
            "Legacy 行政诉讼数 (维持… / 被依法纠错数) ↔ the sum of the two 2019/2021 litigation rows"
            + ("; the 2019/2021 总计 also counts pending cases." if column == "total" else ".")))
    return tuple(variables)


# ------------------------------------------------------------------------------------ table 二
_D = "documents"
ACTIVE: tuple[Variable, ...] = (
    Variable("rules_issued", "Rules (规章) issued in the year", "规章 本年制发件数 (2021 template).", _D,
             "active_disclosure", (Source("2021", (("active_disclosure/rules/issued",),)),),
             "2021 only: 2019 本年新制作数量 counts documents made, a different count (rules_made_2019)."),
    Variable("rules_repealed", "Rules (规章) repealed in the year", "规章 本年废止件数 (2021 template).", _D,
             "active_disclosure", (Source("2021", (("active_disclosure/rules/repealed",),)),),
             "2021 only."),
    Variable("rules_in_force", "Rules (规章) in force", "规章 现行有效件数 (2021 template).", _D,
             "active_disclosure", (Source("2021", (("active_disclosure/rules/in_force",),)),),
             "2021 only: 2019 对外公开总数量 counts every rule ever published (rules_public_total_2019)."),
    Variable("rules_made_2019", "Rules (规章) made in the year (2019 template)", "规章 本年新制作数量.", _D,
             "active_disclosure", (Source("2019", (("active_disclosure/rules/new_made",),)),),
             "2019 only: not the 2021 本年制发件数."),
    Variable("rules_published_2019", "Rules (规章) newly published (2019 template)",
             "规章 本年新公开数量.", _D, "active_disclosure",
             (Source("2019", (("active_disclosure/rules/new_published",),)),),
             "2019 only."),
    Variable("rules_public_total_2019", "Rules (规章) published, all years (2019 template)",
             "规章 对外公开总数量.", _D, "active_disclosure",
             (Source("2019", (("active_disclosure/rules/published_total",),)),),
             "2019 only: not the 2021 现行有效件数."),
    Variable("normdocs_issued", "Normative documents issued in the year",
             "行政规范性文件 本年制发件数 (2021).", _D, "active_disclosure",
             (Source("2021", (("active_disclosure/normative_documents/issued",),)),),
             "2021 only: 2019 本年新制作数量 counts documents made (normdocs_made_2019); legacy "
             "制发规范性文件总数 is normdocs_issued_legacy (no documented equivalence)."),
    Variable("normdocs_repealed", "Normative documents repealed in the year",
             "行政规范性文件 本年废止件数 (2021).", _D, "active_disclosure",
             (Source("2021", (("active_disclosure/normative_documents/repealed",),)),), "2021 only."),
    Variable("normdocs_in_force", "Normative documents in force", "行政规范性文件 现行有效件数 (2021).", _D,
             "active_disclosure", (Source("2021", (("active_disclosure/normative_documents/in_force",),)),),
             "2021 only: 2019 对外公开总数量 counts every document ever published."),
    Variable("normdocs_made_2019", "Normative documents made in the year (2019 template)",
             "规范性文件 本年新制作数量.", _D, "active_disclosure",
             (Source("2019", (("active_disclosure/normative_documents/new_made",),)),),
             "2019 only: not the 2021 本年制发件数."),
    Variable("normdocs_published_2019", "Normative documents newly published (2019 template)",
             "规范性文件 本年新公开数量.", _D, "active_disclosure",
             (Source("2019", (("active_disclosure/normative_documents/new_published",),)),), "2019 only."),
    Variable("normdocs_public_total_2019", "Normative documents published, all years (2019 template)",
             "规范性文件 对外公开总数量.", _D, "active_disclosure",
             (Source("2019", (("active_disclosure/normative_documents/published_total",),)),),
             "2019 only: not the 2021 现行有效件数."),
    Variable("normdocs_issued_legacy", "Normative documents issued (legacy statistics table)",
             "制发规范性文件总数 of the pre-2019 statistics table.", _D, "active_disclosure",
             (Source("legacy", (("legacy_stats/normative_documents.issued",),)),),
             "Legacy only: no documented equivalence with 2019 本年新制作数量 or 2021 本年制发件数."),
    Variable("active_items_legacy", "Items of information disclosed proactively (legacy)",
             "主动公开政府信息数 (条) of the pre-2019 statistics table, else the prose.", "items",
             "active_disclosure",
             (Source("legacy", (("legacy_stats/active_disclosure.total",),
                                ("facts/active_disclosure.total",))),),
             "Legacy only: the 2019/2021 templates do not count items disclosed."),
    Variable("licensing_decisions", "Licensing decisions (行政许可)",
             "行政许可 处理决定数量 (2019) / 本年处理决定数量 (2021).", "decisions", "active_disclosure",
             _modern(("active_disclosure/licensing/decisions",)),
             "2019 处理决定数量 and 2021 本年处理决定数量 both count the decisions made in the year."),
    Variable("penalty_decisions", "Administrative penalty decisions (行政处罚)",
             "行政处罚 处理决定数量 (2019) / 本年处理决定数量 (2021).", "decisions", "active_disclosure",
             _modern(("active_disclosure/penalty/decisions",)),
             "2019 处理决定数量 and 2021 本年处理决定数量 both count the decisions made in the year."),
    Variable("coercion_decisions", "Administrative coercion decisions (行政强制)",
             "行政强制 处理决定数量 (2019) / 本年处理决定数量 (2021).", "decisions", "active_disclosure",
             _modern(("active_disclosure/coercion/decisions",)),
             "2019 处理决定数量 and 2021 本年处理决定数量 both count the decisions made in the year."),
    Variable("other_services_decisions_2019", "Other public service decisions (2019 template)",
             "其他对外管理服务事项 处理决定数量.", "decisions", "active_disclosure",
             (Source("2019", (("active_disclosure/other_services/decisions",),)),),
             "2019 only: the 2021 template dropped the row."),
)

# ------------------------------------------------------------------------------------ fees
FEES: tuple[Variable, ...] = (
    Variable("admin_fees_10k_yuan", "Administrative fees collected (10k yuan)",
             "行政事业性收费 本年收费金额（万元） (2021 template).", "10k_yuan", "fees",
             (Source("2021", (("active_disclosure/fees/amount_10k_yuan",),)),),
             "2021 only: the 2019 template counted fee items (admin_fee_items_2019), not amounts."),
    Variable("admin_fee_items_2019", "Administrative fee items, previous year (2019 template)",
             "行政事业性收费 上一年项目数量.", "items", "fees",
             (Source("2019", (("active_disclosure/fees/items_last_year",),)),), "2019 only."),
    Variable("admin_fee_items_change_2019", "Change in administrative fee items (2019 template)",
             "行政事业性收费 本年增/减 (may be negative).", "items", "fees",
             (Source("2019", (("active_disclosure/fees/items_change",),)),), "2019 only."),
    Variable("request_fees_legacy", "Fees charged for disclosure requests (legacy, 10k yuan)",
             "依申请公开信息收取的费用 of the pre-2019 statistics table, converted to 万元.",
             "10k_yuan", "fees",
             (Source("legacy", (("legacy_stats/fees.collected",),)),),
             "Legacy only: request fees, not the 2021 行政事业性收费 amount (all administrative fees); "
             "2021 reports state 信息处理费 in prose (section 六), not read here."),
    Variable("request_fees_waived_legacy", "Request fees waived (legacy, 10k yuan)",
             "信息公开收费减免金额 of the pre-2019 statistics table, converted to 万元.", "10k_yuan", "fees",
             (Source("legacy", (("legacy_stats/fees.waived",),)),), "Legacy only."),
)

VARIABLES: tuple[Variable, ...] = (*_request_variables(), *_review_variables(), *ACTIVE, *FEES)
BY_NAME: dict[str, Variable] = {v.name: v for v in VARIABLES}


# ------------------------------------------------------------------------------------ derived
def active_same_meaning() -> dict[tuple[str, str], tuple[str, str]]:
    """Table 二 (row, 2019 column) → (row, 2021 column) for variables read from one cell in both."""
    pairs = {}
    for variable in VARIABLES:
        old, new = variable.source("2019"), variable.source("2021")
        if old and new and len(old.ways) == len(new.ways) == 1 and len(old.ways[0]) == len(new.ways[0]) == 1:
            (table, *cell_2019), (_, *cell_2021) = old.ways[0][0].split("/"), new.ways[0][0].split("/")
            if table == "active_disclosure":
                pairs[tuple(cell_2019)] = tuple(cell_2021)
    return pairs


def cross_era_pairs() -> tuple[tuple[str, str, str], ...]:
    """(legacy indicator, 2021 cell, note) for variables read from a legacy statistics row and from
    2021 cells: one pair per cell of the first 2021 way (several cells: their sum)."""
    pairs = []
    for variable in VARIABLES:
        legacy, modern = variable.source("legacy"), variable.source("2021")
        if not legacy or not modern:
            continue
        table_keys = [k for way in legacy.ways for k in way if k.startswith("legacy_stats/")]
        if len(table_keys) != 1:
            continue
        indicator = table_keys[0].removeprefix("legacy_stats/")
        pairs += [(indicator, cell, variable.note) for cell in modern.ways[0]]
    return tuple(pairs)
