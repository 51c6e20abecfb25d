"""Cross-year findings between two reports of one agency in consecutive years.

X-1 (error): carry-over. For every column printed in both reports,
    this year's ``requests/carried_over/<col>`` (二、上年结转政府信息公开申请数量) must equal
    last year's ``requests/carried_forward/<col>`` (四、结转下年度继续办理).
    expected = last year's value, actual = this year's.
X-2 (warning): documents in force, 2021 template in both years. For ``rules`` (规章) and
    ``normative_documents`` (行政规范性文件):
    last year's ``in_force`` + this year's ``issued`` − this year's ``repealed`` should equal this
    year's ``in_force``. expected = the left side, actual = this year's ``in_force``. A warning,
    not an error: documents also lapse when their validity period ends without being repealed.
X-3 (info): the narrative is at least ``COPY_THRESHOLD`` similar to last year's after boilerplate
    removal and number masking (see ``narrative.py``): a report copied from the year before.

In the sums a blank cell counts 0, as in the 勾稽 rules; a missing, ``/`` or unreadable cell
skips that check. The checks run only when the later report's year is the earlier one's + 1, and
X-1/X-2 only between reports of one agency (one agency's numbers do not carry over to another's).
"""

from __future__ import annotations

from ..catalogue.boilerplate import COPY_THRESHOLD
from ..model import AnnualReport, Cell
from .model import CrossYearFinding

X2_ROWS = {"rules": "规章", "normative_documents": "行政规范性文件"}
CARRY_OVER_SKIPPED = "X-1/X-2 skipped: the reports are of different agencies"


def _count(cell: Cell | None) -> int | None:
    if cell is None:
        return None
    if cell.kind in ("number", "corrected") and cell.value is not None:
        return int(cell.value)
    return 0 if cell.kind == "blank" else None


def consecutive(before: AnnualReport, after: AnnualReport) -> bool:
    a, b = before.meta.year, after.meta.year
    return a is not None and b is not None and b == a + 1


def carry_over(before: AnnualReport, after: AnnualReport) -> list[CrossYearFinding]:
    """X-1, one finding per column that disagrees."""
    old, new = before.tables.requests, after.tables.requests
    if old is None or new is None:
        return []
    forwarded = old.rows.get("carried_forward", {})
    findings = []
    for column, cell in new.rows.get("carried_over", {}).items():
        actual, expected = _count(cell), _count(forwarded.get(column))
        if actual is None or expected is None or actual == expected:
            continue
        findings.append(CrossYearFinding(
            rule="X-1", severity="error",
            message=f"{after.meta.year} 上年结转 ({column}) is {actual}, but {before.meta.year} "
                    f"结转下年度继续办理 was {expected}",
            cells=[f"requests/carried_over/{column}"], previous_cells=[f"requests/carried_forward/{column}"],
            expected=expected, actual=actual, year=after.meta.year, previous_year=before.meta.year))
    return findings


def in_force(before: AnnualReport, after: AnnualReport) -> list[CrossYearFinding]:
    """X-2, one finding per row (规章, 行政规范性文件) whose 现行有效件数 does not follow."""
    if before.meta.template != "2021" or after.meta.template != "2021":
        return []
    findings = []
    for row, label in X2_ROWS.items():
        last = _count(before.cell(f"active_disclosure/{row}/in_force"))
        issued = _count(after.cell(f"active_disclosure/{row}/issued"))
        repealed = _count(after.cell(f"active_disclosure/{row}/repealed"))
        actual = _count(after.cell(f"active_disclosure/{row}/in_force"))
        if None in (last, issued, repealed, actual):
            continue
        expected = last + issued - repealed
        if expected == actual:
            continue
        findings.append(CrossYearFinding(
            rule="X-2", severity="warning",
            message=f"{label} 现行有效件数 {actual} in {after.meta.year}; {before.meta.year}'s {last} + "
                    f"{issued} 制发 − {repealed} 废止 = {expected}",
            cells=[f"active_disclosure/{row}/in_force", f"active_disclosure/{row}/issued",
                   f"active_disclosure/{row}/repealed"],
            previous_cells=[f"active_disclosure/{row}/in_force"],
            expected=expected, actual=actual, year=after.meta.year, previous_year=before.meta.year))
    return findings


def copied_prose(before: AnnualReport, after: AnnualReport,
                 similarity: float | None) -> list[CrossYearFinding]:
    """X-3 when the narrative similarity reaches the copy threshold."""
    if similarity is None or similarity < COPY_THRESHOLD:
        return []
    return [CrossYearFinding(
        rule="X-3", severity="info",
        message=f"the prose is {similarity:.0%} similar to {before.meta.year}'s after removing fixed phrases "
                f"and numbers (threshold {COPY_THRESHOLD:.0%})",
        expected=COPY_THRESHOLD, actual=round(similarity, 4), year=after.meta.year,
        previous_year=before.meta.year)]


def cross_year_findings(before: AnnualReport, after: AnnualReport, similarity: float | None,
                        same_agency: bool = True) -> tuple[list[CrossYearFinding], list[str]]:
    """(findings, notes about checks skipped). ``same_agency=False``: X-3 only."""
    if not consecutive(before, after):
        years = f"{before.meta.year} and {after.meta.year}"
        return [], [f"X-1/X-2/X-3 skipped: years {years} are not consecutive"]
    if not same_agency:
        return copied_prose(before, after, similarity), [CARRY_OVER_SKIPPED]
    notes = []
    if before.meta.template != "2021" or after.meta.template != "2021":
        notes.append("X-2 skipped: it needs the 2021 template in both years")
    findings = carry_over(before, after) + in_force(before, after) + copied_prose(before, after, similarity)
    return findings, notes
