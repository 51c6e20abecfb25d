"""Plain text and markdown: lines as text, tab- or pipe-separated rows as grids.

Contract: ``read_text(path, data)`` decodes UTF-8 (with or without BOM) or GB18030, keeps
crawler header fields (``标题:`` …) in ``Document.info``, turns consecutive tab-separated or
markdown pipe rows into one ``Grid`` and every other non-empty line into a ``TextLine``.
Line numbers (1-based) stand in for pages' boxes in ``Span.path`` as ``line N``.
"""

from __future__ import annotations

from pathlib import Path

import regex

from ..document import Document, Grid, Span, TextLine
from ..errors import CorruptDocument

# Crawler dump header fields → Document.info keys.
HEADER_FIELDS: dict[str, str] = {
    "标题": "title", "发布时间": "published", "发布机构": "publisher", "原文链接": "url",
}
BODY_MARKER = regex.compile(r"^=+\s*正文\s*=+$")
PIPE_SEPARATOR = regex.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
HTML_TAG = regex.compile(r"</?[a-zA-Z][^>]*>")
MARKDOWN_HEADING = regex.compile(r"^#{1,6}\s*")


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

    for number, line in body:
        cells = _row_cells(line)
        if cells is not None:
            if cells:  # separator rows give [] and are skipped
                pending_rows.append([Span(cell, path=f"line {number}") for cell in cells])
            continue
        flush()
        cleaned = _clean_line(line)
        if cleaned:
            blocks.append(TextLine(cleaned, words=[Span(w, path=f"line {number}") for w in cleaned.split()]))
    flush()
    return Document(source="text", blocks=blocks, page_count=None, info=info)


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
                    info[key] = value.strip()
            return info, numbered[index + 1:]
    return {}, numbered


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
