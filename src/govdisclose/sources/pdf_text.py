"""Text-layer PDFs through pdfplumber: ruled tables as grids, everything else as text lines.

Contract: ``read_pdf(path, limits=None, deadline=None)`` returns a ``Document`` whose blocks are
ordered by page and top; page numbers and running headers/footers are dropped; grids keep each
cell's page and box. Raises ``EncryptedDocument`` (a user password is needed; an owner password
alone does not stop reading), ``CorruptDocument`` when the file cannot be opened or has no pages
(a file cut short says so), ``TooLarge`` when it has more than ``limits.max_pages`` pages (checked
before any page is read) and ``Timeout`` when ``deadline`` passes (checked before each page).

Damaged cross-reference tables: pdfminer rebuilds the table by scanning the file when
``startxref`` points nowhere, but trusts a table whose offsets are wrong. So a file that fails
to open, or opens with no pages, is read once more with its last ``startxref`` pointing past the
end (``_rescan_copy``), which makes pdfminer scan; only if that fails too is it ``CorruptDocument``.

Only an exception raised inside the PDF library (``PDF_LIBRARIES``) while it reads the file is
``CorruptDocument``; one raised in our own per-page code is a bug and propagates as it is
(``parse()`` turns it into ``InternalError``), so a regression is never filed as damaged input.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from collections import Counter
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import regex

from ..document import BBox, Document, Grid, Span, TextLine
from ..errors import CorruptDocument, EncryptedDocument, GovDiscloseError, TooLarge
from ..limits import DEFAULT_LIMITS, Deadline, Limits
from ..page_breaks import continue_tables
from . import DEFAULT_ENGINE, ENGINES
from .pdf_route import route_page
from .rules import RULE_TOLERANCE, closing_rules

if TYPE_CHECKING:
    import pdfplumber

    from .pdf_bytes import ObjectStreams

# Words closer than this (points) vertically belong to one line.
LINE_TOLERANCE = 3.0
# A table candidate needs this many columns; one-column "tables" are page-border rectangles.
MIN_TABLE_COLUMNS = 2
# A grid row holding one cell this wide (share of the table) with running prose (a sentence end
# and PROSE_MIN_CHARS characters or more) is a frame around text, not data.
SPANNING_SHARE = 0.95
PROSE_MIN_CHARS = 30
SENTENCE_END = regex.compile(r"[。！？；]")
# Share of the page height at the top and bottom where running headers and footers live.
MARGIN_SHARE = 0.09
PAGE_NUMBER = regex.compile(r"^[-—–－\s]*(第\s*)?\d{1,3}(\s*页)?([/／]\s*\d+\s*页?)?[-—–－\s]*$")
# A complete PDF ends with this marker within its last KB; a broken download does not.
EOF_MARKER = b"%%EOF"
EOF_WINDOW = 1024
STARTXREF = regex.compile(rb"startxref\s+(\d+)")
ENCRYPTED = "the PDF is encrypted: a password is needed to open it"
DETAIL_CHARS = 160  # of a library's error message quoted in ours
# Packages of the PDF library (pdfplumber's code copied into ours too): an exception raised in
# their code is the file's fault.
PDF_LIBRARIES = ("pdfminer", "pdfplumber", "govdisclose._vendor.pdfplumber_tables")
OUR_PACKAGE = "govdisclose"


def read_pdf(path: Path, limits: Limits | None = None, deadline: Deadline | None = None,
             engine: str = DEFAULT_ENGINE) -> Document:
    limits = limits or DEFAULT_LIMITS
    deadline = deadline or Deadline(limits, str(path))
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "pdfium":
        document = _read_pdfium(path, limits, deadline)
        if document is not None:
            return document
    try:
        return _read(path, path, limits, deadline)
    except CorruptDocument as error:
        data = path.read_bytes()
        rescan = _rescan_copy(data)
        if rescan is not None:
            try:
                return _read(path, io.BytesIO(rescan), limits, deadline)
            except CorruptDocument:
                pass
        if EOF_MARKER not in data[-EOF_WINDOW:]:
            raise CorruptDocument("the PDF is cut short (it has no end-of-file marker) and cannot be read",
                                  str(path)) from error
        raise


def _read_pdfium(path: Path, limits: Limits, deadline: Deadline) -> Document | None:
    """The document read with pdfium (``sources/pdfium_page``), or ``None`` when pdfium cannot
    open it, finds no pages, fails on a page or leaves a page to pdfplumber (no /MediaBox, a
    quarter turn): pdfplumber then reads it (and names any damage as it always has). A password
    pdfium needs is ``EncryptedDocument``; ``TooLarge`` comes from ``_pdfminer_check`` before any
    page is read."""
    import pypdfium2

    from .pdf_bytes import object_streams, zero_metric_fonts
    from .pdfium_page import PdfiumPage

    data = path.read_bytes()  # read once: pdfium, pdfminer's page-tree check and the font scan share it
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(ENCRYPTED, str(path)) from error
        return None
    try:
        count = len(pdf)
        if not count:
            return None
        streams = object_streams(data)
        if _needs_pdfminer_check(pdf, count, data, streams, limits) and not _pdfminer_check(path, data, limits):
            return None
        zero_metrics = zero_metric_fonts(data, streams)
        routes, pages, doctop = [], [], 0.0
        for index in range(count):
            deadline.check()
            try:
                page = PdfiumPage(pdf, index, doctop, zero_metrics)
                page.objects  # noqa: B018 (read here, so that pdfium's errors are caught here)
            except pypdfium2.PdfiumError:
                return None
            doctop += float(page.height)
            route = route_page(page, index + 1)
            routes.append(route)
            pages.append((page.height, _read_page(page, route.page, "pdfium") if route.kind == "text" else []))
            page.close()
        info = {key: value for key, value in pdf.get_metadata_dict(skip_empty=True).items()
                if isinstance(value, str)}
    finally:
        pdf.close()
    return _assemble(path, routes, pages, info, limits, deadline)


def _rescan_copy(data: bytes) -> bytes | None:
    """The file with its last ``startxref`` offset pointing past the end (pdfminer then scans)."""
    found = list(STARTXREF.finditer(data))
    if not found:
        return None
    last = found[-1]
    return data[:last.start(1)] + str(len(data) * 10).encode() + data[last.end(1):]


def _read(path: Path, source, limits: Limits, deadline: Deadline) -> Document:
    """Read the PDF at ``source`` (a path or a stream of the file at ``path``) with pdfplumber."""
    pdf = _open(path, source)
    try:
        try:
            _check_page_count(pdf.doc, limits, str(path))
            routes, pages = [], []
            for number, page in enumerate(pdf.pages, start=1):
                deadline.check()
                route = route_page(page, number)
                routes.append(route)
                pages.append((page.height, _read_page(page, route.page, "pdfplumber") if route.kind == "text" else []))
                page.close()  # drop pdfplumber's cached objects of this page
        except _password_errors() as error:
            raise EncryptedDocument(ENCRYPTED, str(path)) from error
        except GovDiscloseError:  # the limits' TooLarge and Timeout
            raise
        except Exception as error:
            if _is_encryption_error(error):
                raise EncryptedDocument(ENCRYPTED, str(path)) from error
            if not raised_by_library(error):
                raise  # a bug in our page code, not a damaged file
            raise CorruptDocument(f"the PDF is damaged ({_describe(error)})", str(path)) from error
        if not pages:
            raise CorruptDocument("the PDF has no pages", str(path))
        info = {k: v for k, v in (pdf.metadata or {}).items() if isinstance(v, str)}
    finally:
        _close(pdf)
    return _assemble(path, routes, pages, info, limits, deadline)


def _assemble(path: Path, routes: list, pages: list, info: dict, limits: Limits, deadline: Deadline) -> Document:
    """The ``Document`` of the pages read (either engine): OCR for the pages and images routed
    to it, running headers and page numbers dropped, tables continued across page breaks."""
    page_count = len(pages)
    ocr_requests = [
        (route.page, region)
        for route in routes for region in ((None,) if route.kind == "ocr" else route.image_regions)
    ]
    if ocr_requests:  # scanned pages and image tables (sources/pdf_route.py decides which)
        from .pdf_ocr import read_ocr_regions

        ocr_pages = read_ocr_regions(path, ocr_requests, limits=limits, deadline=deadline)
        for (number, _), ocr_blocks in zip(ocr_requests, ocr_pages, strict=True):
            pages[number - 1][1].extend(ocr_blocks)
            pages[number - 1][1].sort(key=lambda pair: pair[0])
    blocks = _lone_captions_as_lines(continue_tables(_drop_running_lines(pages)))
    source = "ocr" if ocr_requests else "pdf_text"
    return Document(source=source, blocks=blocks, page_count=page_count, info=info)


def _needs_pdfminer_check(pdf, count: int, data: bytes, streams: ObjectStreams, limits: Limits) -> bool:
    """Whether pdfminer could answer otherwise than pdfium about the file (``_pdfminer_check``
    then decides, as pdfplumber's path would): pdfium had to rebuild the cross-reference table,
    counts more pages than the limit, or the file holds more page dictionaries than pdfium's
    count (a page tree whose /Count is wrong; pages an edit left behind) or cannot tell
    (``pdf_bytes.page_dict_count``). Otherwise pdfminer is taken to open the file as pdfium did
    and to count no more pages, and the check, with pdfminer's import (about 0.1 s of a
    ``govdisclose parse`` run), is skipped; the README (PDF engines) names the cases this leaves:
    a page dictionary the byte search cannot see, an object only pdfminer's parser refuses."""
    import pypdfium2.raw as pdfium_c

    from .pdf_bytes import page_dict_count

    if count > limits.max_pages or not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw):
        return True
    found = page_dict_count(data, streams)
    return found is None or found > count


def _pdfminer_check(path: Path, data: bytes, limits: Limits) -> bool:
    """Before pdfium reads a page: pdfminer's object parser (no content stream is run) opens the
    file and counts its page tree as the pdfplumber path does (``TooLarge`` with the same
    message). False when pdfminer cannot open the file or walk its page tree: pdfplumber's path
    then decides (repairs, or says how the file is damaged), so a damaged file gets the same
    answer from either engine."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        _check_page_count(PDFDocument(PDFParser(io.BytesIO(data))), limits, str(path))
    except GovDiscloseError:  # TooLarge
        raise
    except Exception:  # pdfminer fails on the file: the pdfplumber path names the damage
        return False
    return True


def _close(pdf: pdfplumber.PDF) -> None:
    """Close without letting a damaged file replace the typed error being raised.

    ``pdfplumber.PDF.close()`` builds every page again to flush it, which raises on a broken
    page dictionary or MediaBox; then only the file stream is closed.
    """
    try:
        pdf.close()
    except Exception:
        pdf.stream.close()


def _open(path: Path, source) -> pdfplumber.PDF:
    import pdfplumber

    try:
        return pdfplumber.open(source)
    except _password_errors() as error:
        raise EncryptedDocument(ENCRYPTED, str(path)) from error
    except Exception as error:  # pdfminer raises many unrelated types for broken files
        if _is_encryption_error(error):  # pdfplumber wraps them in PdfminerException
            raise EncryptedDocument(ENCRYPTED, str(path)) from error
        if not raised_by_library(error):
            raise
        raise CorruptDocument(f"the PDF cannot be opened ({_describe(error)})", str(path)) from error


def raised_by_library(error: BaseException) -> bool:
    """True when the innermost frame of ``error``'s traceback that is either the PDF library's or
    ours is the library's (frames of the standard library between them do not count)."""
    for module in reversed(_traceback_modules(error.__traceback__)):
        if any(module == library or module.startswith(library + ".") for library in PDF_LIBRARIES):
            return True
        if module.split(".")[0] == OUR_PACKAGE:
            return False
    return False


def _traceback_modules(traceback: TracebackType | None) -> list[str]:
    """The module name of each frame of a traceback, outermost first."""
    modules = []
    while traceback is not None:
        modules.append(traceback.tb_frame.f_globals.get("__name__", ""))
        traceback = traceback.tb_next
    return modules


def _describe(error: Exception) -> str:
    """``Type: first line of the message`` of pdfminer's error (unwrapped from pdfplumber's), short."""
    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    lines = str(inner).strip().splitlines()
    detail = f"{type(inner).__name__}: {lines[0]}" if lines else type(inner).__name__
    return detail[:DETAIL_CHARS]


def _check_page_count(document, limits: Limits, path: str) -> None:
    """``TooLarge`` before any page is read: the page tree's declared /Count, then the pages it
    really holds, counted no further than one past the limit (a /Count may lie). ``document`` is
    pdfminer's ``PDFDocument``."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    declared = resolve1((resolve1(document.catalog.get("Pages")) or {}).get("Count"))
    if isinstance(declared, int) and declared > limits.max_pages:
        raise TooLarge(f"{declared} pages, more than the limit of {limits.max_pages}", path)
    counted = sum(1 for _ in islice(PDFPage.create_pages(document), limits.max_pages + 1))
    if counted > limits.max_pages:
        raise TooLarge(f"more pages than the limit of {limits.max_pages}", path)


def _is_encryption_error(error: Exception) -> bool:
    """True for pdfminer's password errors, also when pdfplumber wrapped them (its first arg)."""
    wrapped = error.args[0] if error.args else None
    return isinstance(wrapped, _password_errors())


def _password_errors() -> tuple[type[Exception], ...]:
    """pdfminer's errors for a password the file needs (pdfminer is imported on the pdfplumber
    path only; an ``except`` clause evaluates this when an exception reaches it)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return PDFPasswordIncorrect, PDFEncryptionError


def _read_page(page, number: int, engine: str) -> list[tuple[float, TextLine | Grid]]:
    """(top, block) pairs of one page (a pdfplumber page, or ``PdfiumPage`` shaped like one, as
    ``engine`` names): grids for ruled tables, lines for the rest (prose that a ruled frame
    encloses included: ``_table_parts``)."""
    if _has_duplicate_chars(page.chars):
        page = page.dedupe_chars()
    ruled = page.rects or page.lines or page.curves  # no ruling, no lattice table to find
    closing = closing_rules(page.edges, float(page.height)) if ruled else []
    settings = {"explicit_horizontal_lines": closing} if closing else {}
    finder = page.debug_tablefinder(settings) if ruled else None
    found = finder.tables if finder else []
    words = page.extract_words(keep_blank_chars=False, extra_attrs=["size"])
    tables = [table for table in found if _is_real_table(table)]
    grids = [part for table in tables for part in _table_parts(table, number, closing, engine)]
    caption = _caption_at_foot(page, finder, words, number, engine)
    grids += [caption] if caption else []
    blocks: list[tuple[float, TextLine | Grid]] = [(grid.bbox[1], grid) for grid in grids]
    boxes = [grid.bbox for grid in grids]
    free_words = [w for w in words if not any(_inside(w, box) for box in boxes)]
    for line in _group_lines(free_words, number):
        blocks.append((line.bbox[1], line))
    blocks.sort(key=lambda pair: pair[0])
    return blocks


def _has_duplicate_chars(chars: list[dict]) -> bool:
    """Fake-bold PDFs draw each glyph twice at (nearly) the same place; dedupe only those pages.
    True when two chars have the same text and their truncated (x0, top) differ by at most 1 each.
    The relation is symmetric, so each place looks only at the neighbours ahead of it."""
    places = [(char["text"], int(char["x0"]), int(char["top"])) for char in chars]
    seen = set(places)
    if len(seen) < len(places):
        return True
    return any((text, x + dx, y + dy) in seen for text, x, y in seen for dx, dy in _AHEAD)


# Half of the eight neighbours of a place: the other half see it from theirs.
_AHEAD = ((1, -1), (1, 0), (1, 1), (0, 1))


def _is_real_table(table) -> bool:
    rows = table.rows  # pdfplumber computes the rows again on every access
    width = max((len(row.cells) for row in rows), default=0)
    return width >= MIN_TABLE_COLUMNS and len(rows) >= 1


def _caption_at_foot(page, finder, words: list[dict], number: int, engine: str) -> Grid | None:
    """A lone ruled cell at the foot of the page holding a short caption (``第二十条第（一）项``):
    the first row of a table continued overleaf (pdfplumber makes no table of a single cell). It
    is a one-cell grid for ``continue_tables``, a text line again if nothing continues it
    (``_lone_captions_as_lines``)."""
    if finder is None:
        return None
    tables = [t.bbox for t in finder.tables]
    lone = [cell for cell in finder.cells if not any(_overlaps(cell, box) for box in tables)]
    if not lone:
        return None
    cell = max(lone, key=lambda box: box[3])
    inside = [w for w in words if _inside(w, cell)]
    text = "".join(w["text"] for w in inside)
    if not text or len(text) >= PROSE_MIN_CHARS or SENTENCE_END.search(text):
        return None
    body_bottom = page.height * (1 - MARGIN_SHARE)
    if any(w["top"] > cell[3] and w["bottom"] < body_bottom for w in words):
        return None
    return Grid([[Span(" ".join(w["text"] for w in inside), number, _round_box(cell))]], number,
                _round_box(cell), engine=engine)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _lone_captions_as_lines(blocks: list[TextLine | Grid]) -> list[TextLine | Grid]:
    """One-cell grids that no table continued (``_caption_at_foot``) back as text lines."""
    result: list[TextLine | Grid] = []
    for block in blocks:
        if isinstance(block, Grid) and len(block.rows) == 1 and len(block.rows[0]) == 1:
            cell = block.rows[0][0]
            result.append(TextLine(cell.text.replace("\n", ""), cell.page, cell.bbox, [cell]))
        else:
            result.append(block)
    return result


def _inside(word: dict, box: BBox) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_parts(table, page_number: int, closing: list[dict], engine: str) -> list[Grid]:
    """The grids of a pdfplumber table, without its prose rows; a frame holding only prose gives none.

    A prose row is one cell spanning the table's width whose text is running prose (a sentence
    end and at least ``PROSE_MIN_CHARS`` characters; a heading printed with it comes along): a
    ruled frame drawn around paragraphs (and perhaps a real table below them), not a table row.
    Its words are left to the page's text lines; the rows between prose rows stay grids.
    """
    rows = table.rows  # pdfplumber computes the rows again on every access: once here
    texts = _extract(table, rows)
    parts: list[list[int]] = [[]]
    for index, (row, row_texts) in enumerate(zip(rows, texts, strict=False)):
        if _is_prose_row(table, row, row_texts):
            parts.append([])
        else:
            parts[-1].append(index)
    return [_grid(table, rows, texts, part, page_number, closing, engine) for part in parts if part]


def _extract(table, rows: list) -> list[list[str | None]]:
    """``table.extract()`` of pdfplumber (``rows``: its ``table.rows``), the same text (same
    tests of each char's centre against row and cell, same char order, ``utils.extract_text``)
    found faster: the chars are sorted
    by their centre's height once and each row takes its slice, instead of testing every char of
    the page against every row."""
    from .._vendor.pdfplumber_tables.utils import extract_text

    placed = sorted((((c["top"] + c["bottom"]) / 2, index, (c["x0"] + c["x1"]) / 2, c)
                     for index, c in enumerate(table.page.chars)), key=lambda item: item[0])
    heights = [item[0] for item in placed]
    texts: list[list[str | None]] = []
    for row in rows:
        left, top, right, bottom = row.bbox
        band = placed[bisect_left(heights, top):bisect_left(heights, bottom)]
        row_chars = sorted((item for item in band if left <= item[2] < right), key=lambda item: item[1])
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            x0, y0, x1, y1 = cell
            chars = [item[3] for item in row_chars if x0 <= item[2] < x1 and y0 <= item[0] < y1]
            cells.append(_cell_text(chars, extract_text))
        texts.append(cells)
    return texts


def _cell_text(chars: list[dict], extract_text) -> str:
    """``extract_text(chars)`` (pdfplumber's ``utils.extract_text``, its defaults), the same
    string; a lone char (most cells: ``0``) without building words and lines: nothing for a
    blank, else its text with ligatures expanded, as pdfplumber's word merging gives it."""
    if len(chars) != 1:
        return extract_text(chars) if chars else ""
    from .._vendor.pdfplumber_tables.utils.text import LIGATURES

    text = chars[0]["text"]
    return "" if text.isspace() else LIGATURES.get(text, text)


def _is_prose_row(table, row, row_texts: list[str | None]) -> bool:
    boxes = [box for box in row.cells if box is not None]
    if len(boxes) != 1 or boxes[0][2] - boxes[0][0] < SPANNING_SHARE * (table.bbox[2] - table.bbox[0]):
        return False
    text = regex.sub(r"\s+", "", next((t for t in row_texts if t), ""))
    return len(text) >= PROSE_MIN_CHARS and bool(SENTENCE_END.search(text))


def _grid(table, rows: list, texts: list[list[str | None]], indexes: list[int], page_number: int,
          closing: list[dict], engine: str) -> Grid:
    """The table's rows ``indexes`` (consecutive; ``rows``: its ``table.rows``) as a ``Grid``."""
    grid_rows: list[list[Span | None]] = []
    for index in indexes:
        cells: list[Span | None] = []
        for box, text in zip(rows[index].cells, texts[index], strict=False):
            cells.append(None if box is None else Span(text or "", page_number, _round_box(box)))
        grid_rows.append(cells)
    row_boxes = [rows[index].bbox for index in indexes]
    bbox = (table.bbox[0], min(b[1] for b in row_boxes), table.bbox[2], max(b[3] for b in row_boxes))

    def cut(end: str, y: float) -> bool:
        return any(rule["end"] == end and abs(rule["top"] - y) <= RULE_TOLERANCE for rule in closing)

    return Grid(rows=grid_rows, page=page_number, bbox=_round_box(bbox), engine=engine,
                open_bottom=cut("bottom", bbox[3]))


def _group_lines(words: list[dict], page_number: int) -> list[TextLine]:
    """Cluster words into lines by vertical position, left to right within a line."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for line in lines:
            top, bottom = line[0]["top"], line[0]["bottom"]
            if top - LINE_TOLERANCE <= middle <= bottom + LINE_TOLERANCE:
                line.append(word)
                break
        else:
            lines.append([word])
    result = []
    for line_words in lines:
        line_words.sort(key=lambda w: w["x0"])
        spans = [
            Span(w["text"], page_number, _round_box((w["x0"], w["top"], w["x1"], w["bottom"])))
            for w in line_words
        ]
        box = _round_box((
            min(w["x0"] for w in line_words), min(w["top"] for w in line_words),
            max(w["x1"] for w in line_words), max(w["bottom"] for w in line_words),
        ))
        sizes = Counter(round(w.get("size", 0), 1) for w in line_words)
        text = " ".join(w["text"] for w in line_words)
        result.append(TextLine(text, page_number, box, spans, sizes.most_common(1)[0][0]))
    return result


PageBlocks = tuple[float, list[tuple[float, TextLine | Grid]]]  # (page height, (top, block) pairs)


def _drop_running_lines(pages: list[PageBlocks]) -> list[TextLine | Grid]:
    """Remove page numbers, and headers/footers repeated in the page margins of several pages."""
    def margin_key(line: TextLine, height: float) -> str | None:
        if line.bbox[1] < height * MARGIN_SHARE or line.bbox[3] > height * (1 - MARGIN_SHARE):
            return regex.sub(r"\d+", "#", regex.sub(r"\s+", "", line.text))
        return None

    counts = Counter(
        key for height, page in pages for _, block in page
        if isinstance(block, TextLine) and (key := margin_key(block, height))
    )
    repeated = {key for key, count in counts.items() if count >= 2}
    blocks: list[TextLine | Grid] = []
    for height, page in pages:
        for _, block in page:
            if isinstance(block, TextLine) and (
                PAGE_NUMBER.match(block.text) or margin_key(block, height) in repeated
            ):
                continue
            blocks.append(block)
    return blocks


def _round_box(box) -> BBox:
    return tuple(round(float(v), 2) for v in box)  # type: ignore[return-value]
