"""Per-page routing of a PDF: is the text layer usable, or must the page (or an image on it) be OCR'd?

Contract: ``route_page(page)`` looks at a pdfplumber page's characters and images only (no
rendering, so text pages pay nothing) and returns a ``PageRoute``. ``kind == "ocr"`` sends the
whole page to OCR; a text page may still name ``image_regions``, pictures large enough to hold a
table and with no text over them, which are OCR'd on their own and read alongside the text.
A short page (fewer than ``MIN_CHARS`` characters, e.g. a last page holding only "八、其他需要报告的
事项 无。" or the signature and date) stays on the text path when its characters are Chinese text
and nothing else on it could hold more; a blank page is a text page with nothing on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from ..document import BBox

# Fewer visible characters than this and the page has no usable text layer.
MIN_CHARS = 20
# Share of characters pdfminer could not map to Unicode (printed as "(cid:123)") that makes a layer garbage.
MAX_CID_SHARE = 0.3
# Share of Han among letters (Han + Latin + other scripts) below which a layer is not Chinese text
# (mojibake from a broken ToUnicode map reads as Latin-1 or random CJK-compatibility letters).
MIN_HAN_SHARE = 0.5
MIN_LETTERS = 20
# On a short page, this many letters are enough to judge the script.
MIN_SHORT_LETTERS = 4
# A page with few characters but this many points of curved or slanted paths shows text drawn as
# glyph outlines (PDF printers' "text as curves"); a seal or a rule grid has far fewer.
MIN_OUTLINE_POINTS = 300
# An image covering this share of the page makes it a scan, whatever text lies over it.
FULL_PAGE_SHARE = 0.8
# An image on a text page is OCR'd as a table when it is at least this wide and tall (share of
# the page) and carries at most a few characters over it.
IMAGE_MIN_WIDTH_SHARE = 0.3
IMAGE_MIN_HEIGHT_SHARE = 0.08
IMAGE_MAX_CHARS = 5

_HAN = regex.compile(r"\p{Han}")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class PageRoute:
    page: int
    kind: Literal["text", "ocr"]
    reason: str
    image_regions: tuple[BBox, ...] = ()


def route_page(page, number: int) -> PageRoute:
    """Decide how page ``number`` (1-based) is read; ``reason`` says why, for logs and tests."""
    chars = [c for c in page.chars if c["text"].strip()]
    area = float(page.width * page.height) or 1.0
    images = [_box(image) for image in page.images]
    if any(_area(box) >= FULL_PAGE_SHARE * area for box in images):
        return PageRoute(number, "ocr", "full-page image")
    short = len(chars) < MIN_CHARS
    if short:
        if sum(len(curve["pts"]) for curve in page.curves) >= MIN_OUTLINE_POINTS:
            return PageRoute(number, "ocr", "text drawn as outlines")
        if images and (not chars or any(_is_table_sized(box, page) for box in images)):
            return PageRoute(number, "ocr", "no text layer")
        if not chars:
            return PageRoute(number, "text", "blank page")
    cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if cid >= MAX_CID_SHARE * len(chars):
        return PageRoute(number, "ocr", "unmapped glyphs (cid)")
    letters = [c["text"] for c in chars if _LETTER.match(c["text"])]
    han = sum(1 for text in letters if _HAN.match(text))
    if len(letters) >= (MIN_SHORT_LETTERS if short else MIN_LETTERS) and han < MIN_HAN_SHARE * len(letters):
        return PageRoute(number, "ocr", "text layer is not Chinese")
    regions = tuple(
        box for box in images
        if _is_table_sized(box, page) and sum(1 for c in chars if _centre_in(c, box)) <= IMAGE_MAX_CHARS
    )
    if regions:
        return PageRoute(number, "text", "image table", regions)
    return PageRoute(number, "text", "short text layer" if short else "text layer")


def _is_table_sized(box: BBox, page) -> bool:
    """An image large enough to hold a table (see IMAGE_MIN_WIDTH_SHARE)."""
    return (box[2] - box[0] >= IMAGE_MIN_WIDTH_SHARE * page.width
            and box[3] - box[1] >= IMAGE_MIN_HEIGHT_SHARE * page.height)


def _box(obj: dict) -> BBox:
    return (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _centre_in(char: dict, box: BBox) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
