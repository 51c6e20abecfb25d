"""A bounded fuzz of the PDF path (issue 8): mutated bytes of a generated report PDF.

Bytes of ``t2021_basic.pdf`` are flipped, deleted, inserted, overwritten or cut, in three
regions: the tail (xref table, trailer, startxref), the page content streams (compressed text
and ruling operators) and anywhere in the file. ``parse()`` must return an ``AnnualReport`` or
raise a ``GovDiscloseError``; any other exception fails the test.

What else is provable, and asserted:

- Tail only: the objects are untouched, so every cell of a report that parses is the original
  cell (value, kind and raw). Cells may be missing: an xref entry pointing at the wrong offset
  is trusted by pdfminer (no rescan) and that object (a page, its content) is lost.
- Anywhere: a damaged deflate stream can decode to different text (a digit may become another
  digit), so the original numbers cannot be required. What holds is that the parser invents
  nothing: every number cell's value is what its raw text prints, and that raw text was read
  from the mutated file (it is in the text of the ``Document`` the source adapter built).

Derandomized, with bounded examples (about 30 s on an idle 2-core machine).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
import regex

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import govdisclose  # noqa: E402
from govdisclose.document import Document, Grid  # noqa: E402
from govdisclose.mapping.values import read_value  # noqa: E402
from govdisclose.normalize import nfkc  # noqa: E402
from govdisclose.parse import parse_document  # noqa: E402
from govdisclose.sources import load  # noqa: E402

from .conftest import FIXTURES  # noqa: E402

ORIGINAL = (FIXTURES / "t2021_basic.pdf").read_bytes()
TRUTH = json.loads((FIXTURES / "t2021_basic.truth.json").read_text(encoding="utf-8"))
TRUTH_CELLS = {(c["table"], c["row"], c["column"]): (c["value"], c["kind"], c["raw"]) for c in TRUTH["cells"]}


def _content_streams(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the page content streams' data."""
    ranges = []
    for number in sorted({int(n) for n in regex.findall(rb"/Contents (\d+) 0 R", data)}):
        start = regex.search(rb"(?<![0-9])%d 0 obj" % number, data).start()
        data_start = data.index(b"stream", start) + len(b"stream")
        data_start += 2 if data[data_start:data_start + 2] == b"\r\n" else 1
        ranges.append((data_start, data.index(b"endstream", data_start)))
    return ranges


REGIONS: dict[str, list[tuple[int, int]]] = {
    "tail": [(ORIGINAL.rindex(b"endobj") + len(b"endobj"), len(ORIGINAL))],
    "content": _content_streams(ORIGINAL),
    "anywhere": [(0, len(ORIGINAL))],
}
# A page that lost its text layer would go to OCR (seconds each): the pixel limit stops it at once
# with TooLarge, a typed error, so the fuzz stays on the text path. Timeout bounds the rest.
FUZZ_LIMITS = govdisclose.Limits(max_render_pixels=1, max_seconds=20)
MUTATIONS = ("flip", "delete", "insert", "overwrite", "truncate")
# No shrinking: each example parses a whole PDF, and the first failing edits are reproducer enough.
FUZZ = settings(derandomize=True, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


Edit = tuple[int, str, int, bytes]  # offset, mutation, length (or bit), payload


@st.composite
def edits_in(draw, region: str) -> list[Edit]:
    """One to three mutations inside ``region`` (a short repr when a failure is reported)."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        low, high = draw(st.sampled_from(REGIONS[region]))
        edits.append((draw(st.integers(low, high - 1)), draw(st.sampled_from(MUTATIONS)),
                      draw(st.integers(1, 64)), draw(st.binary(min_size=1, max_size=64))))
    return sorted(edits, reverse=True)  # applied from the end: offsets stay valid


def mutated(edits: list[Edit]) -> bytes:
    data = bytearray(ORIGINAL)
    for at, kind, length, payload in edits:
        if at >= len(data):
            continue  # cut off by a truncation at the same or a later offset
        if kind == "flip":
            data[at] ^= 1 << (length % 8)
        elif kind == "delete":
            del data[at:at + length]
        elif kind == "insert":
            data[at:at] = payload
        elif kind == "overwrite":
            data[at:at + len(payload)] = payload
        else:
            del data[at:]
    return bytes(data)


def parse_bytes(data: bytes) -> tuple[govdisclose.AnnualReport | None, str]:
    """``parse()`` of the bytes (None after a typed error), and the text of the Document it read."""
    handle, name = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        try:
            document = load(name, FUZZ_LIMITS)
            report = parse_document(document, "fuzz.pdf")
        except govdisclose.GovDiscloseError as error:
            assert "\n" not in str(error)
            return None, ""
        return report, document_text(document)
    finally:
        Path(name).unlink()


def document_text(document: Document) -> str:
    """Every text line and grid cell of a Document, as extracted."""
    texts = []
    for block in document.blocks:
        if isinstance(block, Grid):
            texts += [cell.text for row in block.rows for cell in row if cell is not None]
        else:
            texts.append(block.text)
    return "\n".join(texts)


def squeezed(text: str) -> str:
    return regex.sub(r"\s+", "", nfkc(text))


def assert_invents_nothing(report: govdisclose.AnnualReport, text: str) -> None:
    printed = squeezed(text)
    for cell in report.cells():
        if cell.kind != "number":
            assert cell.value is None, cell
            continue
        assert (read_value(cell.raw).kind, read_value(cell.raw).value) == ("number", cell.value), cell
        if regex.fullmatch(r"\d+", cell.raw.strip()):
            assert cell.value == int(cell.raw.strip())
        assert squeezed(cell.raw) in printed, cell


def cells_of(report: govdisclose.AnnualReport) -> dict:
    return {(c.table, c.row, c.column): (c.value, c.kind, c.raw) for c in report.cells()}


def test_the_original_parses_to_its_truth():
    report, text = parse_bytes(ORIGINAL)
    assert report is not None and cells_of(report) == TRUTH_CELLS
    assert_invents_nothing(report, text)
    assert len(REGIONS["content"]) == TRUTH["meta"]["page_count"]


@settings(FUZZ, max_examples=25)
@given(edits_in("tail"))
def test_a_damaged_xref_or_trailer_changes_no_cell(edits):
    report, text = parse_bytes(mutated(edits))
    if report is not None:
        cells = cells_of(report)
        assert {key: cells[key] for key in cells if cells[key] != TRUTH_CELLS.get(key)} == {}
        assert_invents_nothing(report, text)


@settings(FUZZ, max_examples=25)
@given(edits_in("content"))
def test_damaged_content_streams_give_a_report_or_a_typed_error(edits):
    report, text = parse_bytes(mutated(edits))
    if report is not None:
        assert_invents_nothing(report, text)


@settings(FUZZ, max_examples=25)
@given(edits_in("anywhere"))
def test_damage_anywhere_gives_a_report_or_a_typed_error(edits):
    report, text = parse_bytes(mutated(edits))
    if report is not None:
        assert_invents_nothing(report, text)


@pytest.mark.parametrize("media_box", [b"/MediaBox [ 0 0 ]", b"/MediaBox null", b"/MediaBox [ 0 0 595 /x ]"])
def test_a_broken_media_box_is_a_typed_error_or_a_report(media_box):
    """Found by the fuzz: pdfplumber's ``close()`` builds every page again and raised a bare
    TypeError/IndexError over the CorruptDocument raised inside the ``with pdf:`` block."""
    report, text = parse_bytes(regex.sub(rb"/MediaBox \[[^\]]*\]", media_box, ORIGINAL, count=1))
    if report is not None:
        assert_invents_nothing(report, text)


# Edits the fuzz found (random runs) that raised an untyped exception; kept as fixed cases.
FOUND: dict[str, list[Edit]] = {
    # pdfplumber's close() builds the pages again and raises over the CorruptDocument (pdf_text.py)
    "page_dictionary": [(212, "overwrite", 7, b"\x05\xbd\xfc\x9b6")],
    "media_box_bytes": [(803, "delete", 14, b"O"), (165, "insert", 55, b"\xb1\xc8\xdd\x8b\x8f\x12\xb7_#")],
    # the page goes to OCR, and pypdfium2 cannot load it: PdfiumError (pdf_ocr.py)
    "pdfium_page": [(59, "delete", 59, b"6"), (59, "delete", 51, b"6")],
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_damage_the_fuzz_found_is_a_typed_error_or_a_report(name):
    report, text = parse_bytes(mutated(FOUND[name]))
    if report is not None:
        assert_invents_nothing(report, text)
