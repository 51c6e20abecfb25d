"""The 勾稽 rules of report-format.md §6 as findings. Reads a report; never changes a value.

Semantics (shared with the fixture oracle): blank counts as 0 inside a sum; a rule instance is
skipped when any cell it involves is missing, not applicable or unreadable; when the checked
total (the first cell) is blank, one ``BLANK-TOTAL`` finding replaces the rule's finding.
"""

from __future__ import annotations

import regex

from .catalogue import active_disclosure as ad
from .catalogue import requests as req
from .catalogue import review_litigation as rl
from .model import AnnualReport, Cell, Finding

REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
# Prose statements of the number of requests (rule P-1).
PROSE_REQUESTS = regex.compile(
    r"(?P<verb>收到|受理|新收|接收)(?:各类)?(?:政府信息公开|依申请公开)(?:的)?申请(?:共|总计|合计)?(?P<count>\d+)件"
)
# Verbs that state only the year's new requests; the others (收到, 受理, 接收) are printed both for the
# new requests alone and for new + 上年结转 (pingtan 2022: 收到…75件 = 74 new + 1 carried over, and its
# 自然人72件 = 71 + 1).
NEW_ONLY_VERBS = ("新收",)
INTEGER_TABLES = ("requests", "review_litigation")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


class _Checker:
    """Collects findings for one report."""

    def __init__(self, report: AnnualReport):
        self.report = report
        self.findings: list[Finding] = []
        self.blank_totals: set[str] = set()

    def kind(self, path: str) -> str:
        cell = self.report.cell(path)
        return "missing" if cell is None else cell.kind

    def usable(self, paths: list[str]) -> bool:
        return all(self.kind(p) in ("number", "blank") for p in paths)

    def value(self, path: str) -> float:
        cell = self.report.cell(path)
        return cell.value if cell is not None and cell.value is not None else 0

    def total_rule(self, rule: str, cells: list[str], what: str) -> None:
        """cells[0] must equal the sum of cells[1:]."""
        if not self.usable(cells):
            return
        total = cells[0]
        expected = sum(self.value(c) for c in cells[1:])
        if self.kind(total) == "blank":
            if total not in self.blank_totals:
                self.blank_totals.add(total)
                self.findings.append(Finding(
                    rule="BLANK-TOTAL", severity="warning", cells=[total], expected=_number(expected),
                    message=f"{total}: total not reported (its parts sum to {_number(expected)})"))
            return
        actual = self.value(total)
        if abs(actual - expected) > 1e-9:
            self.findings.append(Finding(
                rule=rule, severity="error", cells=cells, expected=_number(expected), actual=_number(actual),
                message=f"{what}: total {_number(actual)} ≠ sum of parts {_number(expected)}"))


def component_rows(report: AnnualReport) -> list[str]:
    """The outcome rows that add up to （七）总计 (T3-2), for the way （六） is printed."""
    table = report.tables.requests
    rows = ["granted", "partially_granted", *req.SUBTOTALS["withheld"], *req.SUBTOTALS["unavailable"],
            *req.SUBTOTALS["not_processed"]]
    one_row_other = (table is not None and "other" in table.rows
                     and not any(k in table.rows for k in req.OTHER_SUBROWS))
    return rows + (["other"] if one_row_other else list(req.OTHER_SUBROWS))


def validate(report: AnnualReport) -> list[Finding]:
    """Findings of T3-1…T3-4, T4-1, BLANK-TOTAL, MISSING-ROW and P-1, in that order."""
    checker = _Checker(report)
    if report.tables.requests is not None:
        _check_requests(checker)
    if report.tables.review_litigation is not None:
        for group in rl.ROWS:
            cells = [f"review_litigation/{group}/{c}" for c in ("total", *REVIEW_PARTS)]
            checker.total_rule("T4-1", cells, f"table 四 {group}")
    return checker.findings + _non_negative(report) + _missing(report) + _prose_requests(report)


def _check_requests(checker: _Checker) -> None:
    report = checker.report
    for column in req.STANDARD_COLUMNS:
        cells = [f"requests/{r}/{column}" for r in ("new", "carried_over", "total", "carried_forward")]
        if not checker.usable(cells) or checker.kind(cells[2]) == "blank":
            continue
        left = checker.value(cells[0]) + checker.value(cells[1])
        right = checker.value(cells[2]) + checker.value(cells[3])
        if abs(left - right) > 1e-9:
            checker.findings.append(Finding(
                rule="T3-1", severity="error", cells=cells, expected=_number(left), actual=_number(right),
                message=f"table 三 {column}: 一+二 = {_number(left)} but （七）总计+四 = {_number(right)}"))
    components = component_rows(report)
    for column in req.STANDARD_COLUMNS:
        cells = [f"requests/total/{column}"] + [f"requests/{r}/{column}" for r in components]
        checker.total_rule("T3-2", cells, f"table 三 （七）总计 {column}")
    for row in req.ROWS:
        if row.key in report.tables.requests.rows:
            cells = [f"requests/{row.key}/total"] + [f"requests/{row.key}/{c}" for c in req.PARTS]
            checker.total_rule("T3-3", cells, f"table 三 row {row.key}")


def _non_negative(report: AnnualReport) -> list[Finding]:
    """T3-4: counts in tables 三 and 四 are non-negative integers."""
    findings = []
    for record in report.cells():
        if record.table not in INTEGER_TABLES or record.kind != "number":
            continue
        if record.value < 0 or not float(record.value).is_integer():
            path = f"{record.table}/{record.row}/{record.column}"
            findings.append(Finding(rule="T3-4", severity="error", cells=[path], actual=record.value,
                                    message=f"{path}: {record.raw!r} is not a non-negative whole count"))
    return findings


def _missing(report: AnnualReport) -> list[Finding]:
    """MISSING-TABLE for an absent table (known template), MISSING-ROW for a table 二 or 三 row not printed.

    Table 三's rows are the same in both eras except （六）: one row, or its three sub-rows
    (all three once any is printed; by era otherwise).
    """
    findings = []
    if report.meta.template in ("2019", "2021"):
        for name in ("active_disclosure", "requests", "review_litigation"):
            table = getattr(report.tables, name)
            if table is None or not table.rows:
                findings.append(Finding(rule="MISSING-TABLE", severity="error", cells=[],
                                        message=f"table {name} was not found"))
    findings += _missing_active_disclosure(report)
    table = report.tables.requests
    if table is None or not table.rows:
        return findings
    expected = list(req.REQUIRED)
    split_other = any(k in table.rows for k in req.OTHER_SUBROWS)
    if split_other or report.meta.template == "2021" and "other" not in table.rows:
        expected += list(req.OTHER_SUBROWS)
    else:
        expected.append("other")
    for key in expected:
        if key not in table.rows:
            findings.append(Finding(rule="MISSING-ROW", severity="error", cells=[f"requests/{key}"],
                                    message=f"table 三 row {req.ROW_BY_KEY[key].label} was not found"))
    return findings


def _missing_active_disclosure(report: AnnualReport) -> list[Finding]:
    """MISSING-ROW for each row of the report's template that table 二 does not print (2019: eight
    rows, 2021: six); nothing when the table itself is missing (MISSING-TABLE says so)."""
    table = report.tables.active_disclosure
    rows = ad.ROW_COLUMNS.get(report.meta.template or "", {})
    if table is None or not table.rows:
        return []
    return [Finding(rule="MISSING-ROW", severity="error", cells=[f"active_disclosure/{key}"],
                    message=f"table 二 row {ad.ROWS[key][0]} was not found")
            for key in rows if key not in table.rows]


def _prose_requests(report: AnnualReport) -> list[Finding]:
    """P-1: the first number of requests stated in the prose, when table 三 contradicts it."""
    new = report.cell("requests/new/total")
    if new is None or new.kind != "number":
        return []
    carried = report.cell("requests/carried_over/total")
    for section in report.sections:
        for match in PROSE_REQUESTS.finditer(section.text.replace(" ", "")):
            stated = int(match.group("count"))
            accepted = _stated_counts(match.group("verb"), new, carried)
            if accepted is None or stated in accepted:
                return []
            message = f"the text says {match.group(0)!r} but table 三 new/total is {new.raw}"
            if len(accepted) > 1:
                message += f" (new + {carried.raw} carried over = {_number(accepted[1])})"
            return [Finding(rule="P-1", severity="warning", cells=["requests/new/total"],
                            expected=new.value, actual=stated, message=message)]
    return []


def _stated_counts(verb: str, new: Cell, carried: Cell | None) -> list[float] | None:
    """The numbers of requests the prose may state: new/total, and new + carried_over/total unless the verb
    is 新收. A blank, absent or ``/`` carried-over total adds nothing; an unreadable one leaves it undecided
    (None)."""
    if verb in NEW_ONLY_VERBS or carried is None or carried.kind in ("blank", "not_applicable"):
        return [new.value]
    if carried.kind != "number":
        return None
    return list(dict.fromkeys((new.value, new.value + carried.value)))
