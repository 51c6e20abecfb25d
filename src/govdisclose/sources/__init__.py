"""Source adapters: one per input format, each turning a file into a ``Document``."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path, PurePosixPath

from ..codepoints import fold_document
from ..document import Document
from ..errors import CorruptDocument, TooLarge, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, Deadline, Limits

# Leading bytes → adapter name. Text formats are recognised by decoding, not by magic.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
)
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
_DOCX_SUFFIXES = {".docx", ".docm"}
_OLD_WORD_SUFFIXES = {".doc", ".wps", ".rtf"}  # converted with LibreOffice (sources/docx.py)
# Every suffix a report file may carry: what a folder given to diff/panel/inspect is searched for.
REPORT_SUFFIXES = frozenset({".pdf", *_TEXT_SUFFIXES, *_HTML_SUFFIXES, *_DOCX_SUFFIXES, *_OLD_WORD_SUFFIXES})
# Word formats LibreOffice converts: OLE2 compound files (.doc, .wps) and RTF saved as .doc.
_WORD_MAGIC: tuple[bytes, ...] = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")
_ZIP_MAGIC = b"PK\x03\x04"
# An HTML page starts (after BOM and whitespace) with one of these; a fragment (_HTML_FRAGMENT)
# counts too unless the suffix names a text format (markdown from converters opens with <div>).
_HTML_PAGE = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta)[\s>/]"
    rb"|<\?xml[^>]*>\s*<(?:!doctype\s+html|html)[\s>]"
    rb"|<!--.*?-->\s*<(?:!doctype\s+html|html|head|body|meta)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_FRAGMENT = re.compile(rb"<(?:title|table|div|p|span|h[1-6]|center|font)[\s>/]", re.IGNORECASE)
# govdisclose's own outputs, told by their keys: a saved report (``parse`` JSON, convert's
# reports/*.json) has a "meta" object with these keys; a cells record (``--format cells``) these.
_SAVED_REPORT_META = {"sha256", "source", "template"}
_CELL_RECORD = {"report_id", "table", "row", "column", "kind", "raw"}
# How a text-layer PDF is read (``sources.pdf_text``): pdfium (pypdfium2, ``sources.pdfium_page``)
# or pdfplumber (pdfminer), the reference engine; both give the same report (tests/test_engines.py).
ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"
ALREADY_PARSED = ("already a parsed govdisclose report (saved JSON): load it with "
                  "AnnualReport.model_validate_json, or give it to diff, panel or inspect")
CELLS_OUTPUT = "a govdisclose cells output (JSON Lines), not a report"


def readable_path(path: str) -> str:
    """``path`` as text an output can hold (UTF-8). A name the file system gave as bytes that are
    not UTF-8 (Python's surrogate escapes: a GBK name from Chinese Windows on a UTF-8 system) is
    read as GB18030, folder by folder, and bytes that are neither stay visible as ``\\xNN``; every
    other path comes back unchanged. Only for what is written: the file is opened by ``path``."""
    if is_utf8(path):
        return path
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # lone surrogates that are no escaped bytes
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return "/".join(_readable_part(part) for part in raw.split(b"/"))


def is_utf8(text: str) -> bool:
    """True when ``text`` can be written as UTF-8 (it holds no surrogate escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _readable_part(part: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return part.decode(encoding)
        except UnicodeDecodeError:
            pass
    return part.decode("utf-8", "backslashreplace")


def format_hint(name: str) -> str:
    """The format a file name's suffix claims: ``pdf``, ``docx``, ``html``, ``text`` or ``""``.

    ``detect_format`` reads the content first but also this claim (a saved error page is
    ``NotAnnualReport`` as ``.html`` and ``CorruptDocument`` as ``.pdf``), so identical bytes
    under names of different hints may give different answers.
    """
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    for hint, suffixes in (("pdf", {".pdf"}), ("docx", _DOCX_SUFFIXES), ("html", _HTML_SUFFIXES),
                           ("text", _TEXT_SUFFIXES)):
        if suffix in suffixes:
            return hint
    return ""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(path: Path, head: bytes, data: bytes | None = None) -> str:
    """Name the adapter for a file, by content first; the suffix is only a hint.

    ``pdf``, ``html`` (markup in the first KB), ``docx`` (a ZIP holding ``word/document.xml``;
    ``data`` is the whole file, needed to read the ZIP directory), ``doc`` (OLE2 or RTF, for
    LibreOffice) or ``text``. A file whose suffix names a format its content is not raises
    ``CorruptDocument``; govdisclose's own JSON (a saved report, a cells output) raises
    ``UnsupportedFormat`` saying so.
    """
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if stripped.startswith(b"{"):
        _refuse_own_output(path, data if data is not None else head)
    for magic, name in _MAGIC:
        if stripped.startswith(magic) or magic in head[:1024]:
            return name
    if suffix == ".pdf":
        if _looks_like_html(head):
            raise CorruptDocument("named .pdf but holds an HTML page, not a PDF (a saved error page?)",
                                  str(path))
        raise CorruptDocument("named .pdf but the content is not a PDF", str(path))
    if head.startswith(_ZIP_MAGIC):
        if _is_docx(data if data is not None else head):
            return "docx"
        if suffix in _DOCX_SUFFIXES:
            raise CorruptDocument("named .docx but the ZIP archive holds no word/document.xml", str(path))
        raise UnsupportedFormat("a ZIP archive that is not a Word document", str(path))
    if suffix in _DOCX_SUFFIXES:
        if head.startswith(_WORD_MAGIC):
            return "doc"  # an old .doc renamed .docx
        raise CorruptDocument("named .docx but the content is not a ZIP archive", str(path))
    if head.startswith(_WORD_MAGIC):
        return "doc"
    if _looks_like_html(head, fragments=suffix not in _TEXT_SUFFIXES):
        return "html"
    if suffix in _HTML_SUFFIXES:
        raise CorruptDocument(f"named {suffix} but the content is not HTML", str(path))
    if path.suffix.lower() in _TEXT_SUFFIXES or _looks_like_text(head):
        return "text"
    raise UnsupportedFormat(f"unsupported format (suffix {path.suffix or 'none'})", str(path))


def _refuse_own_output(path: Path, data: bytes) -> None:
    """``UnsupportedFormat`` for govdisclose's own JSON outputs, which would read as a text dump."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    meta = whole.get("meta") if isinstance(whole, dict) else None
    if isinstance(meta, dict) and meta.keys() >= _SAVED_REPORT_META:
        raise UnsupportedFormat(ALREADY_PARSED, str(path))
    try:
        first = json.loads(text.split("\n", 1)[0])
    except ValueError:
        return
    if isinstance(first, dict) and first.keys() >= _CELL_RECORD:
        raise UnsupportedFormat(CELLS_OUTPUT, str(path))


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _looks_like_html(head: bytes, fragments: bool = True) -> bool:
    """Markup at the start of the first KB (after a BOM and whitespace), UTF-16 pages included."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode("utf-8")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024]
    return bool(_HTML_PAGE.match(start) or (fragments and _HTML_FRAGMENT.match(start)))


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start > len(head) - 4:  # a multibyte character cut by the read
                return True
    return False


def load(path: str | Path, limits: Limits | None = None, engine: str | None = None) -> Document:
    """Read ``path`` with the adapter its content calls for, within ``limits``; a text-layer PDF
    with ``engine`` (one of ``ENGINES``; default ``DEFAULT_ENGINE``). Other formats ignore it.

    The file's size is checked before it is read (``TooLarge``); an empty file is
    ``CorruptDocument("the file is empty")``. The PDF adapter also checks the page count before
    reading any page and the time between pages (``Deadline``, started here).
    """
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    deadline = Deadline(limits, str(path))
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise TooLarge(f"{size} bytes, more than the limit of {limits.max_file_bytes}", str(path))
    if size == 0 and not path.is_dir():  # a folder is left to read_bytes (IsADirectoryError)
        raise CorruptDocument("the file is empty", str(path))
    data = path.read_bytes()
    kind = detect_format(path, data[:4096], data)
    if kind == "pdf":
        from .pdf_text import read_pdf

        document = read_pdf(path, limits=limits, deadline=deadline, engine=engine or DEFAULT_ENGINE)
    elif kind == "html":
        from .html import read_html

        document = read_html(path, data)
    elif kind in ("docx", "doc"):
        from .docx import convert_with_libreoffice, read_docx

        word = data if kind == "docx" else convert_with_libreoffice(path)
        document = read_docx(path, word, limits=limits)
    else:
        from .text import read_text

        document = read_text(path, data)
    document = fold_document(document)  # compatibility code points → the characters printed
    document.sha256 = sha256_of(data)
    document.path = str(path)
    return document
