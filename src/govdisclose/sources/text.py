"""Plain text and markdown: lines as text, tab- or pipe-separated rows as grids.

Contract: ``read_text(path, data)`` decodes UTF-8 (with or without BOM) or GB18030, keeps
crawler header fields (``标题:`` …) in ``Document.info``, turns consecutive tab-separated or
markdown pipe rows into one ``Grid`` and every other non-empty line into a ``TextLine``.
Line numbers (1-based) stand in for pages' boxes in ``Span.path`` as ``line N``.

Three more dump shapes are undone here: a body printed as one long line (crawler dumps) is
split into lines by ``flat_text.split_flat_text`` (paths ``line N col C``); a ``pdftotext
-layout`` line whose cells are separated by runs of spaces keeps each cell as one word; and a
table printed one cell per line has its value lines joined onto the label line above them.

In a layout dump (``is_layout``) every word gets a box in character columns, so tables are
placed under their headers as on borderless PDFs (``mapping/columns.py``): ``x0`` is the word's
character offset in its line (pdftotext puts every character, wide or narrow, in one column of
its grid, so columns line up by offset), ``x1`` is ``x0`` plus its display width (East Asian
wide and fullwidth characters count 2: a CJK header is drawn twice as wide as the columns its
characters take in the grid), ``top``/``bottom`` are the line number and the next; ``page`` is
None. Other dumps keep words without boxes and their values are counted.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import regex

from ..document import Document, Grid, Span, TextLine
from ..errors import CorruptDocument
from ..normalize import split_as_simplified, to_simplified
from .flat_text import is_flat_body, separate_values, split_flat_text

# Crawler dump header fields → Document.info keys.
HEADER_FIELDS: dict[str, str] = {
    "标题": "title", "发布时间": "published", "发布机构": "publisher", "原文链接": "url",
}
BODY_MARKER = regex.compile(r"^=+\s*正文\s*=+$")
PIPE_SEPARATOR = regex.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
HTML_TAG = regex.compile(r"</?[a-zA-Z][^>]*>")
MARKDOWN_HEADING = regex.compile(r"^#{1,6}\s*")
# A table row whose digits are glued to its label (``行政规范性文件8855698``): no sentence marks.
GLUED_ROW = regex.compile(r"^[^。；;]{0,80}[\p{Han}）)”]\d{3,}(?:\.\d+)?$")
# Once a dump glues rows, a short row may carry one digit (``行政强制5``) or spaced values.
GLUED_SHORT_ROW = regex.compile(
    r"^[^。；;]{0,80}[\p{Han}）)”]\d+(?:\.\d+)?(?:万元|元)?(?:\s+[\d./／—-]+(?:万元|元)?)*$"
)
# ``Document.info`` key saying the dump flattens its tables.
FLATTENED_KEY = "flattened_tables"
# pdftotext -layout: cells are separated by two or more spaces (or an ideographic space).
LAYOUT_GAP = regex.compile(r"[ \u3000]{2,}|\u3000")
# A layout cell: characters without a gap inside (single ASCII spaces allowed).
LAYOUT_CELL = regex.compile(r"[^ \u3000\t]+(?: [^ \u3000\t]+)*")
# A layout dump has at least this many lines with two cells or more apart by a gap.
MIN_LAYOUT_LINES = 5
# A cell of values printed with single spaces between them (``0 1 1 0 2``).
VALUE_GROUP = regex.compile(r"^[\d.,/／—\- ]+$")
# A line holding one value cell only (tables printed one cell per line).
# (``无`` is left out: under a heading it is the section's text.)
SINGLE_VALUE = regex.compile(r"^(?:[-−]?\d[\d,]*(?:\.\d+)?(?:万元|元)?|/|／|—|——|-|－)$")
# A line that ends a sentence does not take the value lines below it.
SENTENCE_END = ("。", "；", ";", "！", "？", "：", ":")


def decode(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptDocument("the text file is neither UTF-8 nor GB18030", path)


def read_text(path: Path, data: bytes) -> Document:
    text = decode(data, str(path))
    info, body = _split_header(text.splitlines())
    blocks: list[TextLine | Grid] = []
    pending_rows: list[list[Span | None]] = []

    def flush() -> None:
        if pending_rows:
            blocks.append(Grid(rows=_padded(pending_rows), engine="text"))
            pending_rows.clear()

    lines = _unflattened(body)
    if any(isinstance(number, str) for number, _ in lines) or any(GLUED_ROW.match(line) for _, line in lines):
        info[FLATTENED_KEY] = "yes"  # the tables' digits may run together (mapping/flattened.py)
    layout = not info.get(FLATTENED_KEY) and is_layout([line for _, line in lines])
    for number, line in lines:
        cells = _row_cells(line)
        if cells is not None:
            if cells:  # separator rows give [] and are skipped
                pending_rows.append([Span(cell, path=f"line {number}") for cell in cells])
            continue
        flush()
        cleaned = _clean_line(line)
        if not cleaned:
            continue
        if (GLUED_SHORT_ROW if info.get(FLATTENED_KEY) else GLUED_ROW).match(cleaned):
            cleaned = separate_values(cleaned)
        boxed = _boxed_words(line, number) if layout else None
        words = boxed if boxed is not None else [Span(w, path=f"line {number}") for w in _words(cleaned)]
        previous = blocks[-1] if blocks else None
        if SINGLE_VALUE.match(cleaned) and isinstance(previous, TextLine) and _takes_values(previous):
            previous.text = f"{previous.text} {cleaned}"  # one cell per line: a value of the row above
            previous.words.extend(words)
            continue
        blocks.append(TextLine(cleaned, words=words))
    flush()
    return Document(source="text", blocks=blocks, page_count=None, info=info)


def _unflattened(body: list[tuple[int, str]]) -> list[tuple[int | str, str]]:
    """Body lines, with a whole body printed on one line split into its lines (``N col C``)."""
    lines: list[tuple[int | str, str]] = []
    for number, line in body:
        if is_flat_body(line) or is_flat_body(to_simplified(line)):  # rules in simplified characters
            pieces = split_as_simplified(split_flat_text, line)
            lines.extend((f"{number} col {offset + 1}", piece) for offset, piece in pieces)
        else:
            lines.append((number, line))
    return lines


def _words(line: str) -> list[str]:
    """Words of a line; a layout line (cells apart by runs of spaces) gives one word per cell,
    a cell of single-spaced values one word per value."""
    if not LAYOUT_GAP.search(line):
        return line.split()
    words = []
    for cell in LAYOUT_GAP.split(line):
        cell = cell.strip()
        if cell:
            words.extend(cell.split() if VALUE_GROUP.match(cell) else [cell])
    return words


def is_layout(lines: list[str]) -> bool:
    """Whether a dump is ``pdftotext -layout`` text: ``MIN_LAYOUT_LINES`` lines or more print
    two cells or more apart by a run of spaces (tab or pipe rows are grids, not layout lines)."""
    gapped = sum(1 for line in lines if _row_cells(line) is None
                 and len(LAYOUT_CELL.findall(line)) >= 2)
    return gapped >= MIN_LAYOUT_LINES


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced grid: East Asian wide and fullwidth count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _boxed_words(line: str, number: int | str) -> list[Span] | None:
    """The words of a layout line as ``_words`` splits them, each boxed in character columns
    (module docstring). None for a line with markup (its offsets are not the printed ones) and
    for words apart by single spaces (``结果 结果 其他``, ``结 其``: pdftotext squeezed those
    columns, so their offsets do not line up with the rows'); values apart by single spaces are
    boxed one by one."""
    if not isinstance(number, int) or HTML_TAG.search(line) or MARKDOWN_HEADING.match(line.strip()):
        return None
    if LAYOUT_GAP.search(line.strip()):
        pieces = []
        for cell in LAYOUT_CELL.finditer(line):
            if VALUE_GROUP.match(cell.group()):  # single-spaced values: one word each
                pieces += [(cell.start() + value.start(), value.group())
                           for value in regex.finditer(r"\S+", cell.group())]
            elif " " in cell.group():
                return None  # ``结 其``: words squeezed into one cell
            else:
                pieces.append((cell.start(), cell.group()))
    else:  # one word (a header piece, a value): words apart by single spaces are squeezed, not laid out
        pieces = [(piece.start(), piece.group()) for piece in regex.finditer(r"\S+", line)]
        if len(pieces) > 1:
            return None
    return [Span(text, bbox=(float(start), float(number), float(start + display_width(text)), float(number + 1)),
                 path=f"line {number}") for start, text in pieces]


def _takes_values(line: TextLine) -> bool:
    """Whether a value printed on its own line continues ``line`` (a label or values, not prose)."""
    return not line.text.rstrip().endswith(SENTENCE_END)


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Crawler dumps start with ``字段: 值`` lines up to a ``=== 正文 ===`` marker."""
    numbered = list(enumerate(lines, start=1))
    for index, (_, line) in enumerate(numbered):
        if BODY_MARKER.match(line.strip()):
            info = {}
            for _, header in numbered[:index]:
                name, _, value = header.partition(":")
                key = HEADER_FIELDS.get(name.strip())
                if key and value.strip():
                    info[key] = iso_date(value.strip()) if key == "published" else value.strip()
            return info, numbered[index + 1:]
    return {}, numbered


DATE = regex.compile(r"^(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})日?")


def iso_date(text: str) -> str:
    """``2023-02-20 15:07`` or ``2023年2月20日`` → ``2023-02-20``; other text is kept as given."""
    match = DATE.match(text)
    return f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}" if match else text


def _row_cells(line: str) -> list[str] | None:
    """Cells of a table row (tabs or markdown pipes), [] for a separator row, None for prose."""
    stripped = line.strip()
    if PIPE_SEPARATOR.match(stripped) and "-" in stripped:
        return []
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]  # one outer pipe each side
        return [_clean_cell(c) for c in inner.split("|")]
    if "\t" in line.strip("\n") and len([c for c in line.split("\t") if c.strip()]) >= 2:
        return [_clean_cell(c) for c in line.rstrip("\r\n").split("\t")]
    return None


def _padded(rows: list[list[Span]]) -> list[list[Span | None]]:
    """Rows of one grid padded with empty cells to the widest row.

    A row printed without its trailing empty cells keeps its width this way, so a missing cell
    makes the row ambiguous (and unreadable) instead of shifting its values.
    """
    width = max(len(row) for row in rows)
    return [row + [Span("", path=row[0].path)] * (width - len(row)) for row in rows]


def _clean_cell(cell: str) -> str:
    return HTML_TAG.sub("", cell).replace("&nbsp;", " ").strip()


def _clean_line(line: str) -> str:
    line = HTML_TAG.sub(" ", line)
    line = MARKDOWN_HEADING.sub("", line.strip())
    return line.strip()
