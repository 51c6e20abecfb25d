"""Compatibility code points folded to the unified ideographs they print, once, where a ``Document``
is built (``fold_document``, called by ``sources.load`` for every source).

Chromium (Skia) and some Word/WPS exports write a font's ToUnicode map from its cmap, and CJK
fonts map one glyph to several code points: ``一`` comes out as the Kangxi radical U+2F00, ``民``
as the CJK Radicals Supplement U+2EA0. The tables below are data:

- Kangxi Radicals U+2F00–U+2FD5 and CJK Compatibility Ideographs (U+F900–U+FAFF,
  U+2F800–U+2FA1F): their NFKC form, except where simplified-Chinese fonts draw another
  character (``SC_OVERRIDES``).
- CJK Radicals Supplement U+2E80–U+2EF3, which NFKC leaves alone: ``RADICALS_SUPPLEMENT``, the
  unified ideograph sharing the radical's glyph in Noto Sans/Serif CJK SC (Debian
  ``fonts-noto-cjk``; for each radical in a font's cmap, the U+4E00–U+9FFF code points mapped to
  the same glyph, kept when all SC faces agree on exactly one; read with fontTools'
  ``TTCollection(path).fonts[i].getBestCmap()``). Radicals that are only components, such as
  U+2E80, are left as printed.
- Full-width digits and Latin letters, ``．`` and ``％``: ASCII. Chinese punctuation and the
  ideographic space stay (they are how Chinese text is printed).

A span whose text changed keeps the printed text in ``Span.printed``: cell ``raw`` is what was
printed, while recognition and mapping read the folded ``text``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from .document import Document, Grid, Span, TextLine

# Kangxi radicals whose NFKC form is a traditional character where SC fonts draw the simplified one.
SC_OVERRIDES = {"\u2f3e": "户"}  # ⼾: NFKC 戶 (U+6236)

RADICALS_SUPPLEMENT = {
    "\u2e82": "乛", "\u2e83": "乚", "\u2e85": "亻", "\u2e89": "刂", "\u2e8e": "兀", "\u2e8f": "尣",
    "\u2e90": "尢", "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彑", "\u2e95": "彐", "\u2e96": "忄",
    "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "旡", "\u2e9e": "歺", "\u2e9f": "母", "\u2ea0": "民",
    "\u2ea1": "氵", "\u2ea3": "灬", "\u2ea4": "爫", "\u2ea6": "丬", "\u2ea8": "犭", "\u2eab": "罒",
    "\u2ead": "礻", "\u2eaf": "糹", "\u2eb0": "纟", "\u2eb1": "罓", "\u2eb2": "罒", "\u2eb9": "耂",
    "\u2eba": "肀", "\u2ebe": "艹", "\u2ec1": "虎", "\u2ec2": "衤", "\u2ec3": "覀", "\u2ec5": "见",
    "\u2ec6": "角", "\u2ec8": "讠", "\u2ec9": "贝", "\u2ecb": "车", "\u2ecc": "辶", "\u2ed0": "钅",
    "\u2ed1": "長", "\u2ed2": "镸", "\u2ed3": "长", "\u2ed4": "门", "\u2ed6": "阝", "\u2ed8": "青",
    "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2edf": "飠",
    "\u2ee0": "饣", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟",
    "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉", "\u2eec": "齐",
    "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙", "\u2ef1": "龜", "\u2ef2": "亀", "\u2ef3": "龟",
}

_KANGXI = range(0x2F00, 0x2FD6)
_COMPATIBILITY_IDEOGRAPHS = (*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20))
_FULL_WIDTH = (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF0E, 0xFF05)


def _folding_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*_KANGXI, *_COMPATIBILITY_IDEOGRAPHS, *_FULL_WIDTH):
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code) and len(folded) == 1:
            table[code] = folded
    for char, unified in (*SC_OVERRIDES.items(), *RADICALS_SUPPLEMENT.items()):
        table[ord(char)] = unified
    return table


FOLDING = _folding_table()


def fold(text: str) -> str:
    """``text`` with every compatibility code point above replaced by the character it prints."""
    return text.translate(FOLDING)


def fold_document(document: Document) -> Document:
    """The document with every line, word, cell and info value folded; spans keep what was printed."""
    blocks = []
    for block in document.blocks:
        if isinstance(block, TextLine):
            block = replace(block, text=fold(block.text), words=[_span(word) for word in block.words])
        elif isinstance(block, Grid):
            block = replace(block, rows=[[_span(cell) for cell in row] for row in block.rows])
        blocks.append(block)
    info = {key: fold(value) if isinstance(value, str) else value for key, value in document.info.items()}
    return replace(document, blocks=blocks, info=info)


def _span(span: Span | None) -> Span | None:
    if span is None:
        return None
    folded = fold(span.text)
    if folded == span.text:
        return span
    return replace(span, text=folded, printed=span.printed if span.printed is not None else span.text)
