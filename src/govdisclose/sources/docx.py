"""Word documents through python-docx: paragraphs and tables in body order, merged cells expanded.

Contract: ``read_docx(path, data)`` returns a ``Document`` with ``source="docx"``.

- Body order: the body's paragraphs and tables as they stand (content controls opened);
  headers, footers and footnotes are not read.
- Text: a paragraph's runs, including tracked insertions and hyperlinks (deleted text and
  field codes are not text); a line break inside a paragraph starts a new ``TextLine``.
  Automatic list numbers (a heading numbered ``一、`` or an item ``1.`` by Word, not typed) are
  rendered in front of the text, from the paragraph's or its style's ``numPr`` (``Numbering``).
- Tables: each ``w:tc`` is placed on the table grid; a ``gridSpan`` cell covers the grid columns
  to its right and a ``vMerge`` continuation covers the slot under the cell that starts the merge;
  covered slots are ``None`` (as pdfplumber gives merged cells), so a merged cell's text appears
  once, in its top-left slot. ``gridBefore`` leaves leading slots empty. A table of one column,
  holding another table or page-sized cells, is layout: its cells are read as paragraphs.
- Provenance: ``paragraph[12]`` (the 12th paragraph of the body, 1-based, content controls
  included, so ``docx.Document(f).paragraphs[11]`` when there are none) and
  ``table[2]/row[5]/cell[3]`` (1-based; ``cell`` is the grid column, so
  ``docx.Document(f).tables[1].rows[4].cells[2]``); a paragraph inside a layout table is
  ``table[1]/row[1]/cell[1]/paragraph[3]``.
- Safety (``limits``): before python-docx reads the package, its parts' declared unpacked sizes
  are checked (``TooLarge`` past ``limits.max_file_bytes`` in all, or a part of at least
  ``RATIO_FLOOR`` bytes packed more than ``limits.max_compression_ratio`` to one: a zip bomb),
  and an XML part opening with a ``<!DOCTYPE`` (Office files never have one; an entity bomb
  does) is ``CorruptDocument``. python-docx itself parses with ``resolve_entities=False`` and
  no network.

``convert_with_libreoffice(path)`` turns ``.doc``/``.wps`` (OLE2) and RTF into DOCX bytes with
``soffice --headless --convert-to docx`` in a temporary folder (``SOFFICE_TIMEOUT`` seconds) and
raises ``MissingDependency`` when no ``soffice`` is on PATH.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import regex
from docx.oxml.ns import qn
from lxml import etree

from ..document import Block, Document, Grid, Span, TextLine
from ..errors import CorruptDocument, ExtractionFailed, MissingDependency, TooLarge
from ..limits import DEFAULT_LIMITS, Limits

SOFFICE_COMMANDS = ("soffice", "libreoffice")
SOFFICE_TIMEOUT = 120.0
# A table cell never holds this much text; a table whose cell does lays out the page.
LAYOUT_CELL_CHARS = 150
# The compression-ratio limit applies to parts at least this large (small XML packs tightly).
RATIO_FLOOR = 1 << 20
# A DOCTYPE stands before the root element, so within a part's first bytes (UTF-8 or UTF-16).
DOCTYPE_SNIFF_BYTES = 4096
DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))

P, TBL, TR, TC, SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
SDT_CONTENT = qn("w:sdtContent")
# Run content → text; elements whose text is not the document's text are skipped entirely.
RUN_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
            qn("w:noBreakHyphen"): "-"}
NOT_TEXT = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"), qn("w:instrText"),
                      qn("w:delText"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"})


def read_docx(path: Path, data: bytes, limits: Limits | None = None) -> Document:
    check_package(path, data, limits or DEFAULT_LIMITS)
    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, BadZipFile, XMLSyntaxError … for broken files
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise CorruptDocument(f"the Word document cannot be opened ({type(error).__name__}"
                              f"{': ' + detail if detail else ''})", str(path)) from error
    reader = _BodyReader(Numbering(word))
    reader.read(word.element.body, prefix="")
    return Document(source="docx", blocks=reader.blocks, page_count=None, info={})


def check_package(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse a package that would unpack past the limits or whose XML declares a DOCTYPE."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx reports it as CorruptDocument
    with archive:
        parts = archive.infolist()
        total = sum(part.file_size for part in parts)
        if total > limits.max_file_bytes:
            raise TooLarge(f"the Word document unpacks to {total} bytes, more than the limit of "
                           f"{limits.max_file_bytes}", str(path))
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size >= RATIO_FLOOR and ratio > limits.max_compression_ratio:
                raise TooLarge(f"{part.filename} is packed {ratio:.0f}:1, more than the limit of "
                               f"{limits.max_compression_ratio:.0f}:1", str(path))
        for part in parts:
            if not part.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(part) as stream:
                    head = stream.read(DOCTYPE_SNIFF_BYTES)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                return  # python-docx reports it as CorruptDocument
            if any(mark in head for mark in DOCTYPE_MARKS):
                raise CorruptDocument(f"{part.filename} declares a DOCTYPE, which Word files never do "
                                      "(an entity bomb?)", str(path))


class _BodyReader:
    """Collects blocks from a body (or a layout table's cell) in order, numbering as it goes."""

    def __init__(self, numbering: Numbering) -> None:
        self.blocks: list[Block] = []
        self.numbering = numbering

    def read(self, container: etree._Element, prefix: str) -> None:
        paragraphs = tables = 0
        for element in _body_children(container):
            if element.tag == P:
                paragraphs += 1
                self._paragraph(element, f"{prefix}paragraph[{paragraphs}]")
            else:
                tables += 1
                self._table(element, f"{prefix}table[{tables}]")

    def _paragraph(self, paragraph: etree._Element, path: str) -> None:
        for line in (self.numbering.label(paragraph) + paragraph_text(paragraph)).split("\n"):
            text = " ".join(line.split())
            if text:
                self.blocks.append(TextLine(text, words=[Span(w, path=path) for w in text.split()], path=path))

    def _table(self, table: etree._Element, path: str) -> None:
        slots = table_slots(table)
        if is_layout_table(table, slots):
            for r, row in enumerate(slots, start=1):
                for c, tc in enumerate(row, start=1):
                    if tc is not None and tc is not _COVERED:
                        self.read(tc, f"{path}/row[{r}]/cell[{c}]/")
            return
        rows = [
            [None if tc is None or tc is _COVERED
             else Span(cell_text(tc, self.numbering), path=f"{path}/row[{r}]/cell[{c}]")
             for c, tc in enumerate(row, start=1)]
            for r, row in enumerate(slots, start=1)
        ]
        self.blocks.append(Grid(rows=rows, engine="python-docx"))


def _body_children(container: etree._Element):
    """Paragraphs and tables of a body or cell in order, looking inside content controls."""
    for element in container:
        if element.tag in (P, TBL):
            yield element
        elif element.tag == SDT:
            content = element.find(SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)


def paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []

    def visit(element: etree._Element) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.tag in NOT_TEXT:
                continue
            if child.tag in RUN_TEXT:
                replacement = RUN_TEXT[child.tag]
                parts.append((child.text or "") if replacement is None else replacement)
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def cell_text(tc: etree._Element, numbering: Numbering | None = None) -> str:
    """A cell's paragraphs (and nested tables' text) as lines joined by newlines; list numbers
    are rendered when ``numbering`` is given (it counts, so each cell is read once, in order)."""
    lines = []
    for element in _body_children(tc):
        if element.tag == P:
            label = numbering.label(element) if numbering else ""
            lines += [" ".join(line.split()) for line in (label + paragraph_text(element)).split("\n")]
        else:
            lines += [cell_text(inner, numbering) for inner in element.iter(TC)]
    return "\n".join(line for line in lines if line)


# A slot covered by a merged neighbour (distinct from None, an empty slot no cell occupies).
_COVERED = object()


def table_slots(table: etree._Element) -> list[list]:
    """The table's rows on its grid: the ``w:tc`` starting in each slot, ``_COVERED`` or ``None``."""
    rows: list[list] = []
    for tr in table.iterchildren(TR):
        row: list = [None] * _grid_before(tr)
        for tc in _row_cells(tr):
            span = _int_property(tc, "w:gridSpan", 1)
            merge = _v_merge(tc)
            column = len(row)
            if merge == "continue" and rows and _starts_above(rows, column):
                row.append(_COVERED)
            else:
                row.append(tc)
            row += [_COVERED] * (span - 1)
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return [row + [None] * (width - len(row)) for row in rows]


def _row_cells(tr: etree._Element):
    for element in tr:
        if element.tag == TC:
            yield element
        elif element.tag == SDT:
            content = element.find(SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(TC)


def _starts_above(rows: list[list], column: int) -> bool:
    """Whether some row above holds a cell (not an empty slot) in ``column``."""
    return any(column < len(row) and row[column] is not None for row in reversed(rows))


def _grid_before(tr: etree._Element) -> int:
    properties = tr.find(qn("w:trPr"))
    element = properties.find(qn("w:gridBefore")) if properties is not None else None
    return _int_value(element, 0)


def _int_property(tc: etree._Element, name: str, default: int) -> int:
    properties = tc.find(qn("w:tcPr"))
    element = properties.find(qn(name)) if properties is not None else None
    return max(1, _int_value(element, default))


def _int_value(element: etree._Element | None, default: int, attribute: str = "w:val") -> int:
    if element is None:
        return default
    try:
        return int(element.get(qn(attribute), default))
    except ValueError:
        return default


def _v_merge(tc: etree._Element) -> str | None:
    """``restart``, ``continue`` or None: a ``w:vMerge`` without a value continues the merge."""
    properties = tc.find(qn("w:tcPr"))
    element = properties.find(qn("w:vMerge")) if properties is not None else None
    if element is None:
        return None
    return element.get(qn("w:val"), "continue")


def is_layout_table(table: etree._Element, slots: list[list]) -> bool:
    if table.find(f".//{TBL}") is not None:
        return True
    if not slots or len(slots[0]) < 2:
        return True
    return any(len(cell_text(tc)) > LAYOUT_CELL_CHARS for row in slots for tc in row
               if tc is not None and tc is not _COVERED)


# --------------------------------------------------------------------------- list numbers

CHINESE_DIGITS = "〇一二三四五六七八九"
# Word number formats rendered; a list in any other format (bullets, …) gets no label.
NUMBER_FORMATS = {
    "decimal": str, "decimalHalfWidth": str, "decimalFullWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": lambda n: _chinese(n), "chineseCountingThousand": lambda n: _chinese(n),
    "taiwaneseCounting": lambda n: _chinese(n), "ideographTraditional": lambda n: _chinese(n),
    "ideographDigital": lambda n: "".join(CHINESE_DIGITS[int(d)] for d in str(n)),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26), "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": lambda n: _roman(n),
}
LEVEL_PLACEHOLDER = regex.compile(r"%([1-9])")


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (lists never run past 99)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[units] if units else "")


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


class Numbering:
    """Word's automatic list numbers, counted in document order per list (``numId``)."""

    def __init__(self, word) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → start, format, text
        self.style_numbers: dict[str, tuple[str, int | None]] = {}   # styleId → numId, ilvl
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read_numbering(numbering)
        try:
            self._read_styles(word.part.styles.element)
        except (KeyError, NotImplementedError, AttributeError):
            pass

    def _read_numbering(self, numbering: etree._Element) -> None:
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for element in numbering.iterchildren(qn("w:abstractNum")):
            abstract[element.get(qn("w:abstractNumId"))] = {
                _int_value(level, 0, "w:ilvl"): _level(level) for level in element.iterchildren(qn("w:lvl"))}
        for num in numbering.iterchildren(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(reference.get(qn("w:val")) if reference is not None else "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int_value(override, 0, "w:ilvl")
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = (_int_value(start, 1), *levels[ilvl][1:])
            self.levels[num.get(qn("w:numId"))] = levels

    def _read_styles(self, styles: etree._Element) -> None:
        direct: dict[str, tuple[str | None, int | None]] = {}
        based_on: dict[str, str] = {}
        for style in styles.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            direct[style_id] = _num_pr(style.find(qn("w:pPr")))
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                based_on[style_id] = parent.get(qn("w:val"))
        for style_id in direct:
            seen, current = set(), style_id
            while current is not None and current not in seen:
                seen.add(current)
                num_id, ilvl = direct.get(current, (None, None))
                if num_id is not None:
                    self.style_numbers[style_id] = (num_id, ilvl)
                    break
                current = based_on.get(current)

    def label(self, paragraph: etree._Element) -> str:
        """The list number Word shows before ``paragraph`` ("" when it has none); counts it."""
        properties = paragraph.find(qn("w:pPr"))
        num_id, ilvl = _num_pr(properties)
        if num_id is None and properties is not None:
            style = properties.find(qn("w:pStyle"))
            if style is not None:
                num_id, ilvl = self.style_numbers.get(style.get(qn("w:val")), (None, None))
        levels = self.levels.get(num_id or "")
        ilvl = ilvl or 0
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]
        _, number_format, text = levels[ilvl]
        if number_format not in NUMBER_FORMATS:
            return ""

        def number(match: regex.Match) -> str:
            level = int(match.group(1)) - 1
            start, level_format, _ = levels.get(level, (1, "decimal", ""))
            render = NUMBER_FORMATS.get(level_format, str)
            return render(counts.get(level, start))

        return LEVEL_PLACEHOLDER.sub(number, text)


def _level(level: etree._Element) -> tuple[int, str, str]:
    start, number_format, text = level.find(qn("w:start")), level.find(qn("w:numFmt")), level.find(qn("w:lvlText"))
    return (_int_value(start, 1), number_format.get(qn("w:val"), "decimal") if number_format is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "")


def _num_pr(properties: etree._Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a paragraph's or style's ``w:numPr``; numId ``0`` switches numbering off."""
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    if numbering is None:
        return None, None
    num_id = numbering.find(qn("w:numId"))
    ilvl = numbering.find(qn("w:ilvl"))
    value = num_id.get(qn("w:val")) if num_id is not None else None
    return value, (_int_value(ilvl, 0) if ilvl is not None else None)


# --------------------------------------------------------------------------- .doc / .wps

def convert_with_libreoffice(path: Path) -> bytes:
    """DOCX bytes of a ``.doc``/``.wps``/RTF file, converted by LibreOffice in a temporary folder."""
    soffice = next((found for name in SOFFICE_COMMANDS if (found := shutil.which(name))), None)
    if soffice is None:
        raise MissingDependency(
            "reading .doc/.wps files needs LibreOffice (the soffice command) on PATH; "
            "install LibreOffice Writer or save the file as .docx", str(path))
    with tempfile.TemporaryDirectory(prefix="govdisclose-") as folder:
        work = Path(folder)
        source = work / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ExtractionFailed(f"LibreOffice did not convert the file within {SOFFICE_TIMEOUT:g} s",
                                   str(path)) from error
        converted = work / "out" / "input.docx"
        if not converted.exists():
            reason = (stderr or b"").decode("utf-8", errors="replace").strip().splitlines()
            detail = f": {reason[-1]}" if reason else ""
            raise CorruptDocument(f"LibreOffice could not convert the file (exit {process.returncode}{detail})",
                                  str(path))
        return converted.read_bytes()
