"""Text normalisation shared by every recogniser: NFKC, brackets, quotes, spaces between Han."""

from __future__ import annotations

import unicodedata

import regex

_HAN = r"\p{Han}"
_SPACE_BETWEEN_HAN = regex.compile(rf"(?<=[{_HAN}，。、；：（）“”《》])[ \t\u3000]+(?=[{_HAN}，。、；：（）“”《》])")
_QUOTES = str.maketrans({'"': "“", "'": "‘", "「": "“", "」": "”", "『": "“", "』": "”"})


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII, ideographic space a space)."""
    return unicodedata.normalize("NFKC", text)


def drop_han_spaces(text: str) -> str:
    """Remove spaces that justified layout or extraction put between Han characters."""
    return _SPACE_BETWEEN_HAN.sub("", text)


def cjk_punct(text: str) -> str:
    """Map ASCII punctuation that NFKC produced back to the Chinese forms used in labels."""
    return (
        text.replace("(", "（").replace(")", "）").replace(",", "，").replace(":", "：")
        .replace(";", "；").replace("!", "！").replace("?", "？")
    )


def clean_text(text: str) -> str:
    """Normalise running text for display: NFKC, Chinese brackets, no spaces between Han."""
    text = nfkc(text).replace("\u00a0", " ")
    text = regex.sub(r"(?<=\p{Han})\(|\((?=\p{Han})", "（", text)
    text = regex.sub(r"(?<=\p{Han})\)|\)(?=\p{Han})", "）", text)
    text = regex.sub(r"(?<=[\p{Han}）])\,(?=\p{Han})", "，", text)
    return drop_han_spaces(text).strip()


def label_key(text: str) -> str:
    """Reduce a label to a comparable key: NFKC, no whitespace or punctuation, curly quotes folded."""
    text = nfkc(text).translate(_QUOTES)
    return regex.sub(r"[\s\p{P}\p{S}]+", "", text)
