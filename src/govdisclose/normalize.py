"""Text normalisation shared by every recogniser: NFKC, brackets, quotes, spaces between Han,
traditional → simplified characters."""

from __future__ import annotations

import functools
import unicodedata

import regex

from .catalogue.traditional_only import TRADITIONAL_ONLY

_HAN = r"\p{Han}"
_CJK = rf"{_HAN}，。、；：（）“”《》"
_SPACE_BETWEEN_HAN = regex.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
# Word processors print "2024 年" and "申请 3119 件": auto-spacing between Han and digits.
_SPACE_HAN_DIGIT = regex.compile(rf"(?<=[{_CJK}])[ \t]+(?=[0-9%])|(?<=[0-9%])[ \t]+(?=[{_CJK}])")
_QUOTES = str.maketrans({'"': "“", "'": "‘", "「": "“", "」": "”", "『": "“", "』": "”"})


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII, ideographic space a space)."""
    return unicodedata.normalize("NFKC", text)


def drop_han_spaces(text: str) -> str:
    """Remove spaces that justified layout, auto-spacing or extraction put next to Han characters."""
    return _SPACE_HAN_DIGIT.sub("", _SPACE_BETWEEN_HAN.sub("", text))


# Full-width digits, letters and the ideographic space → ASCII; Chinese punctuation is kept.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0xFF0E: 0x2E, 0xFF05: 0x25})
_NEAR_HAN = r"[\p{Han}《》“”（）]"


def half_width(text: str) -> str:
    """Full-width digits and letters as ASCII, keeping the Chinese punctuation of running text."""
    return text.translate(_WIDTH)


# ASCII punctuation next to Han → the Chinese mark (compiled once: clean_text runs per cell).
_CHINESE_PUNCTUATION = tuple((regex.compile(pattern), mark) for pattern, mark in (
    (rf"(?<={_NEAR_HAN})\(|\((?={_NEAR_HAN})", "（"),
    (rf"(?<={_NEAR_HAN})\)|\)(?={_NEAR_HAN})", "）"),
    (rf"(?<={_NEAR_HAN})\s*,\s*(?={_NEAR_HAN})", "，"),
    (rf"(?<={_NEAR_HAN})\s*:\s*(?={_NEAR_HAN})", "："),
    (rf"(?<={_NEAR_HAN})\s*;\s*(?={_NEAR_HAN})", "；"),
))
_NOT_IN_KEY = regex.compile(r"[\s\p{P}\p{S}]+")


# clean_text and label_key are pure and see the same labels and cells many times in a document.
@functools.lru_cache(maxsize=8192)
def clean_text(text: str) -> str:
    """Normalise running text for display: ASCII digits, Chinese punctuation between Han
    characters (converters print ``(`` and ``,``), no layout spaces next to Han."""
    text = half_width(text)
    for pattern, mark in _CHINESE_PUNCTUATION:
        text = pattern.sub(mark, text)
    return drop_han_spaces(text).strip()


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Reduce a label to a comparable key: NFKC, no whitespace or punctuation, curly quotes folded."""
    text = nfkc(text).translate(_QUOTES)
    return _NOT_IN_KEY.sub("", text)


# Traditional → simplified: OpenCC's t2s (characters and phrases, mainland standard forms).
# Measured on the fixtures and samples: it changes none of 133,787 Han characters of simplified
# text, and t2s(s2t(text)) gives back every text exactly (zhconv: one 复→覆 error).
_HAN_CHAR = regex.compile(r"\p{Han}")


@functools.cache
def _t2s():
    import opencc  # imported on first use, not with the package (loading takes ~50 ms)

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` with traditional characters in their simplified forms (digits and punctuation kept)."""
    return _t2s().convert(text) if text else text


def traditional_share(text: str) -> tuple[int, int]:
    """(Han characters of ``text`` that only traditional script writes, all Han characters).

    Those are the characters OpenCC's t2s changes when given alone, kept as data
    (``catalogue/traditional_only.py``) so that this loads no converter."""
    han = _HAN_CHAR.findall(text)
    return sum(char in TRADITIONAL_ONLY for char in han), len(han)


def split_as_simplified(split, text: str) -> list[tuple[int, str]]:
    """Run ``split`` (text → ``[(offset, piece)]``, written for simplified text) on ``text`` in
    either script: a traditional ``text`` is split as its simplified copy and each piece given back
    in the printed characters (whitespace the splitter added or dropped kept as it made it)."""
    simplified = to_simplified(text) if _has_traditional(text) else text
    if simplified == text or len(simplified) != len(text):
        return split(text)
    pieces = []
    for offset, piece in split(simplified):
        printed, position = [], offset
        for char in piece:
            while position < len(text) and simplified[position] != char and simplified[position].isspace():
                position += 1  # whitespace the splitter dropped
            if position < len(text) and simplified[position] == char:
                printed.append(text[position])
                position += 1
            else:
                printed.append(char)  # whitespace the splitter put in
        pieces.append((offset, "".join(printed)))
    return pieces


def _has_traditional(text: str) -> bool:
    return traditional_share(text)[0] > 0
