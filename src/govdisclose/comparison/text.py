"""Plain-text and JSON Lines renderings of a ``Comparison`` (``diff --format summary|changes``).

``number_text``, ``rate_text`` and ``change_text`` are how every rendering (this one and the HTML page)
prints a value, a rate and a changed cell.
"""

from __future__ import annotations

import json

from .model import CellChange, Comparison

# The first line of a comparison of two agencies' reports.
DIFFERENT_AGENCIES = ("WARNING: different agencies ({before} / {after}): the cells and rates below compare "
                      "two agencies; the carry-over checks X-1/X-2 are skipped")


def change_record(change: CellChange) -> dict:
    """The ``changes`` record: exactly table, row, column, before, after, delta."""
    return {"table": change.table, "row": change.row, "column": change.column,
            "before": change.before, "after": change.after, "delta": change.delta}


def changes_jsonl(comparison: Comparison) -> str:
    return "".join(json.dumps(change_record(c), ensure_ascii=False) + "\n" for c in comparison.changes())


def number_text(value) -> str:
    """A cell value as a comparison prints it: ``—`` for none, a float in ``g`` form, an int as is."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def rate_text(value: float | None) -> str:
    """A rate as a percentage with one decimal (``12.5%``), ``—`` for none."""
    return "—" if value is None else f"{value:.1%}"


def change_text(change: CellChange) -> str:
    """``before → after (+delta)``; the delta part only when there is one."""
    delta = "" if change.delta is None else f" ({'+' if change.delta > 0 else ''}{number_text(change.delta)})"
    return f"{number_text(change.before)} → {number_text(change.after)}{delta}"


def summary_text(comparison: Comparison) -> str:
    """A terminal view: who, how many cells changed, rates, narrative, findings."""
    b, a = comparison.before, comparison.after
    lines = []
    if comparison.same_agency is False:  # said first: everything below compares two agencies
        lines.append(DIFFERENT_AGENCIES.format(before=b.agency, after=a.agency))
    lines += [
        f"before: {b.agency} {b.year} (template {b.template}) {b.file_name or ''}".rstrip(),
        f"after:  {a.agency} {a.year} (template {a.template}) {a.file_name or ''}".rstrip(),
    ]
    statuses = {s: sum(1 for c in comparison.cells if c.status == s)
                for s in ("changed", "same", "kind_changed", "unknown")}
    lines.append(f"cells compared: {len(comparison.cells)}  changed: {statuses['changed']}  "
                 f"same: {statuses['same']}  kind changed: {statuses['kind_changed']}  "
                 f"unknown (unreadable): {statuses['unknown']}  "
                 f"not comparable: {len(comparison.not_comparable)}")
    lines.append("")
    lines.append("changed cells (before → after, delta):")
    for change in comparison.changes():
        lines.append(f"  {change.key}: {change_text(change)}")
    lines.append("")
    lines.append("rates (before → after):")
    for metric in comparison.metrics:
        before, after = rate_text(metric.before.value), rate_text(metric.after.value)
        lines.append(f"  {metric.name:28} {before:>7} → {after:>7}   {metric.label}")
    lines.append("")
    overall = comparison.narrative_similarity
    overall_text = "—" if overall is None else f"{overall:.0%}"
    lines.append(f"narrative similarity (boilerplate removed): {overall_text}")
    for section in comparison.sections:
        sim = "—" if section.similarity is None else f"{section.similarity:.0%}"
        lines.append(f"  {section.heading:24} {sim:>5}  "
                     f"+{len(section.added)} −{len(section.removed)} sentences")
    lines.append("")
    lines.append(f"findings: {len(comparison.findings)}")
    for finding in comparison.findings:
        lines.append(f"  {finding.rule} [{finding.severity}] {finding.message}")
    for note in comparison.notes:
        lines.append(f"  note: {note}")
    if comparison.not_comparable:
        lines.append("")
        lines.append("not comparable:")
        for item in comparison.not_comparable:
            lines.append(f"  {item.key} ({item.side}): {item.reason}")
    return "\n".join(lines) + "\n"
