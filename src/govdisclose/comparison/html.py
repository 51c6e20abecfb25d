"""``diff --format html``: one self-contained page (inline CSS and SVG, no script, no network).

Sections: the findings, charts of request outcomes and of the derived rates (inline SVG), the
narrative similarity per section, the three tables of both reports side by side with changed
cells highlighted (``td.changed``, ``title`` = before → after; cells a finding points to outlined,
``td.finding``), the changed cells as a list, and
the cells that are not comparable with their reason. Every value cell carries ``data-key``.
"""

from __future__ import annotations

from html import escape

from ..catalogue import active_disclosure as active_cat
from ..catalogue import requests as requests_cat
from ..catalogue import review_litigation as review_cat
from ..model import AnnualReport, Cell, StatTable
from .cells import MODERN_TABLES
from .metrics import GROUP_LABELS
from .model import Comparison, MetricChange
from .text import DIFFERENT_AGENCIES, change_text, number_text, rate_text

TABLE_TITLES = {"active_disclosure": "二、主动公开政府信息情况",
                "requests": "三、收到和处理政府信息公开申请情况",
                "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
RATE_CHART = ("grant_rate", "natural_person_share", "review_correction_rate", "litigation_correction_rate")
RATE_LABELS = {"grant_rate": "公开率", "natural_person_share": "自然人占比",
               "review_correction_rate": "复议纠正率", "litigation_correction_rate": "诉讼纠正率"}
BEFORE_COLOUR, AFTER_COLOUR = "#8aa4c8", "#d9822b"

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:28px}
.meta{color:#555}.pair{display:flex;gap:16px;align-items:flex-start;overflow-x:auto}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}
td.v{text-align:right;font-variant-numeric:tabular-nums}td.changed{background:#ffe08a;font-weight:bold}
td.nc{color:#999;background:#f4f4f4}td.finding{outline:2px solid #b00020}\
td.unknown{background:#f3c6f3}td.kind{background:#e5f0ff}
.finding.error{color:#b00020}.finding.warning{color:#9a6700}.finding.info{color:#0b6b8a}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
"""


def _column_label(table: str, column: str, template: str) -> str:
    if table == "requests":
        return requests_cat.COLUMNS.get(column, (column,))[0]
    if table == "review_litigation":
        return review_cat.COLUMNS.get(column, column)
    labels = active_cat.COLUMNS.get(template, {}).get(column) or next(
        (cols[column] for cols in active_cat.COLUMNS.values() if column in cols), (column,))
    return labels[0]


def _row_label(table_name: str, table: StatTable, row: str) -> str:
    if table_name == "requests" and row in requests_cat.ROW_BY_KEY:
        return requests_cat.ROW_BY_KEY[row].label
    if table_name == "review_litigation":
        return review_cat.ROWS.get(row, row)
    return table.row_labels.get(row) or active_cat.ROWS.get(row, (row,))[0]


def _cell_html(key: str, cell: Cell | None, css: str, title: str | None) -> str:
    if cell is None:
        return "<td></td>"
    shown = "·" if cell.kind == "blank" else (f"? {cell.raw}" if cell.kind == "unreadable" else cell.raw)
    attrs = f' class="v {css}"' if css else ' class="v"'
    if title:
        attrs += f' title="{escape(title)}"'
    return f'<td{attrs} data-key="{escape(key)}">{escape(shown)}</td>'


def _report_table(report: AnnualReport, table_name: str, side: str, comparison: Comparison) -> str:
    table: StatTable | None = getattr(report.tables, table_name)
    year = report.meta.year
    if table is None:
        return f'<div class="side {side}"><p>{year}: table not found</p></div>'
    status = {c.key: c for c in comparison.cells}
    flagged = {p for f in comparison.findings for p in (f.cells if side == "after" else f.previous_cells)}
    not_comparable = {n.key for n in comparison.not_comparable if n.side in (side, "both")}
    columns: list[str] = []
    for cells in table.rows.values():
        columns += [c for c in cells if c not in columns]
    head = "".join(f"<th>{escape(_column_label(table_name, c, report.meta.template))}</th>" for c in columns)
    rows = []
    for row, cells in table.rows.items():
        tds = []
        for column in columns:
            key = f"{table_name}/{row}/{column}"
            change = status.get(key)
            css, title = "", None
            if change is not None and change.status != "same":
                css = {"changed": "changed", "unknown": "unknown", "kind_changed": "kind"}[change.status]
                title = change_text(change)
            elif key in not_comparable:
                css = "nc"
            if key in flagged:
                css = f"{css} finding".strip()
            tds.append(_cell_html(key, cells.get(column), css, title))
        rows.append(f"<tr><th>{escape(_row_label(table_name, table, row))}</th>{''.join(tds)}</tr>")
    return (f'<div class="side {side}"><h3>{year}（{escape(report.meta.template)} 模板）</h3>'
            f'<table class="report {side}" data-year="{year}"><tr><th></th>{head}</tr>{"".join(rows)}</table>'
            '</div>')


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, float | None, float | None, str, str]],
              scale_max: float) -> str:
    """A horizontal grouped bar chart: (label, before, after, before text, after text) per bar pair."""
    width, label_w, bar_h, gap = 560, 130, 12, 10
    plot_w = width - label_w - 70
    height = 30 + len(bars) * (2 * bar_h + gap)
    parts = [(f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'role="img" aria-label="{escape(title)}">'
              f'<text x="0" y="14" font-size="13">{escape(title)}</text>')]
    y = 26
    for label, before, after, before_text, after_text in bars:
        parts.append(f'<text x="0" y="{y + bar_h + 4}" font-size="12">{escape(label)}</text>')
        for offset, value, text, colour, side in ((0, before, before_text, BEFORE_COLOUR, "before"),
                                                  (bar_h, after, after_text, AFTER_COLOUR, "after")):
            length = 0 if not value or scale_max <= 0 else max(1.0, plot_w * value / scale_max)
            parts.append(f'<rect x="{label_w}" y="{y + offset}" width="{length:.1f}" height="{bar_h - 1}" '
                         f'fill="{colour}"/>')
            parts.append(f'<text class="{side}" x="{label_w + length + 4:.1f}" y="{y + offset + bar_h - 2}" '
                         f'font-size="11">{escape(text)}</text>')
        y += 2 * bar_h + gap
    parts.append("</svg>")
    return "".join(parts)


def _outcome_chart(comparison: Comparison) -> str:
    bars = []
    for group, label in GROUP_LABELS.items():
        metric = comparison.metric(f"share.{group}")
        before = metric.before.numerator if metric else None
        after = metric.after.numerator if metric else None
        bars.append((label, before, after, number_text(before), number_text(after)))
    top = max([v for _, b, a, _, _ in bars for v in (b, a) if v is not None] or [0])
    return bar_chart("chart-outcomes", "办理结果（件）", bars, float(top))


def _rate_chart(comparison: Comparison) -> str:
    bars = []
    for name in RATE_CHART:
        metric: MetricChange | None = comparison.metric(name)
        before = metric.before.value if metric else None
        after = metric.after.value if metric else None
        bars.append((RATE_LABELS[name], before, after, rate_text(before), rate_text(after)))
    return bar_chart("chart-rates", "比率", bars, 1.0)


def _similarity_rows(comparison: Comparison) -> str:
    rows = []
    for section in comparison.sections:
        width = 0 if section.similarity is None else round(200 * section.similarity)
        bar = (f'<svg width="204" height="12">'
               f'<rect x="0" y="1" width="{width}" height="10" fill="{AFTER_COLOUR}"/>'
               f'<rect x="0" y="1" width="200" height="10" fill="none" stroke="#999"/></svg>')
        added = "".join(f"<li>+ {escape(s)}</li>" for s in section.added)
        removed = "".join(f"<li>− {escape(s)}</li>" for s in section.removed)
        details = (f"<details><summary>sentences</summary><ul>{added}{removed}</ul></details>"
                   if added or removed else "")
        rows.append(f'<tr data-section="{section.number}"><td>{escape(section.heading)}</td>'
                    f'<td class="v similarity">{rate_text(section.similarity)}</td><td>{bar}</td>'
                    f'<td class="v">+{len(section.added)} / −{len(section.removed)}</td>'
                    f'<td>{details}</td></tr>')
    return ("<table id=\"narrative\"><tr><th>section</th><th>similarity</th><th></th>"
            "<th>sentences</th><th></th></tr>"
            + "".join(rows) + "</table>")


def render_html(comparison: Comparison, before: AnnualReport, after: AnnualReport) -> str:
    b, a = comparison.before, comparison.after
    title = f"{a.agency or b.agency or ''} {b.year} → {a.year}"
    changed = comparison.changes()
    findings = "".join(
        f'<li class="finding {f.severity}" data-rule="{escape(f.rule)}"><b>{escape(f.rule)}</b> '
        f'[{f.severity}] {escape(f.message)}</li>' for f in comparison.findings) or "<li>none</li>"
    notes = "".join(f"<li>{escape(n)}</li>" for n in comparison.notes)
    metrics = "".join(
        f'<tr data-metric="{m.name}"><td>{escape(m.label)}</td>'
        f'<td class="v before">{rate_text(m.before.value)}</td>'
        f'<td class="v after">{rate_text(m.after.value)}</td>'
        f'<td class="v">{"—" if m.delta is None else f"{m.delta * 100:+.1f} pp"}</td></tr>'
        for m in comparison.metrics)
    tables = "".join(
        f'<h3>{TABLE_TITLES[name]}</h3><div class="pair" id="table-{name}">'
        f'{_report_table(before, name, "before", comparison)}'
        f'{_report_table(after, name, "after", comparison)}</div>'
        for name in MODERN_TABLES)
    change_rows = "".join(
        f'<tr data-key="{escape(c.key)}"><td>{escape(c.key)}</td><td class="v">{number_text(c.before)}</td>'
        f'<td class="v">{number_text(c.after)}</td><td class="v">{number_text(c.delta)}</td></tr>'
        for c in changed)
    not_comparable = "".join(
        f'<tr><td>{escape(n.key)}</td><td>{n.side}</td><td>{escape(n.reason)}</td></tr>'
        for n in comparison.not_comparable)
    overall = comparison.narrative_similarity
    warning = (f'<p id="different-agencies" class="finding error">'
               f'{escape(DIFFERENT_AGENCIES.format(before=b.agency, after=a.agency))}</p>\n'
               if comparison.same_agency is False else "")
    legend = (f'<p class="legend">before {b.year}<span style="background:{BEFORE_COLOUR}"></span>'
              f'after {a.year}<span style="background:{AFTER_COLOUR}"></span></p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{CSS}</style></head>
<body>
{warning}<h1>{escape(title)}</h1>
<p class="meta">before: {escape(b.agency or "")} {b.year} ({b.template} template) \
{escape(b.file_name or "")}<br>
after: {escape(a.agency or "")} {a.year} ({a.template} template) {escape(a.file_name or "")}</p>
<p id="counts">cells compared: {len(comparison.cells)} · changed: <b id="changed-count">{len(changed)}</b> ·
not comparable: {len(comparison.not_comparable)}</p>
<h2>Findings</h2><ul id="findings">{findings}</ul><ul class="notes">{notes}</ul>
<h2>Charts</h2>{legend}<div class="pair">{_outcome_chart(comparison)}{_rate_chart(comparison)}</div>
<h2>Rates</h2><table id="metrics"><tr><th></th><th>{b.year}</th><th>{a.year}</th><th>change</th></tr>\
{metrics}</table>
<h2>Narrative</h2><p>similarity after removing fixed phrases and numbers:
<b id="narrative-similarity">{rate_text(overall)}</b></p>{_similarity_rows(comparison)}
<h2>Tables</h2>{tables}
<h2>Changed cells</h2><table id="changes"><tr><th>cell</th><th>before</th><th>after</th><th>delta</th></tr>
{change_rows}</table>
<h2>Not comparable</h2><table id="not-comparable"><tr><th>cell</th><th>printed in</th><th>reason</th></tr>
{not_comparable}</table>
</body></html>
"""
