"""An index page over a ``convert`` output folder (contracts.md §1), linking to each report's view.

``write_index(convert_dir, out_dir)`` reads ``reports.jsonl`` (and ``errors.jsonl`` when present),
writes one inspection page per report from ``reports/<report_id>.json`` (with page images when one
of the entry's ``paths`` is still the same PDF, grids alone otherwise), and ``index.html``.

The index lists agency, year, template, status and finding counts. A small inline script sorts it
(click a column header) and filters it by finding rule and by text. Its state lives in the URL
fragment, so a view can be bookmarked, and a test can open ``index.html#rule=T4-1&sort=year&order=desc``:
``rule`` is a rule id, ``*`` (any finding) or ``-`` (none); ``q`` a text to match; ``sort`` a column
``data-key``; ``order`` ``asc`` or ``desc``. Hidden rows get the ``hidden`` attribute and
``#shown`` says how many rows are shown.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import regex
from pydantic import ValidationError

from ..errors import UnreadableInput
from ..model import AnnualReport
from .html_view import PAGE_SOURCES, ReportView, write_report_view
from .palette import FINDING_COLOUR, css_rgb
from .render import DEFAULT_RESOLUTION, resolve_source

REPORT_ID = regex.compile(r"[0-9a-f]{64}")
MAX_MEMBER_BYTES = 256 << 20  # a zip member larger than this is not copied out to draw its pages
# (data-key, header, numeric?) of the index columns, in order.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("file", "file", False), ("agency", "agency", False), ("year", "year", True),
    ("template", "template", False), ("source", "source", False), ("status", "status", False),
    ("pages", "pages", True), ("unreadable", "unreadable cells", True), ("error", "errors", True),
    ("warning", "warnings", True), ("info", "info", True), ("rules", "finding rules", True),
)


@dataclass
class IndexRow:
    """One line of the index: a converted report or a file convert could not read."""

    values: dict[str, str | int | None]
    rules: Counter = field(default_factory=Counter)
    href: str | None = None
    message: str | None = None


@dataclass
class IndexResult:
    index: Path
    views: list[Path]
    with_images: int


def is_convert_output(path: str | Path) -> bool:
    return (Path(path) / "reports.jsonl").is_file()


def write_index(convert_dir: str | Path, out_dir: str | Path | None = None,
                resolution: float = DEFAULT_RESOLUTION, images: bool = True) -> IndexResult:
    """Inspect every report of a convert output folder; write the index (default ``convert_dir/inspect``)."""
    convert_dir = Path(convert_dir)
    if not is_convert_output(convert_dir):
        raise UnreadableInput("not a convert output folder (no reports.jsonl)", str(convert_dir))
    target = Path(out_dir) if out_dir is not None else convert_dir / "inspect"
    target.mkdir(parents=True, exist_ok=True)
    rows, views, with_images = [], [], 0
    for entry in _read_jsonl(convert_dir / "reports.jsonl"):
        report_id = str(entry.get("report_id", ""))
        report, problem = _read_report(convert_dir, report_id)
        row = _report_row(entry, report)
        if report is None:
            row.values["status"], row.message = "no report JSON", problem
        else:
            view = _write_view(report, entry.get("paths") or [], convert_dir, target, resolution, images)
            views.append(view.html)
            with_images += bool(view.images)
            row.href = view.html.name
        rows.append(row)
    if (convert_dir / "errors.jsonl").is_file():
        rows += [_error_row(entry) for entry in _read_jsonl(convert_dir / "errors.jsonl")]
    index = target / "index.html"
    index.write_text(index_html(rows, title=f"govdisclose inspect · {convert_dir.name}"), encoding="utf-8")
    return IndexResult(index=index, views=views, with_images=with_images)


def _read_report(convert_dir: Path, report_id: str) -> tuple[AnnualReport | None, str | None]:
    """The saved report, or None and why not (a report id is a SHA-256, never a path)."""
    if not REPORT_ID.fullmatch(report_id):
        return None, f"report_id {report_id!r} is not a SHA-256"
    path = convert_dir / "reports" / f"{report_id}.json"
    if not path.is_file():
        return None, f"{path} is missing"
    try:
        return AnnualReport.model_validate_json(path.read_bytes()), None
    except ValidationError as error:
        return None, f"{path} is not a report JSON of this version ({error.error_count()} validation errors)"


def _write_view(report: AnnualReport, paths: list[str], convert_dir: Path, target: Path,
                resolution: float, images: bool) -> ReportView:
    with tempfile.TemporaryDirectory(prefix="govdisclose-inspect-") as scratch:
        drawable = images and report.meta.source in PAGE_SOURCES
        source = _find_source(report, paths, convert_dir, Path(scratch)) if drawable else None
        reason = None
        if drawable and source is None:
            images = False
            reason = "none of the recorded input paths is still the PDF this report was parsed from"
        return write_report_view(report, target, report.report_id, source=source, resolution=resolution,
                                 images=images, no_images_reason=reason, index_href="index.html")


def _read_jsonl(path: Path) -> list[dict]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise UnreadableInput(f"line {number} is not JSON ({error.msg})", str(path)) from error
    return entries


def _find_source(report: AnnualReport, paths: list[str], convert_dir: Path, scratch: Path) -> Path | None:
    """The first recorded input that is still the PDF the report was parsed from (same SHA-256).

    A zip member (``archive.zip!inside/report.pdf``, as convert records it) is copied to
    ``scratch`` first, when it is no larger than ``MAX_MEMBER_BYTES``.
    """
    for raw in paths:
        for candidate in _candidates(raw, convert_dir, scratch):
            try:
                return resolve_source(report, candidate)
            except UnreadableInput:  # moved, changed, or not a PDF
                continue
    return None


def _candidates(raw: str, convert_dir: Path, scratch: Path) -> Iterator[Path]:
    for path in (Path(raw), convert_dir.parent / raw):
        if path.is_file():
            yield path
    archive, separator, member = raw.partition("!")
    if separator and Path(archive).is_file() and zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as opened:
            for entry in opened.infolist():
                if member in _entry_names(entry) and entry.file_size <= MAX_MEMBER_BYTES:
                    target = scratch / "member.pdf"
                    with opened.open(entry) as stream, open(target, "wb") as copy:
                        shutil.copyfileobj(stream, copy)
                    yield target


def _entry_names(entry: zipfile.ZipInfo) -> set[str]:
    """The entry's name as stored and re-decoded as GB18030 (Chinese Windows archives)."""
    names = {entry.filename}
    try:
        names.add(entry.filename.encode("cp437").decode("gb18030"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return names


def _report_row(entry: dict, report: AnnualReport | None) -> IndexRow:
    meta = report.meta if report is not None else None
    severities = Counter(entry.get("findings_by_severity") or {})
    rules = Counter(entry.get("findings_by_rule") or {})
    kinds = Counter(entry.get("cells_by_kind") or {})
    if report is not None and not entry.get("findings_by_rule"):
        rules = Counter(f.rule for f in report.findings)
        severities = Counter(f.severity for f in report.findings)
    if report is not None and not entry.get("cells_by_kind"):
        kinds = Counter(record.kind for record in report.cells())
    values = {
        "file": entry.get("file_name") or (meta.file_name if meta else None),
        "agency": entry.get("agency") or (meta.agency if meta else None),
        "year": entry.get("year") or (meta.year if meta else None),
        "template": entry.get("template") or (meta.template if meta else None),
        "source": entry.get("source") or (meta.source if meta else None),
        "status": entry.get("status", "ok"),
        "pages": entry.get("page_count") or (meta.page_count if meta else None),
        "unreadable": kinds.get("unreadable", 0),
        "error": severities.get("error", 0), "warning": severities.get("warning", 0),
        "info": severities.get("info", 0),
    }
    return IndexRow(values=values, rules=rules)


def _error_row(entry: dict) -> IndexRow:
    path = str(entry.get("path", ""))
    values = {key: None for key, _, _ in COLUMNS}
    values.update(file=Path(path).name or path, status=str(entry.get("error", "error")))
    return IndexRow(values=values, message=str(entry.get("message", "")))


def index_html(rows: list[IndexRow], title: str = "govdisclose inspect") -> str:
    """The index page; see the module docstring for the URL fragment it understands."""
    rule_counts = Counter(rule for row in rows for rule in row.rules)
    options = ['<option value="">all reports</option>', '<option value="*">any finding</option>',
               '<option value="-">no finding</option>']
    options += [f'<option value="{escape(rule)}">{escape(rule)} ({n})</option>'
                for rule, n in sorted(rule_counts.items())]
    head = "".join(
        f'<th data-key="{key}" data-numeric="{int(numeric)}"><button type="button">{escape(label)}</button></th>'
        for key, label, numeric in COLUMNS
    ) + "<th>view</th>"
    body = "".join(_row_html(row) for row in rows)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{_CSS.replace("RED", css_rgb(FINDING_COLOUR))}</style></head><body>
<h1>{escape(title)}</h1>
<form id="filters" onsubmit="return false">
<label>finding rule <select id="rule">{"".join(options)}</select></label>
<label>text <input id="q" type="search" placeholder="agency, file…"></label>
<span id="shown">{len(rows)} of {len(rows)} reports</span>
</form>
<table id="reports"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<script>{_SCRIPT}</script>
</body></html>
"""


def _row_html(row: IndexRow) -> str:
    cells = []
    for key, _, _ in COLUMNS:
        if key == "rules":
            text = " ".join(f"{rule}×{n}" for rule, n in sorted(row.rules.items()))
            sort_value = str(sum(row.rules.values()))
        else:
            value = row.values.get(key)
            text = "" if value is None else str(value)
            sort_value = text
        classes = ' class="bad"' if key in ("error", "unreadable") and text not in ("", "0") else ""
        cells.append(f'<td data-key="{key}" data-sort="{escape(sort_value)}"{classes}>{escape(text)}</td>')
    if row.href:
        cells.append(f'<td><a class="view" href="{escape(row.href)}">inspect</a></td>')
    else:
        cells.append(f'<td class="message">{escape(row.message or "")}</td>')
    rules = " ".join(sorted(row.rules))
    status = escape(str(row.values.get("status")))
    return f'<tr data-rules="{escape(rules)}" data-status="{status}">{"".join(cells)}</tr>'


_CSS = """
body{font:14px/1.4 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:1em}
h1{font-size:1.3em} form{margin-bottom:.8em} form label{margin-right:1.2em}
table{border-collapse:collapse} th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}
th button{font:inherit;font-weight:bold;border:0;background:none;cursor:pointer;padding:0}
th[aria-sort=ascending] button::after{content:" ▲"} th[aria-sort=descending] button::after{content:" ▼"}
td.bad{color:RED;font-weight:bold} td.message{color:#a60} tr[data-status]:not([data-status=ok]) td{color:#a60}
"""

# Sorting and filtering; the state is the URL fragment (rule, q, sort, order), applied on load.
_SCRIPT = """
(function () {
  var table = document.getElementById('reports');
  var tbody = table.tBodies[0];
  var rule = document.getElementById('rule');
  var q = document.getElementById('q');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(tbody.rows);
  var state = {rule: '', q: '', sort: '', order: 'asc'};

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.rule = params.get('rule') || '';
    state.q = params.get('q') || '';
    state.sort = params.get('sort') || '';
    state.order = params.get('order') === 'desc' ? 'desc' : 'asc';
  }
  function writeHash() {
    var params = new URLSearchParams();
    ['rule', 'q', 'sort'].forEach(function (k) { if (state[k]) params.set(k, state[k]); });
    if (state.sort) params.set('order', state.order);
    history.replaceState(null, '', '#' + params.toString());
  }
  function cellValue(row, key, numeric) {
    var cell = row.querySelector('td[data-key="' + key + '"]');
    var text = cell ? cell.getAttribute('data-sort') : '';
    if (!numeric) return text;
    return text === '' ? -Infinity : Number(text);
  }
  function apply() {
    rule.value = state.rule;
    if (rule.value !== state.rule) rule.value = '';
    q.value = state.q;
    var needle = state.q.toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var rules = row.getAttribute('data-rules');
      var list = rules ? rules.split(' ') : [];
      var ok = state.rule === '' || (state.rule === '*' ? list.length > 0 :
               state.rule === '-' ? list.length === 0 : list.indexOf(state.rule) >= 0);
      if (ok && needle) ok = row.textContent.toLowerCase().indexOf(needle) >= 0;
      row.hidden = !ok;
      if (ok) count += 1;
    });
    var headers = table.tHead.rows[0].cells;
    var sorted = rows.slice();
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute('aria-sort');
    var header = state.sort ? table.tHead.querySelector('th[data-key="' + state.sort + '"]') : null;
    if (header) {
      var numeric = header.getAttribute('data-numeric') === '1';
      var sign = state.order === 'desc' ? -1 : 1;
      sorted.sort(function (a, b) {
        var x = cellValue(a, state.sort, numeric), y = cellValue(b, state.sort, numeric);
        if (numeric) return sign * (x - y) || 0;
        return sign * String(x).localeCompare(String(y), 'zh');
      });
      header.setAttribute('aria-sort', state.order === 'desc' ? 'descending' : 'ascending');
    }
    sorted.forEach(function (row) { tbody.appendChild(row); });
    shown.textContent = count + ' of ' + rows.length + ' reports';
  }
  rule.addEventListener('change', function () { state.rule = rule.value; writeHash(); apply(); });
  q.addEventListener('input', function () { state.q = q.value; writeHash(); apply(); });
  table.tHead.addEventListener('click', function (event) {
    var header = event.target.closest('th[data-key]');
    if (!header) return;
    var key = header.getAttribute('data-key');
    state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = key;
    writeHash();
    apply();
  });
  window.addEventListener('hashchange', function () { readHash(); apply(); });
  readHash();
  apply();
})();
"""
