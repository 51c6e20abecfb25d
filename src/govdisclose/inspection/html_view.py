"""One HTML page per report: annotated page images beside the extracted grids, findings linked.

``write_report_view(report, out_dir, name)`` writes ``name.html`` and, for a PDF source that is
still reachable, one PNG per page holding cells (``name-p4.png``) next to it; the page refers to
them by relative path. The page has no script and loads nothing from the network: the folder
works offline and can be moved whole. Sources without pages (HTML, DOCX, text) or a PDF that is no
longer reachable get the grids alone, coloured the same way.

Anchors: grid cell ``#cell-<table>--<row>--<column>``, its box on the page image ``#box-…``,
finding ``#finding-<n>`` (1-based), page ``#page-<n>``; each links to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..errors import GovDiscloseError
from ..model import AnnualReport, Cell, StatTable
from .cells import box_anchor, cell_anchor, cells, cells_by_page, flagged_cells, tables
from .palette import FINDING_COLOUR, KIND_COLOURS, KIND_LABELS, css_rgb, short_key
from .render import DEFAULT_RESOLUTION, PageRender, render_pages, resolve_source

TABLE_TITLES = {
    "active_disclosure": "二、主动公开政府信息情况 (active_disclosure)",
    "requests": "三、收到和处理政府信息公开申请情况 (requests)",
    "review_litigation": "四、行政复议、行政诉讼情况 (review_litigation)",
}
PAGE_SOURCES = {"pdf_text", "ocr"}  # sources whose cells have page boxes worth drawing


@dataclass
class ReportView:
    """What ``write_report_view`` wrote: the HTML, the PNGs, and why there are none, if so."""

    html: Path
    images: list[Path]
    no_images_reason: str | None = None


def write_report_view(report: AnnualReport, out_dir: str | Path, name: str, source: str | Path | None = None,
                      resolution: float = DEFAULT_RESOLUTION, strict: bool = False, images: bool = True,
                      no_images_reason: str | None = None, index_href: str | None = None) -> ReportView:
    """Write the inspection page of one report. With ``strict``, a PDF report whose source cannot
    be rendered raises the error instead of falling back to grids alone; ``images=False`` skips
    rendering (the page says why: ``no_images_reason``); ``index_href`` links back to an index."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    renders, reason = _render_pages(report, source, resolution, strict, images, no_images_reason)
    image_paths = [out_dir / f"{name}-p{render.page}.png" for render in renders]
    for render, image_path in zip(renders, image_paths, strict=False):
        render.image.save(image_path)
    html_path = out_dir / f"{name}.html"
    html = report_html(report, renders, [p.name for p in image_paths], reason, index_href)
    html_path.write_text(html, encoding="utf-8")
    return ReportView(html=html_path, images=image_paths, no_images_reason=reason)


def _render_pages(report: AnnualReport, source, resolution: float, strict: bool, images: bool,
                  no_images_reason: str | None) -> tuple[list[PageRender], str | None]:
    if report.meta.source not in PAGE_SOURCES:
        return [], None
    pages = list(cells_by_page(report))
    if not pages:
        return [], "no cell has a page box"
    if not images:
        return [], no_images_reason or "rendering was turned off"
    try:
        path = resolve_source(report, source)
    except GovDiscloseError as error:
        if strict:
            raise
        return [], str(error)
    return render_pages(report, pages, path, resolution), None


def report_html(report: AnnualReport, renders: list[PageRender], image_names: list[str],
                no_images_reason: str | None = None, index_href: str | None = None) -> str:
    """The page as a string (see the module docstring for its anchors)."""
    meta = report.meta
    title = meta.title or meta.file_name or meta.sha256[:12]
    flagged = flagged_cells(report)
    boxed = {path for render in renders for path in render.boxes}
    parts = [
        "<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{escape(title)} · govdisclose inspect</title>",
        f"<style>{_css()}</style></head><body>",
        f'<nav><a href="{escape(index_href)}">← all reports</a></nav>' if index_href else "",
        f"<header><h1>{escape(title)}</h1>{_meta_list(report)}{_legend()}</header>",
        _findings_html(report, flagged),
        '<main class="panes">',
    ]
    if renders:
        parts.append('<div class="pane pages">')
        parts += [_page_figure(render, name, flagged) for render, name in zip(renders, image_names, strict=False)]
        parts.append("</div>")
    parts.append('<div class="pane grids">')
    if no_images_reason:
        parts.append(f'<p class="note">Page images not available: {escape(no_images_reason)}</p>')
    grids = [_grid_html(name, table, flagged, boxed) for name, table in tables(report)]
    parts += grids
    if not grids:
        parts.append('<p class="note">No statistics table was extracted.</p>')
    parts += ["</div>", "</main>", "</body></html>", ""]
    return "\n".join(parts)


def _meta_list(report: AnnualReport) -> str:
    meta = report.meta
    fields = [
        ("agency", meta.agency), ("year", meta.year), ("template", meta.template), ("source", meta.source),
        ("file", meta.file_name), ("pages", meta.page_count), ("report id", meta.sha256),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in fields if v is not None)
    return f'<dl class="meta">{items}</dl>'


def _legend() -> str:
    items = [f'<span class="chip k-{kind}">{escape(label)}</span>' for kind, label in KIND_LABELS.items()]
    items.append('<span class="chip flag">cell a finding points at</span>')
    return f'<p class="legend">{"".join(items)}</p>'


def _findings_html(report: AnnualReport, flagged: dict[str, list[str]]) -> str:
    if not report.findings:
        return '<section id="findings"><h2>Findings (0)</h2><p>No finding.</p></section>'
    known = {path for path, _ in cells(report)}
    items = []
    for number, finding in enumerate(report.findings, start=1):
        links = [
            f'<a href="#{cell_anchor(path)}">{escape(path)}</a>' if path in known else f"<code>{escape(path)}</code>"
            for path in finding.cells
        ]
        numbers = ""
        if finding.expected is not None or finding.actual is not None:
            numbers = f' <span class="numbers">expected {finding.expected}, printed {finding.actual}</span>'
        cells_html = f'<div class="cells">{" ".join(links)}</div>' if links else ""
        items.append(
            f'<li id="finding-{number}" class="sev-{finding.severity}" data-rule="{escape(finding.rule)}">'
            f'<b class="rule">{escape(finding.rule)}</b> <span class="severity">{finding.severity}</span> '
            f'{escape(finding.message)}{numbers}{cells_html}</li>'
        )
    return f'<section id="findings"><h2>Findings ({len(items)})</h2><ol>{"".join(items)}</ol></section>'


def _page_figure(render: PageRender, image_name: str, flagged: dict[str, list[str]]) -> str:
    width, height = render.image.size
    boxes = []
    for path, (x0, y0, x1, y1) in render.boxes.items():
        style = (f"left:{100 * x0 / width:.3f}%;top:{100 * y0 / height:.3f}%;"
                 f"width:{100 * (x1 - x0) / width:.3f}%;height:{100 * (y1 - y0) / height:.3f}%")
        flag = " flag" if path in flagged else ""
        boxes.append(f'<a class="box{flag}" id="{box_anchor(path)}" href="#{cell_anchor(path)}" '
                     f'style="{style}" title="{escape(path)}"></a>')
    return (f'<figure id="page-{render.page}"><div class="page">'
            f'<img src="{escape(image_name)}" alt="page {render.page}" width="{width}" height="{height}">'
            f'{"".join(boxes)}</div><figcaption>page {render.page}</figcaption></figure>')


def _grid_html(name: str, table: StatTable, flagged: dict[str, list[str]], boxed: set[str]) -> str:
    columns: list[str] = []
    for row_cells in table.rows.values():
        columns += [c for c in row_cells if c not in columns]
    head = "".join(f"<th>{escape(c).replace('_', '_<wbr>')}</th>" for c in columns)
    body = []
    for row, row_cells in table.rows.items():
        label = table.row_labels.get(row, "")
        tds = "".join(_cell_td(f"{name}/{row}/{c}", row_cells.get(c), flagged, boxed) for c in columns)
        body.append(f'<tr><th class="key">{escape(row)}</th><td class="label">{escape(label)}</td>{tds}</tr>')
    title = TABLE_TITLES.get(name, name)
    return (f'<section class="table" id="table-{escape(name)}"><h2>{escape(title)}</h2>'
            f'<table class="grid"><thead><tr><th>row</th><th>label as printed</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></section>')


def _cell_td(path: str, cell: Cell | None, flagged: dict[str, list[str]], boxed: set[str]) -> str:
    if cell is None:
        return '<td class="absent"></td>'
    rules = flagged.get(path, [])
    classes = f"k-{cell.kind}" + (" flag" if rules else "")
    details = [path, f"kind {cell.kind}", f"value {cell.value}"]
    if cell.unit:
        details.append(f"unit {cell.unit}")
    if cell.page is not None:
        details.append(f"page {cell.page}")
    if getattr(cell, "confidence", None) is not None:  # OCR
        details.append(f"OCR confidence {cell.confidence:.2f}")
    if rules:
        details.append("findings " + ", ".join(rules))
    text = escape(cell.raw) if cell.raw else "&#8203;"
    if path in boxed:
        text = f'<a href="#{box_anchor(path)}">{text}</a>'
    rules_attr = f' data-rules="{escape(" ".join(rules))}"' if rules else ""
    return (f'<td id="{cell_anchor(path)}" class="{classes}" data-kind="{cell.kind}"{rules_attr} '
            f'title="{escape(" · ".join(details))}">{text}<small>{escape(short_key(path))}</small></td>')


def _css() -> str:
    kinds = "\n".join(
        f".k-{kind}{{background:{css_rgb(colour, 0.25)};box-shadow:inset 0 0 0 1px {css_rgb(colour)}}}"
        f".chip.k-{kind}{{border-color:{css_rgb(colour)}}}"
        for kind, colour in KIND_COLOURS.items()
    )
    red = css_rgb(FINDING_COLOUR)
    return f"""
body{{font:14px/1.4 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0 1em}}
h1{{font-size:1.3em}} h2{{font-size:1.1em}}
dl.meta{{display:grid;grid-template-columns:max-content auto;gap:0 1em;margin:0}}
dl.meta dt{{color:#555}} dl.meta dd{{margin:0;word-break:break-all}}
.legend .chip{{display:inline-block;padding:0 .5em;margin-right:.5em;border:2px solid transparent}}
.chip.flag{{border-color:{red}}}
#findings ol{{max-height:30vh;overflow:auto;margin:0}}
#findings li .rule{{color:{red}}} #findings .cells a{{margin-right:.6em}} #findings li:target{{background:#ffd}}
.panes{{display:flex;gap:1em;align-items:flex-start}}
.pane.grids{{flex-grow:1.4}} .pane{{flex:1 1 0;min-width:0;max-height:100vh;overflow:auto}}
.page{{position:relative}} .page img{{width:100%;height:auto;display:block;border:1px solid #ccc}}
.box{{position:absolute;display:block}} .box:hover{{outline:2px solid #000}}
.box:target{{outline:3px solid #000;outline-offset:2px}}
table.grid{{border-collapse:collapse;font-variant-numeric:tabular-nums;margin-bottom:1em}}
table.grid th,table.grid td{{border:1px solid #ccc;padding:2px 4px;text-align:right;vertical-align:top}}
table.grid{{font-size:13px}} table.grid th.key,table.grid td.label{{text-align:left;font-weight:normal}}
table.grid td.label{{min-width:12em}} table.grid th.key{{white-space:nowrap;color:#555;font-size:.85em}}
table.grid td small{{display:block;color:#666;font-size:.7em}}
table.grid td a{{color:inherit;text-decoration:none}}
table.grid td.flag{{outline:3px solid {red};outline-offset:-3px}}
table.grid td:target{{outline:3px solid #000;outline-offset:-3px}}
.note{{color:#a60}}
{kinds}
"""
