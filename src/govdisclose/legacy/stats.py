"""The appended legacy statistics table → ``LegacyStatTable`` (rows = indicator keys).

Three printed shapes are read into the same ``PrintedRow`` list:
  * grids (ruled PDF tables, HTML tables, pipe rows): header row names the columns;
  * lines or one joined line, where each row is ``label unit value [value …]``; values separated
    by spaces are one per column, a glued digit run (``294981916``) is cut only where
    ``digits.segmentations`` and the evidence (prose facts, sums of sub-items) leave one reading.
Rows are keyed by ``catalogue.legacy.INDICATORS``; an unknown label keeps its squeezed text as key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..catalogue.legacy import (
    COLUMN_HEADERS,
    INDICATORS,
    LABEL_HEADERS,
    MONEY_UNITS,
    UNIT_HEADERS,
    UNITS,
    sum_layouts,
)
from ..document import Document, Grid, Span
from ..mapping.values import read_value
from ..model import Cell, Finding, LegacyStatTable
from ..normalize import clean_text, label_key
from .digits import segmentations
from .stream import TextStream

TABLE = "legacy_stats"
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_COLUMN_WORD = r"(?:(?:19|20)\d{2}年度?|" + "|".join(sorted(COLUMN_HEADERS, key=len, reverse=True)) + ")"
TEXT_HEADER = regex.compile(
    rf"(?P<label>{'|'.join(LABEL_HEADERS)})\s*(?P<unit>{'|'.join(sorted(UNIT_HEADERS, key=len, reverse=True))})"
    rf"(?P<columns>(?:\s*{_COLUMN_WORD})+)"
)
COLUMN_WORD = regex.compile(_COLUMN_WORD)
# One printed row: label, unit glued or spaced, then values (spaces between values keep columns).
TEXT_ROW = regex.compile(
    rf"\s*(?P<label>(?s:.{{1,80}}?))\s*(?P<unit>{_UNIT})\s*"
    r"(?P<values>(?:\d+(?:[.,]\d+)*|[/／—\-]|无)(?:[ \t]+(?:\d+(?:[.,]\d+)*|[/／—\-]|无))*)"
)
# A group heading row printed as text: label and two dashes (unit, value), no digits in the label.
GROUP_ROW = regex.compile(r"\s*[^\d\n]{1,60}?\s*(?:——|—|--?)\s*(?:——|—|--?)(?=\s|\p{Han}|[（(]|$)")
LIST_MARKER = regex.compile(r"^(?:其中[:：]?)?\s*(?:[（(]?\d{1,2}[)）、.．]|[（(][一二三四五六七八九十]+[)）])?\s*")
NOTE = regex.compile(r"[（(][^）)]*[）)]")


@dataclass
class PrintedRow:
    label: str
    unit: str | None
    raws: list[str]  # one per value column; empty when ``run`` holds a glued digit run
    run: str | None = None
    spans: list[Span | None] = field(default_factory=list)
    page: int | None = None
    context: str = ""  # a merged group label printed left of the label (一、主动公开情况)
    # Digit strings the run may hold when the next item's number is glued to it and more than one
    # cut-off is possible (``run`` then keeps every printed digit but the last); () = ``run`` itself.
    readings: tuple[str, ...] = ()


def header_key(header: str, year: int | None) -> str | None:
    key = label_key(header)
    year_match = regex.fullmatch(r"((?:19|20)\d{2})年度?", key)
    if year_match:
        return "current_year" if year and int(year_match[1]) == year else f"year_{year_match[1]}"
    return COLUMN_HEADERS.get(key)


def label_slug(label: str) -> str:
    """The label without list markers, notes, spaces or punctuation: the key of unknown rows."""
    return label_key(NOTE.sub("", LIST_MARKER.sub("", clean_text(label))))


def indicator_key(label: str, group: str | None) -> str | None:
    """The catalogue key whose longest variant occurs in the label (list markers and notes dropped);
    variants limited to a ``parent`` group count only within that group."""
    key = label_slug(label)
    best: tuple[int, str] | None = None
    for indicator in INDICATORS:
        if indicator.parent and indicator.parent != group:
            continue
        for variant in indicator.variants:
            if variant in key and (best is None or len(variant) > best[0]):
                best = (len(variant), indicator.key)
    return best[1] if best else None


# ----------------------------------------------------------------------------------- finding rows

def rows_from_grids(document: Document, year: int | None) -> tuple[list[tuple[str, str]], list[PrintedRow]]:
    """Columns ``[(key, header)]`` and rows of the first grid whose header names a legacy table
    (one with a unit column first: 项目 | 数量 tables in the prose are not the statistics table),
    with the headerless grids of the same width that continue it (page breaks) before any prose."""
    found = list(_grid_tables(document, year))
    with_units = [(columns, printed) for columns, printed, has_unit in found if has_unit]
    without = [(columns, printed) for columns, printed, _ in found]
    return (with_units or without or [([], [])])[0]


def _grid_tables(document: Document, year: int | None):
    """Every grid whose header names legacy columns: (columns, rows, has a unit column)."""
    for position, block in enumerate(document.blocks):
        if not isinstance(block, Grid):
            continue
        for index, row in enumerate(block.rows):
            texts = [label_key(c.text) if c else "" for c in row]
            if not any(t in LABEL_HEADERS for t in texts):
                continue
            unit_index = next((i for i, t in enumerate(texts) if t in UNIT_HEADERS), None)
            columns = [(i, header_key(row[i].text, year), clean_text(row[i].text)) for i in range(len(row))
                       if row[i] and header_key(row[i].text, year)]
            if not columns:
                continue
            first_value = min(i for i, _, _ in columns)
            label_end = unit_index if unit_index is not None else first_value
            printed = []
            for data in block.rows[index + 1:] + _continuation_rows(document, position, len(row)):
                labels = [_one_line(c.text) for c in data[:label_end] if c and c.text.strip()]
                if not labels:
                    continue
                label, context = labels[-1], "".join(labels[:-1])
                unit = _one_line(data[unit_index].text) if unit_index is not None and data[unit_index] else None
                spans = [data[i] if i < len(data) else None for i, _, _ in columns]
                if _is_group_heading(unit, spans):
                    continue
                printed.append(PrintedRow(label, unit or None, [s.text if s else "" for s in spans], None,
                                          spans, block.page, context))
            yield [(key, header) for _, key, header in columns], printed, unit_index is not None
            break


def _one_line(text: str) -> str:
    """A cell's text with the line breaks of wrapped Chinese removed."""
    return clean_text(regex.sub(r"\s*\n\s*", "", text))


def _continuation_rows(document: Document, position: int, width: int) -> list[list[Span | None]]:
    rows: list[list[Span | None]] = []
    for block in document.blocks[position + 1:]:
        if isinstance(block, Grid):
            if len(block.rows[0]) != width or any(
                c and label_key(c.text) in LABEL_HEADERS for c in block.rows[0]
            ):
                break
            rows += block.rows
        elif "。" in block.text:
            break
    return rows


def _is_group_heading(unit: str | None, spans: list[Span | None]) -> bool:
    """A row with no unit and no value (blank or a dash) heads a group of rows."""
    empty = {"", "—", "——", "-", "/"}
    return (unit or "") in empty and all((s.text.strip() if s else "") in empty for s in spans)


def rows_from_text(
    stream: TextStream, year: int | None,
) -> tuple[list[tuple[str, str]], list[PrintedRow], int, int]:
    """Columns, rows and the offsets where the table starts and ends in the joined text (-1 if none)."""
    header = TEXT_HEADER.search(stream.text)
    if not header:
        return [], [], -1, -1
    columns = []
    for word in COLUMN_WORD.findall(header["columns"]):
        key = header_key(word, year)
        if key:
            columns.append((key, word))
    printed: list[PrintedRow] = []
    position = header.end()
    marker = 0  # the last list marker number seen (其中：1、… 2、…), to cut it off a glued run
    while True:
        group = GROUP_ROW.match(stream.text, position)
        if group:
            position = group.end()
            continue
        match = TEXT_ROW.match(stream.text, position)
        if not match:
            break
        label = regex.sub(r"\s*\n\s*", "", match["label"]).strip()
        marker_match = regex.match(r"^(?:其中[:：]?)?\s*(\d{1,2})[、.．]", label)
        if marker_match:
            marker = int(marker_match[1])
        values = match["values"]
        end = match.end()
        readings: tuple[str, ...] = ()
        if regex.match(r"\s*[、.．]\p{Han}", stream.text[end:end + 4]) and regex.fullmatch(r"\d+", values):
            # the next item's number is glued to this run (``171350172.政府公报`` = 17135017 | 2.)
            readings = _without_next_marker(values, int(marker_match[1]) if marker_match else None, marker)
            if len(readings) == 1:
                end -= len(values) - len(readings[0])
                values, readings = readings[0], ()
            else:  # the item number's digits cannot be told from the values': read the candidates
                end -= 1
                values = values[:-1]
        rest = _label_rest(stream.text, end) if label.count("（") > label.count("）") else None
        if rest:
            label += rest.group(1)
            end = rest.end()
        raws = values.split()
        page = stream.page_at(match.start("values"))
        span = Span(values, page=page, path=stream.path_at(match.start("values")))
        if len(raws) == len(columns) and not readings:
            printed.append(PrintedRow(label, match["unit"], raws, None, [span] * len(raws), page))
        else:  # one glued run, or spaced values that do not match the columns (cut: never)
            run = raws[0] if len(raws) == 1 else values
            printed.append(PrintedRow(label, match["unit"], [], run, [span] * len(columns), page,
                                      readings=readings))
        position = end
    return columns, printed, header.start(), position


MAX_ITEM_NUMBER = 99  # an unknown list's next item number: one or two digits


def _without_next_marker(run: str, own: int | None, last: int) -> tuple[str, ...]:
    """The digit strings ``run`` may hold once the next item's number is cut off its end.

    The next number is ``own + 1`` after an item ``own.``; after an unnumbered row it continues
    the last list (``last + 1``) or starts one (``1``). When none of these ends the run, every
    item number (1–99) that does is a candidate: a run ending in ``35`` may end with item 5 or 35,
    so an unknown list yields a cut only when one number alone fits (``…05``: item 5).
    """
    expected = [own + 1] if own is not None else list(dict.fromkeys([last + 1, 1]))

    def ends(n: int) -> bool:
        return run.endswith(str(n)) and len(run) > len(str(n))

    numbers = [n for n in expected if ends(n)] or [n for n in range(1, MAX_ITEM_NUMBER + 1) if ends(n)]
    return tuple(run[: -len(str(n))] for n in numbers)


def _label_rest(text: str, position: int) -> regex.Match | None:
    """The end of a wrapped label printed on the line after its values (``情计1次）``)."""
    return regex.compile(r"[ \t]*\n[ \t]*([^（）\n]{1,40}）)(?=\s|$)").match(text, position)


# ------------------------------------------------------------------------------------ the table

def build_table(
    columns: list[tuple[str, str]], printed: list[PrintedRow], facts: dict[str, int | float],
) -> tuple[LegacyStatTable, list[Finding]]:
    """Key the rows, read every value (cutting glued runs only where certain) and check sums."""
    table = LegacyStatTable(column_headers={key: header for key, header in columns})
    column_keys = [key for key, _ in columns]
    findings: list[Finding] = []
    group: str | None = None
    pending: dict[str, tuple[PrintedRow, list[tuple]]] = {}
    for row in printed:
        context = indicator_key(row.context, None) if row.context else None
        if context:
            group = context.split(".")[0]
        key = indicator_key(row.label, group)
        if key:
            group = key.split(".")[0]
        row_key = _unique(key or label_slug(row.label) or "row", table.rows)
        table.row_labels[row_key] = row.label
        if row.unit:
            table.units[row_key] = row.unit
        money = MONEY_UNITS.get(row.unit or "")
        if row.run is None:
            table.rows[row_key] = {
                column: _cell(raw, span, row.page, money, row.unit)
                for column, raw, span in zip(column_keys, row.raws, row.spans, strict=False)
            }
        else:
            table.rows[row_key] = {}
            cuts = [cut for run in row.readings or (row.run,) for cut in segmentations(run, column_keys)]
            pending[row_key] = (row, list(dict.fromkeys(cuts)))
    known = {
        key: tuple(cell.value for cell in cells.values()) for key, cells in table.rows.items()
        if key not in pending and len(cells) == len(column_keys) and all(c.kind == "number" for c in cells.values())
    }
    findings += _resolve_runs(table, column_keys, pending, facts, known)
    findings += _sum_findings(table, column_keys)
    return table, findings


def _cell(raw: str, span: Span | None, page: int | None, money: str | None, unit: str | None) -> Cell:
    """A printed value; a count may repeat its row's unit (``57件``), money units are read as such."""
    text = raw.strip()
    if unit and not money and text.endswith(unit) and len(text) > len(unit):
        text = text[: -len(unit)]
    reading = read_value(text, money)
    return Cell(value=reading.value, kind=reading.kind, raw=raw.strip(), unit=reading.unit or money,
                page=span.page if span and span.page else page, bbox=span.page_bbox if span else None,
                path=span.path if span else None)


def _unique(key: str, rows: dict) -> str:
    candidate, n = key, 2
    while candidate in rows:
        candidate, n = f"{key}.{n}", n + 1
    return candidate


def _resolve_runs(
    table: LegacyStatTable, columns: list[str], pending: dict, facts: dict, known: dict,
) -> list[Finding]:
    """Fix each glued run with one surviving cut; evidence narrows the others, repeatedly."""
    how: dict[str, str] = {}
    fixed: dict[str, tuple] = dict(known)
    for row_key, (_, cuts) in pending.items():
        if len(cuts) == 1:
            fixed[row_key], how[row_key] = cuts[0], "only cut"
    changed = True
    while changed:
        changed = False
        for row_key, (_, cuts) in pending.items():
            if row_key in fixed:
                continue
            for reason, expected in _evidence(row_key, columns, fixed, facts, set(table.rows)):
                narrowed = [cut for cut in cuts if expected(cut)]
                if len(narrowed) == 1:
                    fixed[row_key], how[row_key] = narrowed[0], reason
                    changed = True
                    break
    findings = []
    for row_key, (row, cuts) in pending.items():
        money = MONEY_UNITS.get(row.unit or "")
        span = row.spans[0] if row.spans else None
        path = f"{TABLE}/{row_key}"
        if row_key in fixed:
            for column, value in zip(columns, fixed[row_key], strict=False):
                table.rows[row_key][column] = Cell(value=value, kind="number", raw=row.run, unit=money,
                                                   page=span.page if span else row.page,
                                                   path=span.path if span else None)
            if how[row_key] != "only cut":
                findings.append(Finding(
                    rule="LEGACY-DIGITS", severity="info",
                    message=f"glued digits {row.run!r} of {row.label!r} cut as "
                            f"{' | '.join(map(str, fixed[row_key]))} by {how[row_key]}",
                    cells=[f"{path}/{c}" for c in columns]))
            continue
        for column in columns:
            table.rows[row_key][column] = Cell(value=None, kind="unreadable", raw=row.run,
                                               page=span.page if span else row.page,
                                               path=span.path if span else None)
        listed = "; ".join(" | ".join(map(str, cut)) for cut in cuts[:8]) or "none"
        findings.append(Finding(
            rule="UNREADABLE", severity="error",
            message=f"glued digits {row.run!r} of {row.label!r} have {len(cuts)} possible readings "
                    f"({' | '.join(columns)}): {listed}",
            cells=[f"{path}/{c}" for c in columns]))
    return findings


def _evidence(row_key: str, columns: list[str], fixed: dict, facts: dict, printed: set[str]):
    """(reason, test) pairs that a cut of ``row_key`` must pass, from what is already known."""
    if row_key in facts and "current_year" in columns:
        index = columns.index("current_year")
        yield "the number stated in the prose", lambda cut, v=facts[row_key]: cut[index] == v
    width = range(len(columns))
    for parent, children in sum_layouts(printed):
        if row_key == parent and all(c in fixed for c in children):
            total = tuple(sum(fixed[c][i] for c in children) for i in width)
            yield "the sum of its sub-items", lambda cut, t=total: cut == t
        others = [c for c in children if c != row_key]
        if row_key in children and parent in fixed and all(c in fixed for c in others):
            rest = tuple(fixed[parent][i] - sum(fixed[c][i] for c in others) for i in width)
            yield "its total minus the other sub-items", lambda cut, r=rest: cut == r


def _sum_findings(table: LegacyStatTable, columns: list[str]) -> list[Finding]:
    """A warning where printed sub-items do not add up to their printed total (values unchanged)."""
    findings = []
    for parent, children in sum_layouts(set(table.rows)):
        for column in columns:
            if column == "code":
                continue
            total = table.get(parent, column)
            parts = [table.get(c, column) for c in children]
            if not total or total.kind != "number" or any(p is None or p.kind != "number" for p in parts):
                continue
            actual = sum(p.value for p in parts)
            if round(actual, 6) != total.value:
                findings.append(Finding(
                    rule="LEGACY-SUM", severity="warning",
                    message=f"{parent} {column}: sub-items add up to {actual}, the total is {total.value}",
                    cells=[f"{TABLE}/{parent}/{column}"] + [f"{TABLE}/{c}/{column}" for c in children],
                    expected=total.value, actual=actual))
    return findings
