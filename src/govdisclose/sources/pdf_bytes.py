"""What a PDF's bytes say before any PDF library reads them: found by searching the raw file and
its object streams, not by parsing it.

Contract: ``object_streams(data)`` inflates the Flate object streams (at most ``MAX_INFLATED``
bytes); ``zero_metric_fonts`` and ``page_dict_count`` search the bytes and those streams. Both are
hints for the pdfium engine (``pdf_text``, ``pdfium_page``), exact for files as PDF writers make
them; a name written with ``#`` escapes or a comment inside a dictionary may hide an entry.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple


def page_dict_count(data: bytes, streams: ObjectStreams | None = None) -> int | None:
    """How many page dictionaries (``/Type /Page``) the file holds, in its bytes and its object
    streams; None when an object stream could not be read. pdfminer's page-tree walk visits each
    page object once and takes only these (a direct ``/Type /Page``; ``/type`` too), so it never
    counts more pages than this (``pdf_text._needs_pdfminer_check``)."""
    streams = streams or object_streams(data)
    if not streams.complete:
        return None
    return sum(len(_PAGE_TYPE.findall(buffer)) for buffer in (data, *streams.inflated))


def zero_metric_fonts(data: bytes, streams: ObjectStreams | None = None) -> frozenset[str]:
    """Base names (subset tag removed) of the fonts whose descriptor gives neither /Ascent nor
    /Descent, or 0 for both (LibreOffice writes that).

    pdfminer boxes a glyph from the descriptor's /Descent (0 then); pdfium replaces the pair with
    metrics of its own (from glyphs 'A' and 'g', or the font's box). Everywhere else pdfium's
    descent is the descriptor's. The descriptors are found in the file's bytes, and in its
    Flate-compressed object streams; a name seen with other metrics too is left out. Type 3
    fonts (pdfminer boxes them from /FontBBox) have no base name in pdfium, so never match.
    ``streams``: ``object_streams(data)`` when the caller has it.
    """
    streams = streams or object_streams(data)
    zero: set[str] = set()
    other: set[str] = set()
    for buffer in (data, *streams.inflated):
        for found in _DESCRIPTOR.finditer(buffer):
            body = _dict_around(buffer, found.start())
            name = _FONT_NAME.search(body)
            if not name:
                continue
            metrics = [_number(regex.search(body)) for regex in (_ASCENT, _DESCENT)]
            base = _SUBSET_TAG.sub("", _unescape_name(name.group(1)))
            (zero if metrics == [0.0, 0.0] else other).add(base)
    return frozenset(zero - other)


_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()%{}]+)")
_ASCENT = re.compile(rb"/Ascent\s*([-+]?[\d.]+)")
_DESCENT = re.compile(rb"/Descent\s*([-+]?[\d.]+)")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_PAGE_TYPE = re.compile(rb"/[Tt]ype\s*/Page(?=[\s/<>\[\]()%{}]|$)")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM_START = re.compile(rb"stream\r?\n")
MAX_INFLATED = 64 * 2**20  # bytes of object streams inflated at most (a zip bomb guard)


def _dict_around(buffer: bytes, position: int) -> bytes:
    """The top level of the dictionary holding ``position`` (nested dictionaries cut out)."""
    depth, start = 0, position
    while start > 1:
        start = max(buffer.rfind(b"<<", 0, start), buffer.rfind(b">>", 0, start))
        if start < 0:
            return b""
        if buffer.startswith(b">>", start):
            depth += 1
        elif depth:
            depth -= 1
        else:
            break
    depth, end, parts, piece = 0, start + 2, [], start + 2
    while True:
        opening, closing = buffer.find(b"<<", end), buffer.find(b">>", end)
        if closing < 0:
            return b"".join(parts)
        if 0 <= opening < closing:
            if not depth:
                parts.append(buffer[piece:opening])
            depth, end = depth + 1, opening + 2
        elif depth:
            depth, end = depth - 1, closing + 2
            piece = end if not depth else piece
        else:
            parts.append(buffer[piece:closing])
            return b"".join(parts)


class ObjectStreams(NamedTuple):
    """The inflated contents of a file's Flate-compressed object streams; ``complete`` is False
    when one was left out (another filter, broken data, past ``MAX_INFLATED``)."""

    inflated: list[bytes]
    complete: bool


def object_streams(data: bytes) -> ObjectStreams:
    """The file's object streams (see ``ObjectStreams``)."""
    streams, total, complete = [], 0, True
    for found in _OBJECT_STREAM.finditer(data):
        start = _STREAM_START.search(data, found.end())
        end = data.find(b"endstream", start.end()) if start else -1
        if end < 0 or b"FlateDecode" not in _dict_around(data, found.start()):
            complete = False
            continue
        try:
            inflated = zlib.decompressobj().decompress(data[start.end():end], MAX_INFLATED - total)
        except zlib.error:
            complete = False
            continue
        total += len(inflated)
        streams.append(inflated)
        if total >= MAX_INFLATED:
            return ObjectStreams(streams, False)
    return ObjectStreams(streams, complete)


def _number(found) -> float:
    try:
        return float(found.group(1)) if found else 0.0
    except ValueError:
        return float("nan")


def _unescape_name(raw: bytes) -> str:
    """A PDF name's bytes (``#xx`` escapes decoded) as pdfium gives it: UTF-8 text."""
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return decoded.decode("utf-8", errors="replace")
