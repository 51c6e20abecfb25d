"""HTML pages through lxml: the report body found inside the site chrome, tables as grids.

Contract: ``read_html(path, data)`` returns a ``Document`` with ``source="html"``.

- Decoding: a byte-order mark wins; else the charset a ``<meta charset>`` or ``http-equiv``
  tag declares in the first 4 KB, then UTF-8, then GB18030 (a superset of GBK and GB2312); the
  first that decodes the whole page strictly and yields Han text is used (``info["encoding"]``).
- Parsing: ``lxml.html.HTMLParser(no_network=True)`` on the decoded text. libxml2's HTML parser
  reads no DTD: a page's ``<!ENTITY>`` declarations are ignored and only the fixed HTML entity
  names (``&nbsp;`` …) are replaced, so nothing is expanded or fetched. Scripts, styles, forms'
  controls and hidden elements are skipped.
- Body: the report is found inside the site chrome (menus, breadcrumbs, footers, related links)
  by descending from ``<body>`` into the child that keeps most of the Chinese text outside links
  and every report anchor word (``BODY_SHARE``, ``ANCHOR_WORDS``); a title line standing just
  before that block (``TITLE``) is put in front. Publication date, publisher and URL come from
  ``<meta>`` tags and ``发布时间：``-style lines of the chrome (``INFO_PATTERNS``).
- Tables: a data table becomes a ``Grid`` with rowspan/colspan expanded: a merged cell's text is
  in its top-left slot, the other slots it covers are ``None`` (as pdfplumber gives merged cells).
  ``&nbsp;`` and whitespace-only cells are blank (``""``). A layout table (nested tables, one
  column, or page-sized cells) is not data: its cells are read as ordinary blocks.
- Text: every block element (``<p>``, ``<div>``, headings, list items, cells of layout tables)
  and every ``<br>`` ends a ``TextLine``.
- Provenance: ``Span.path`` and ``TextLine.path`` are lxml's ``getpath()`` of the element (a cell,
  or the block holding the line), an XPath such as ``/html/body/div[2]/table[1]/tr[5]/td[3]``
  that selects it in ``lxml.html.parse(file)``.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import regex
from lxml import etree

from ..document import Block, Document, Grid, Span, TextLine
from ..errors import CorruptDocument, ExtractionFailed

# --------------------------------------------------------------------------- heuristics as data

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
DECLARED_CHARSET = regex.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", flags=regex.I)
# Declared names read with a wider codec: GB18030 decodes everything GBK and GB2312 pages hold.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                   "cp936": "gb18030", "utf8": "utf-8"}
FALLBACK_CHARSETS = ("utf-8", "gb18030")
CHARSET_SNIFF_BYTES = 4096

# Elements whose content is never report text.
SKIP_TAGS = frozenset({
    "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "math", "canvas", "video", "audio", "map", "select", "option", "textarea", "button", "input",
})
HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", flags=regex.I)
# Elements that start and end a line of text.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre", "center",
    "form", "fieldset", "legend", "address", "figure", "figcaption", "hr", "caption", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th",
})
CELL_TAGS = ("td", "th")

# Body finding: descend into a child while it keeps this share of the Chinese text outside
# links, and every occurrence of each anchor word (words only the report body prints).
BODY_SHARE = 0.6
ANCHOR_WORDS: tuple[str, ...] = (
    "总体情况", "主动公开政府信息情况", "申请人情况", "信息内容", "结果维持", "其他需要报告",
)
# A title line: a year, 信息公开 and 报告, short, no breadcrumb or sentence punctuation.
TITLE = regex.compile(r"(?:19|20)\d{2}.{0,40}信息公开.{0,20}报告|信息公开.{0,20}报告.{0,8}(?:19|20)\d{2}")
NOT_TITLE = regex.compile(r"当前位置|您的位置|[>＞»›，。：:]")
TITLE_MAX_CHARS = 80
TITLE_LOOKAHEAD = 30  # the body's first blocks that may already hold the title
TITLE_BLOCK_LINES = 3  # a title block of at most this many lines is taken whole (agency / title)
TITLE_PART_CHARS = 30  # a short line right above the title may be its first part (the agency)
# Short lines of page furniture inside the body (print, close, share buttons) are dropped.
CHROME_LINE = regex.compile(r"^[【\[]?(?:打印本页|打印|关闭窗口|关闭|返回顶部|分享到|收藏|扫一扫|字号|字体)")
CHROME_LINE_CHARS = 40
# Footer lines, dropped wherever they stand (a page with no wrapper around the report).
FOOTER_LINE = regex.compile(r"ICP备|版权所有|网站标识码|公网安备|(?:主办|承办)单位\s*[:：]|技术支持\s*[:：]")
INFO_LOOKAHEAD = 6  # body lines after the title searched for 发布时间：… when the chrome has none

# A data table's leading full-width rows that read as a section heading (三、收到和处理…) and its
# <caption> are text lines before the grid, so sections are found as in running text.
HEADING_ROW = regex.compile(r"^\s*[一二三四五六]\s*[、.．]")
# A data table cell never holds this much text; a cell that does is a page region (layout table).
LAYOUT_CELL_CHARS = 150
MAX_SPAN = 200

# Page metadata: <meta name=…> (lower-cased) → Document.info key; then chrome lines.
META_NAMES: dict[str, str] = {
    "articletitle": "title", "pubdate": "published", "firstpublishedtime": "published", "publishdate": "published",
    "contentsource": "publisher", "og:url": "url", "url": "url",
}
# Tried in order; the first match of a key wins (a time-stamped 发布时间 before a bare 生成日期).
_DATE = r"(?P<value>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*日)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
INFO_PATTERNS: tuple[tuple[str, regex.Pattern], ...] = (
    ("published", regex.compile(rf"(?:发布时间|发布日期)\s*[:：]\s*{_DATE}")),
    ("published", regex.compile(rf"(?:生成日期|公开日期|发文日期)\s*[:：]\s*{_DATE}")),
    ("published", regex.compile(rf"(?<!\p{{Han}})(?:时间|日期)\s*[:：]\s*{_DATE}")),  # not 统计时间, 成文日期
    ("publisher", regex.compile(r"(?:发布机构|发布单位|信息来源|来源)\s*[:：]\s*"
                                r"(?P<value>[^\s:：|｜]{2,40}+)(?![:：])")),
)

PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
WHITESPACE = regex.compile(r"[\s\u00a0\u3000]+")
HAN = regex.compile(r"\p{Han}")


# --------------------------------------------------------------------------- entry point

def read_html(path: Path, data: bytes) -> Document:
    text, encoding = decode_html(data)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise CorruptDocument(f"the HTML page cannot be parsed ({error})", str(path)) from error
    body = root.find("body")
    if body is None:
        body = root
    tree = root.getroottree()
    content = find_content(body)
    reader = BlockReader(tree)
    blocks = [b for b in reader.read(content) if not _chrome_line(b)]
    start = _title_index(blocks, reader.link_lines)
    if start is None:
        prose = next((i for i, b in enumerate(blocks) if isinstance(b, Grid) or "。" in b.text), len(blocks))
        leading = [b for b in blocks[:prose] if id(b) not in reader.link_lines]  # menus, link lists
        blocks = _title_before(content, tree) + leading + blocks[prose:]
    else:
        blocks = blocks[_title_start(blocks, start, reader.link_lines):]
    if not blocks:
        raise ExtractionFailed("the page holds no text (its content may be loaded by scripts)", str(path))
    head = " ".join(b.text for b in blocks[:INFO_LOOKAHEAD] if isinstance(b, TextLine))
    info = {"encoding": encoding, **_page_info(root, content, head)}
    return Document(source="html", blocks=blocks, page_count=None, info=info)


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text and the encoding used (see the module docstring for the order)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    candidates: list[str] = []
    declared = DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = CHARSET_ALIASES.get(name, name)
        try:
            candidates.append(codecs.lookup(name).name)
        except LookupError:
            pass
    candidates += [name for name in FALLBACK_CHARSETS if name not in candidates]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if HAN.search(text) or encoding == candidates[-1]:
            return text, encoding
    return data.decode(candidates[0], errors="replace"), candidates[0]


# --------------------------------------------------------------------------- body finding

def find_content(body: etree._Element) -> etree._Element:
    """The smallest element holding the report: see ``BODY_SHARE`` and ``ANCHOR_WORDS``."""
    node = body
    node_text = _plain_text(node)
    while True:
        best, best_text = None, ""
        for child in _content_children(node):
            child_text = _plain_text(child)
            if _han(child_text) > _han(best_text):
                best, best_text = child, child_text
        if best is None or _han(best_text) < BODY_SHARE * _han(node_text):
            return node
        if any(best_text.count(word) < node_text.count(word) for word in ANCHOR_WORDS):
            return node
        node, node_text = best, best_text


def _content_children(node: etree._Element) -> Iterator[etree._Element]:
    for child in node:
        if _is_element(child) and not _skipped(child):
            yield child


def _plain_text(element: etree._Element, links: bool = False) -> str:
    """Text of ``element`` without skipped elements (and without link text unless ``links``)."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if _skipped(node) or (not links and node.tag == "a"):
            return
        parts.append(node.text or "")
        for child in node:
            if _is_element(child):
                visit(child)
                if child.tag in BLOCK_TAGS or child.tag == "br":
                    parts.append(" ")
            parts.append(child.tail or "")

    visit(element)
    return WHITESPACE.sub(" ", "".join(parts))


def _han(text: str) -> int:
    return len(HAN.findall(text))


def _chrome_line(block: Block) -> bool:
    if not isinstance(block, TextLine):
        return False
    return (len(block.text) <= CHROME_LINE_CHARS and bool(CHROME_LINE.match(block.text))) \
        or bool(FOOTER_LINE.search(block.text))


def _title_index(blocks: list[Block], link_lines: set[int]) -> int | None:
    """The first title line among the body's first blocks (a link to a report is not a title)."""
    for index, block in enumerate(blocks[:TITLE_LOOKAHEAD]):
        if isinstance(block, TextLine) and id(block) not in link_lines and _is_title(block.text):
            return index
    return None


def _title_start(blocks: list[Block], index: int, link_lines: set[int]) -> int:
    """Where the report starts: the title line, or the short title-like lines right above it
    (an agency line); breadcrumbs, links, info tables and the like before them are chrome."""
    start = index
    while start > 0 and index - start < TITLE_BLOCK_LINES - 1:
        above = blocks[start - 1]
        is_text = isinstance(above, TextLine) and id(above) not in link_lines
        squeezed = WHITESPACE.sub("", above.text) if is_text else ""
        if not squeezed or len(squeezed) > TITLE_PART_CHARS or NOT_TITLE.search(squeezed):
            break
        start -= 1
    return start


def _is_title(text: str) -> bool:
    squeezed = WHITESPACE.sub("", text)
    return len(squeezed) <= TITLE_MAX_CHARS and bool(TITLE.search(squeezed)) and not NOT_TITLE.search(squeezed)


def _title_before(content: etree._Element, tree: etree._ElementTree) -> list[Block]:
    """The nearest title line before the body (siblings first, then the ancestors' siblings)."""
    node = content
    while node is not None and node.tag != "html":
        for sibling in node.itersiblings(preceding=True):
            if not _is_element(sibling) or _skipped(sibling):
                continue
            lines = [b for b in BlockReader(tree, links=False).read(sibling) if isinstance(b, TextLine)]
            for index in range(len(lines) - 1, -1, -1):
                if _is_title(lines[index].text):
                    same_block = [line for line in lines if line.path == lines[index].path]
                    return same_block if len(same_block) <= TITLE_BLOCK_LINES else [lines[index]]
        node = node.getparent()
    return []


def _page_info(root: etree._Element, content: etree._Element, body_head: str) -> dict[str, str]:
    """Publication metadata from ``<meta>`` tags, then from the chrome text around the body,
    then from the body's first lines (``body_head``)."""
    info: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = META_NAMES.get((meta.get("name") or meta.get("property") or "").strip().lower())
        value = WHITESPACE.sub(" ", meta.get("content") or "").strip()
        if key and value:
            info.setdefault(key, value)
    canonical = root.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href"):
        info.setdefault("url", canonical.get("href").strip())
    chrome = _chrome_text(root.find("body") if root.find("body") is not None else root, content)
    for key, pattern in INFO_PATTERNS:
        match = (pattern.search(chrome) or pattern.search(body_head)) if key not in info else None
        if match:
            info[key] = WHITESPACE.sub(" ", match.group("value")).strip()
    return info


def _chrome_text(body: etree._Element, content: etree._Element) -> str:
    """Text of the page outside the report body, links included, blocks separated by spaces."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if node is content or _skipped(node):
            return
        parts.append(node.text or "")
        for child in node:
            if _is_element(child):
                visit(child)
                parts.append(" ")
            parts.append(child.tail or "")

    visit(body)
    return WHITESPACE.sub(" ", "".join(parts))


# --------------------------------------------------------------------------- blocks

class BlockReader:
    """Walks an element in document order, producing text lines and grids."""

    def __init__(self, tree: etree._ElementTree, links: bool = True):
        self.tree = tree
        self.links = links  # read link text (False when looking for a title in the chrome)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.line_path: str | None = None
        self.block_stack: list[etree._Element] = []
        self.link_depth = 0
        self.line_outside_links = False
        self.link_lines: set[int] = set()  # ids of lines made only of link text

    def read(self, element: etree._Element) -> list[Block]:
        self.blocks, self.parts = [], []
        self._visit(element)
        self._flush()
        return self.blocks

    def _visit(self, element: etree._Element) -> None:
        if _skipped(element) or (not self.links and element.tag == "a"):
            return
        tag = element.tag
        if tag == "br":
            self._flush()
            return
        if tag == "table" and not is_layout_table(element):
            self._flush()
            for caption in element.iterchildren("caption"):
                self._visit(caption)
            grid = grid_of(element, self.tree)
            while grid.rows and _heading_row(grid.rows[0]):
                span = grid.rows.pop(0)[0]
                self.blocks.append(TextLine(span.text, words=[Span(w, path=span.path) for w in span.text.split()],
                                            path=span.path))
            if grid.rows:
                self.blocks.append(grid)
            return
        block, link = tag in BLOCK_TAGS, tag == "a"
        if block:
            self._flush()
            self.block_stack.append(element)
        self.link_depth += link
        self._add(element.text)
        for child in element:
            if _is_element(child):
                self._visit(child)
            self._add(child.tail)
        self.link_depth -= link
        if block:
            self._flush()
            self.block_stack.pop()

    def _add(self, text: str | None) -> None:
        if not text:
            return
        visible = bool(text.strip(" \t\r\n\u00a0\u3000"))
        if not self.parts and visible:
            owner = self.block_stack[-1] if self.block_stack else None
            self.line_path = self.tree.getpath(owner) if owner is not None else None
        if visible and not self.link_depth:
            self.line_outside_links = True
        self.parts.append(text)

    def _flush(self) -> None:
        text = WHITESPACE.sub(" ", "".join(self.parts)).strip()
        outside_links, self.parts, self.line_outside_links = self.line_outside_links, [], False
        if text:
            path = self.line_path
            line = TextLine(text, words=[Span(word, path=path) for word in text.split()], path=path)
            self.blocks.append(line)
            if not outside_links:
                self.link_lines.add(id(line))


# --------------------------------------------------------------------------- tables

def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows in document order (not those of nested tables)."""
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if _is_element(cell) and cell.tag in CELL_TAGS]


def is_layout_table(table: etree._Element) -> bool:
    """A table that lays out the page rather than holding data (see ``LAYOUT_CELL_CHARS``)."""
    if table.find(".//table") is not None:
        return True
    rows = table_rows(table)
    if not rows or max(_width(row) for row in rows) < 2:
        return True
    return any(len(_plain_text(cell, links=True).strip()) > LAYOUT_CELL_CHARS for row in rows for cell in _cells(row))


def _width(row: etree._Element) -> int:
    return sum(_span(cell.get("colspan"), MAX_SPAN) for cell in _cells(row))


def _span(value: str | None, limit: int, zero: int = 1) -> int:
    """A rowspan/colspan attribute as a count in 1..limit; ``zero`` is what 0 means (HTML: a
    rowspan of 0 runs to the end of the table, a colspan of 0 is 1)."""
    match = regex.search(r"\d+", value or "")
    if not match:
        return 1
    number = int(match.group())
    return zero if number == 0 else max(1, min(number, limit))


def grid_of(table: etree._Element, tree: etree._ElementTree) -> Grid:
    """The table as a grid: each cell in its top-left slot, ``None`` in the slots it covers."""
    rows = table_rows(table)
    slots: dict[tuple[int, int], Span | None] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in _cells(row):
            while (r, c) in slots:
                c += 1
            rowspan = _span(cell.get("rowspan"), len(rows) - r, zero=len(rows) - r)
            colspan = _span(cell.get("colspan"), MAX_SPAN)
            for dr in range(rowspan):
                for dc in range(colspan):
                    slots[(r + dr, c + dc)] = None
            slots[(r, c)] = Span(cell_text(cell, tree), path=tree.getpath(cell))
            c += colspan
    width = max((c for _, c in slots), default=-1) + 1
    grid_rows = [[slots.get((r, c)) for c in range(width)] for r in range(len(rows))]
    return Grid(rows=grid_rows, engine="lxml")


def _heading_row(row: list[Span | None]) -> bool:
    """A row that is one cell across the whole table and starts like a section heading."""
    return row[0] is not None and all(c is None for c in row[1:]) and bool(HEADING_ROW.match(row[0].text)) \
        and "\n" not in row[0].text


def cell_text(cell: etree._Element, tree: etree._ElementTree) -> str:
    """A cell's text: its lines (blocks, ``<br>``) joined by newlines; ``&nbsp;`` alone is blank."""
    lines = []
    for block in BlockReader(tree).read(cell):
        if isinstance(block, TextLine):
            lines.append(block.text)
        else:  # a nested table never reaches here (it makes the table a layout table)
            lines.extend(span.text for row in block.rows for span in row if span is not None)
    return "\n".join(lines)


# --------------------------------------------------------------------------- helpers

def _is_element(node) -> bool:
    return isinstance(node.tag, str)


def _skipped(element: etree._Element) -> bool:
    if not _is_element(element):
        return True
    if element.tag in SKIP_TAGS or element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and HIDDEN_STYLE.search(style))
