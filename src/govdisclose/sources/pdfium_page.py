"""One PDF page read with pdfium (pypdfium2), shaped like a pdfplumber page.

Contract: ``PdfiumPage(document, index, doctop)`` exposes what ``pdf_text`` and ``pdf_route`` read
from a pdfplumber page (``chars``, ``rects``, ``lines``, ``curves``, ``images``, ``edges``,
``width``, ``height``, ``bbox``, ``extract_words``, ``dedupe_chars``, ``debug_tablefinder``,
``close``), as dicts with pdfplumber's keys and pdfplumber's coordinates (``top`` measured down
from the top of the MediaBox, a /Rotate 180 page turned as pdfminer turns it), so the table finder,
routing and mapping run unchanged on either engine. pdfplumber's own pure-Python pieces (its
``TableFinder``, ``extract_words``, ``dedupe_chars``, edge helpers) do the work on these dicts,
from the copy in ``govdisclose._vendor.pdfplumber_tables`` (pdfplumber's package would load pdfminer).

How each object is made to match pdfminer's:

- chars: the text page's chars without those pdfium generates (spaces, line breaks). A char's box
  is pdfminer's: from its origin, advance along the baseline, and from the font's descent to one
  font size above it, mapped through the text matrix (pdfium's own boxes use ascent and
  descent). A glyph with no Unicode mapping reads ``(cid:?)`` as pdfminer's ``(cid:N)`` does.
  A text object printing only whitespace, which the text page drops, is a space char
  (``_space_chars``), placed after the others.
- paths: each subpath (from a move-to) is its own object, as pdfminer splits them: two points a
  line, a closed axis-aligned four-sided one a rect, anything else a curve whose ``pts`` are the
  segment end points. Paths neither stroked nor filled (clip paths) are not drawn and not kept.
  Form XObjects are entered, their matrices applied.
- images: the image's unit square through its matrix (inline images too).

A page without a /MediaBox or turned a quarter raises ``LeftToPdfplumber`` (see there).
"""

from __future__ import annotations

import ctypes
import re
import struct
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNMAPPED = "(cid:?)"  # pdfminer writes (cid:N) for a glyph without Unicode; pdf_route counts them
# A char's size (its box's height, as pdfminer's) rounded: pdfplumber starts a new word group
# wherever the size of consecutive chars changes, and pdfium's 32-bit coordinates would make
# sizes of one font differ in the last digits along a rotated line.
SIZE_DIGITS = 4
MAX_FORM_DEPTH = 32  # nested Form XObjects entered at most this deep (a loop guard)
# pdfium's segment types as pdfminer's path operators.
_SEGMENT_OP = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_LINETO: "l",
               pdfium_c.FPDF_SEGMENT_BEZIERTO: "c"}
_SUBPATH = re.compile(r"m[^m]+")


def _by_address(function, restype, *argtypes):
    """pdfium's ``function`` taking and giving plain addresses (ints, ``None`` for NULL) instead
    of pypdfium2's typed pointers: ctypes then builds no pointer objects, which makes the calls
    made for every char 0.1-0.4 µs faster each."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_GET_UNICODE = _by_address(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _ADDRESS, _INT)
_IS_GENERATED = _by_address(pdfium_c.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_TEXT_OBJECT = _by_address(pdfium_c.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
_CHAR_ORIGIN = _by_address(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_LOOSE_BOX = _by_address(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
_MAP_ERROR = _by_address(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
_FONT_OF = _by_address(pdfium_c.FPDFTextObj_GetFont, _ADDRESS, _ADDRESS)
_FONT_SIZE = _by_address(pdfium_c.FPDFTextObj_GetFontSize, _INT, _ADDRESS, _ADDRESS)
_TEXT_MATRIX = _by_address(pdfium_c.FPDFText_GetMatrix, _INT, _ADDRESS, _INT, _ADDRESS)
# The only chars pdfium generates (FPDFText_IsGenerated): spaces and line breaks it inserts.
_GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))


class LeftToPdfplumber(pypdfium2.PdfiumError):
    """A page this engine does not read as pdfminer would: a page without a /MediaBox (pdfium
    would assume US Letter; pdfplumber fails on it), or one turned a quarter (/Rotate 90 or 270:
    pdfminer's char sizes there are the glyphs' advances, which pdfium does not give exactly)."""


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix(m, n)``)."""
    a0, b0, c0, d0, e0, f0 = m
    a1, b1, c1, d1, e1, f1 = n
    return (a0 * a1 + b0 * c1, a0 * b1 + b0 * d1, c0 * a1 + d0 * c1, c0 * b1 + d0 * d1,
            e0 * a1 + f0 * c1 + e1, e0 * b1 + f0 * d1 + f1)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _decimal(value: float) -> float:
    """The shortest decimal that rounds to pdfium's 32-bit ``value`` (the number the file wrote)."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(6, 10):
        shortest = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", shortest))[0] == single:
            return shortest
    return single


def _rotation_ctm(mediabox: tuple[float, float, float, float], rotate: int) -> Matrix:
    """pdfminer's page matrix (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(rotate, (1, 0, 0, 1, -x0, -y0))


@dataclass
class _Frame:
    """pdfplumber's page geometry: where pdfminer's coordinates land in pdfplumber's."""
    ctm: Matrix  # PDF user space → pdfminer's page space
    x_shift: float  # pdfplumber adds the (normalised, inverted) MediaBox's x0 ...
    top_shift: float  # ... and its top
    width: float
    height: float
    bbox: tuple[float, float, float, float]

    @classmethod
    def of(cls, page) -> _Frame:
        box = [ctypes.c_float() for _ in range(4)]
        if not pdfium_c.FPDFPage_GetMediaBox(page.raw, *(ctypes.byref(v) for v in box)):
            raise LeftToPdfplumber("the page has no /MediaBox")
        raw = (_decimal(box[0].value), _decimal(box[1].value), _decimal(box[2].value), _decimal(box[3].value))
        rotate = (pdfium_c.FPDFPage_GetRotation(page.raw) * 90) % 360
        if rotate in (90, 270):
            raise LeftToPdfplumber(f"the page is turned {rotate} degrees")
        x0, x1 = sorted((raw[0], raw[2]))
        y0, y1 = sorted((raw[1], raw[3]))
        height = y1 - y0
        bbox = (x0, height - y1, x1, height - y0)  # pdfplumber's _invert_box
        ctm = _rotation_ctm((x0, y0, x1, y1), rotate)
        return cls(ctm, bbox[0], bbox[1], bbox[2] - bbox[0], bbox[3] - bbox[1], bbox)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A PDF user-space point as pdfplumber's (x, top)."""
        px, py = _apply(self.ctm, x, y)
        return (px + self.x_shift, self.height - py + self.top_shift)


class PdfiumPage:
    """A page of an open ``pypdfium2.PdfDocument`` with pdfplumber's object lists (see module doc)."""

    def __init__(self, document: pypdfium2.PdfDocument, index: int, doctop: float = 0.0,
                 zero_metrics: frozenset[str] = frozenset()) -> None:
        self.page_number = index + 1
        self._zero_metrics = zero_metrics
        self._fonts: dict[int | None, tuple[str, float]] = {}  # pdfium font → (name, descent)
        self._size, self._matrix = ctypes.c_float(), pdfium_c.FS_MATRIX()  # _text_object's buffers
        self._page = document[index]
        self._frame = _Frame.of(self._page)
        self.width, self.height, self.bbox = self._frame.width, self._frame.height, self._frame.bbox
        self.initial_doctop = doctop
        self._objects: dict[str, list[dict]] | None = None
        self._edges: list[dict] | None = None

    # pdfplumber's Container interface -------------------------------------------------------
    @property
    def objects(self) -> dict[str, list[dict]]:
        if self._objects is None:
            objects: dict[str, list[dict]] = {"char": self._read_chars(), "line": [], "rect": [],
                                              "curve": [], "image": []}
            page = self._page.raw
            self._read_objects(IDENTITY, objects, 0, lambda i: pdfium_c.FPDFPage_GetObject(page, i),
                               pdfium_c.FPDFPage_CountObjects(page))
            self._objects = objects
        return self._objects

    chars = property(lambda self: self.objects["char"])
    lines = property(lambda self: self.objects["line"])
    rects = property(lambda self: self.objects["rect"])
    curves = property(lambda self: self.objects["curve"])
    images = property(lambda self: self.objects["image"])

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            from .._vendor.pdfplumber_tables import utils

            self._edges = ([utils.line_to_edge(line) for line in self.lines]
                           + [edge for rect in self.rects for edge in utils.rect_to_edges(rect)]
                           + [edge for curve in self.curves for edge in utils.curve_to_edges(curve)])
        return self._edges

    def extract_words(self, **kwargs) -> list[dict]:
        from .._vendor.pdfplumber_tables import utils

        return utils.extract_words(self.chars, **kwargs)

    def debug_tablefinder(self, table_settings: dict | None = None):
        """pdfplumber's table finder on this page, its cell step faster (``table_cells``)."""
        from .._vendor.pdfplumber_tables.table import TableSettings
        from .table_cells import TableFinder

        return TableFinder(self, TableSettings.resolve(table_settings))

    def dedupe_chars(self, **kwargs) -> PdfiumPage:
        """A copy of this page whose chars lose pdfplumber's duplicates (fake-bold glyphs)."""
        from .._vendor.pdfplumber_tables import utils

        copy = object.__new__(PdfiumPage)
        copy.__dict__.update(self.__dict__)
        copy._objects = {**self.objects, "char": utils.dedupe_chars(self.chars, **kwargs)}
        return copy

    def close(self) -> None:
        self._objects, self._edges = None, None
        self._page.close()

    # chars ---------------------------------------------------------------------------------
    def _read_chars(self) -> list[dict]:
        textpage = self._page.get_textpage()
        try:
            chars, drawn = self._chars_of(textpage.raw)
        finally:
            textpage.close()
        page = self._page.raw
        return chars + self._space_chars(drawn, IDENTITY, 0, lambda i: pdfium_c.FPDFPage_GetObject(page, i),
                                         pdfium_c.FPDFPage_CountObjects(page))

    def _space_chars(self, drawn: set[int], outer: Matrix, depth: int, get, count: int) -> list[dict]:
        """A space char for each text object of only whitespace, which pdfium's text page drops
        or turns into a space of its own (Chromium writes a space as its own object): pdfminer
        reads it, and it parts the words around it (``1 2`` is not ``12``). Such an object draws
        no char of the text page (``drawn``: those that do) and its box is a point (a space has no
        outline; a duplicate pdfium dropped has its glyphs' box). Its box is pdfminer's without
        the advance (pdfium gives none)."""
        found: list[dict] = []
        matrix, box = pdfium_c.FS_MATRIX(), [ctypes.c_float() for _ in range(4)]
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if ctypes.addressof(obj.contents) in drawn:
                    continue
                pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box))
                if box[0].value != box[2].value or box[1].value != box[3].value:
                    continue
            elif kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth >= MAX_FORM_DEPTH:
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            own = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                found += self._space_chars(drawn, own, depth + 1,
                                           lambda k, form=obj: pdfium_c.FPDFFormObj_GetObject(form, k),
                                           pdfium_c.FPDFFormObj_CountObjects(obj))
                continue
            if not own[1] and not own[2]:  # upright (a turned space is left out)
                info = self._text_object(None, 0, ctypes.addressof(obj.contents), own[:4])
                found.append(self._char(" ", info, own[4], own[5], None))
        return found

    def _chars_of(self, text) -> tuple[list[dict], set[int]]:
        """The text page's chars, and the text objects drawing them (by address). pdfium generates
        only spaces and line breaks (``_GENERATED_CODES``), so only those are asked whether they
        were generated (one ctypes call less for every other char)."""
        origin_x, origin_y, loose = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
        addressof = ctypes.addressof
        x_ref, y_ref, loose_ref = addressof(origin_x), addressof(origin_y), addressof(loose)
        is_generated, unicode_of, text_object = _IS_GENERATED, _GET_UNICODE, _TEXT_OBJECT
        origin_of, loose_box, map_error = _CHAR_ORIGIN, _LOOSE_BOX, _MAP_ERROR
        page, char = ctypes.cast(text, ctypes.c_void_p).value, self._char
        objects: dict[int, tuple] = {}  # text object → (font name, descent, font size, matrix)
        chars: list[dict] = []
        pending_high = 0  # a UTF-16 high surrogate waiting for its low half
        for i in range(pdfium_c.FPDFText_CountChars(text)):
            code = unicode_of(page, i)
            if code in _GENERATED_CODES and is_generated(page, i) == 1:
                continue
            if 0xD800 <= code < 0xDC00:
                pending_high = code
                continue
            if 0xDC00 <= code < 0xE000 and pending_high:
                code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
            pending_high = 0
            key = text_object(page, i)  # the object's address
            if not key:
                continue
            info = objects.get(key)
            if info is None:
                info = objects[key] = self._text_object(page, i, key)
            origin_of(page, i, x_ref, y_ref)
            loose_box(page, i, loose_ref)
            chars.append(char(UNMAPPED if map_error(page, i) == 1 else chr(code),
                              info, origin_x.value, origin_y.value, loose))
        return chars, set(objects)

    def _char(self, text: str, info: tuple, ox: float, oy: float, loose) -> dict:
        """pdfminer's char dict of a glyph of the text object ``info`` (``_text_object``) at
        origin (ox, oy), PDF user space; ``loose`` is pdfium's loose box (None: no advance).
        ``_Frame.point`` and ``_multiply`` are written out here (same arithmetic, same order):
        this runs for every char."""
        frame = self._frame
        m0, m1, m2, m3, m4, m5 = frame.ctm
        x_shift, top_shift, height = frame.x_shift, frame.top_shift, frame.height
        fontname, font_descent, fontsize, (a, b, c, d) = info
        # The advance along the baseline, in text space: pdfium's loose box spans it (times |a|).
        advance = (loose.right - loose.left) / abs(a) if loose is not None and a and not b and not c else 0.0
        if advance or loose is None:  # an axis-aligned box: two opposite corners are enough
            low = font_descent * fontsize
            step = a if fontsize >= 0 else -a  # the glyph runs left of its origin when a × size < 0
            xs, ys = ox, oy + d * low
            xe, ye = ox + step * advance, oy + d * (low + fontsize)
        else:  # rotated or skewed text: pdfium's box, not pdfminer's
            xs, ys = loose.left, loose.bottom
            xe, ye = loose.right, loose.top
        xa = m0 * xs + m2 * ys + m4 + x_shift
        ya = height - (m1 * xs + m3 * ys + m5) + top_shift
        xb = m0 * xe + m2 * ye + m4 + x_shift
        yb = height - (m1 * xe + m3 * ye + m5) + top_shift
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        top, bottom = (ya, yb) if ya <= yb else (yb, ya)
        # pdfminer's matrix: the page's rotation in it (``_multiply((a, b, c, d, ox, oy), ctm)``)
        matrix = (a * m0 + b * m2, a * m1 + b * m3, c * m0 + d * m2, c * m1 + d * m3,
                  ox * m0 + oy * m2 + m4, ox * m1 + oy * m3 + m5)
        return {
            "text": text, "fontname": fontname, "size": round(bottom - top, SIZE_DIGITS), "adv": advance,
            "upright": matrix[0] * matrix[3] > 0 and matrix[1] * matrix[2] <= 0, "matrix": matrix,
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": self.initial_doctop + top,
            "y0": height - bottom + top_shift, "y1": height - top + top_shift,
            "width": x1 - x0, "height": bottom - top, "object_type": "char", "page_number": self.page_number,
        }

    def _text_object(self, text: int | None, index: int, obj: int, linear: tuple[float, ...] | None = None
                     ) -> tuple[str, float, float, tuple[float, ...]]:
        """(font name, descent as a share of the size, font size, text matrix's linear part) of
        the text object drawing char ``index`` (pdfium gives every char of an object its matrix),
        or drawing no char, its matrix's ``linear`` part given. ``text`` (the text page) and
        ``obj`` are addresses (``_by_address``)."""
        key = _FONT_OF(obj)
        if key not in self._fonts:
            self._fonts[key] = self._font(ctypes.cast(key, pdfium_c.FPDF_FONT))
        name, descent = self._fonts[key]
        size, matrix = self._size, self._matrix  # a failed call reads 0, as a fresh buffer would
        font_size = size.value if _FONT_SIZE(obj, ctypes.addressof(size)) else 0.0
        if linear is not None:
            return name, descent, font_size, linear
        if not _TEXT_MATRIX(text, index, ctypes.addressof(matrix)):
            return name, descent, font_size, (0.0, 0.0, 0.0, 0.0)
        return name, descent, font_size, (matrix.a, matrix.b, matrix.c, matrix.d)

    def _font(self, font) -> tuple[str, float]:
        """(base name, descent as a share of the size, as pdfminer takes it) of a pdfium font."""
        buffer = ctypes.create_string_buffer(256)
        length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
        name = buffer.raw[:max(0, length - 1)].decode("utf-8", errors="replace")
        if name and name in self._zero_metrics:
            return name, 0.0
        value = ctypes.c_float()
        pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(value))
        return name, min(value.value, -value.value)

    # paths and images ----------------------------------------------------------------------
    def _read_objects(self, outer: Matrix, objects: dict[str, list[dict]], depth: int, get, count: int) -> None:
        """Paths and images of a page or Form XObject; ``outer`` maps its space to user space."""
        matrix = pdfium_c.FS_MATRIX()
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            own = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self._read_path(obj, own, objects)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                points = [self._frame.point(*_apply(own, x, y)) for x in (0.0, 1.0) for y in (0.0, 1.0)]
                objects["image"].append(self._boxed("image", points))
            elif depth < MAX_FORM_DEPTH:
                self._read_objects(own, objects, depth + 1,
                                   lambda k, form=obj: pdfium_c.FPDFFormObj_GetObject(form, k),
                                   pdfium_c.FPDFFormObj_CountObjects(obj))

    def _read_path(self, obj, matrix: Matrix, objects: dict[str, list[dict]]) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        if not fill_mode.value and not stroke.value:
            return  # a clip path: pdfminer draws nothing for it
        x, y = ctypes.c_float(), ctypes.c_float()
        ops: list[tuple] = []  # pdfminer's path: (op, *points) with the points in user space
        curve: list[tuple[float, float]] = []
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            op = _SEGMENT_OP.get(pdfium_c.FPDFPathSegment_GetType(segment))
            if op is None:
                continue
            point = _apply(matrix, x.value, y.value)
            if op == "c":
                curve.append(point)
                if len(curve) < 3:
                    continue
                ops.append(("c", *curve))
                curve = []
            else:
                ops.append((op, point))
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                ops.append(("h",))
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
        style = {"linewidth": width.value, "stroke": bool(stroke.value), "fill": bool(fill_mode.value),
                 "evenodd": fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE}
        shape = "".join(op[0] for op in ops)
        if shape.count("m") > 1:
            for found in _SUBPATH.finditer(shape):
                self._paint(ops[found.start():found.end()], style, objects)
        else:
            self._paint(ops, style, objects)

    def _paint(self, path: list[tuple], style: dict, objects: dict[str, list[dict]]) -> None:
        """pdfminer's ``PDFLayoutAnalyzer.paint_path`` for one subpath: a line, rect or curve."""
        shape = "".join(op[0] for op in path)
        if shape[:1] != "m":
            return
        raw = [op[-1] if op[0] != "h" else path[0][-1] for op in path]
        if len(shape) > 3 and shape[-2:] == "lh" and raw[-2] == raw[0]:
            shape = shape[:-2] + "h"
            raw.pop()
        frame = self._frame
        pts = [frame.point(*point) for point in raw]
        kind = "curve"
        if shape in ("mlh", "ml"):
            kind, pts = "line", pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = raw
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if raw[0] == raw[4] and square:
                kind = "rect"
        item = self._boxed(kind, pts if kind != "rect" else [pts[0], pts[2]])
        item.update(style)
        item["pts"] = pts
        item["path"] = [(op[0], *(frame.point(*p) for p in op[1:])) for op in path]
        objects[kind].append(item)

    def _boxed(self, kind: str, points: list[tuple[float, float]]) -> dict:
        """pdfplumber's object dict for ``kind`` bounding ``points`` (pdfplumber coordinates)."""
        x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
        top, bottom = min(p[1] for p in points), max(p[1] for p in points)
        height = self._frame.height + self._frame.top_shift
        return {"object_type": kind, "page_number": self.page_number, "x0": x0, "x1": x1,
                "top": top, "bottom": bottom, "doctop": self.initial_doctop + top,
                "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top}
