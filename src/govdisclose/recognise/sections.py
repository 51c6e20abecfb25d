"""The six sections: headings found by marker + catalogue variant, text re-joined into paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz

from ..catalogue.sections import SECTIONS, SectionSpec
from ..document import Document, TextLine
from ..normalize import clean_text, label_key

HEADING = regex.compile(r"^(?P<numeral>[一二三四五六])\s*[、.．,，]\s*(?P<rest>.*)$")
YEAR_PREFIX = regex.compile(r"^(?:19|20)\d{2}年度?")
SUBITEM = regex.compile(r"^[（(]\s*(?P<numeral>[一二三四五六七八九十]{1,2})\s*[)）]\s*")
SENTENCE_END = regex.compile(r"[。；;：:]")
# How long a heading's words may run past the variant it matched (e.g. a trailing "如下").
HEADING_SLACK = 6
FUZZY_HEADING = 88
# Punctuation that continues a sentence: a heading is never followed by it.
CONTINUATION = ("，", ",", "、", "；", ";", "的")
# This many heading lines in a row, with nothing between them, are a table of contents.
TOC_RUN = 3
SPEC_BY_NUMERAL = {spec.marker: spec for spec in SECTIONS}


@dataclass
class SectionSpan:
    """Where one section sits in ``document.blocks``: heading lines and body range."""

    spec: SectionSpec
    heading: str
    start: int  # index of the (first) heading line
    body_start: int
    end: int = -1  # exclusive; set once the next section is known
    tail: str = ""  # text after the heading on the same line (text dumps)


def _matches_variant(spec: SectionSpec, rest: str) -> tuple[int, int]:
    """How well ``rest`` (the text after the numeral) names this section (0 no, 1 fuzzily,
    2 exactly) and where the heading ends in ``rest`` (text dumps put the body on its line)."""
    key = label_key(YEAR_PREFIX.sub("", rest))
    fuzzy = 0
    for variant in spec.variants:
        variant_key = label_key(variant)
        if key == variant_key or (key.endswith(variant_key) and len(key) - len(variant_key) <= HEADING_SLACK):
            return 2, len(rest)
        position = key.find(variant_key)
        if 0 <= position <= HEADING_SLACK and len(key) > position + len(variant_key) + 10:
            cut = _cut_after(rest, position + len(variant_key))
            if not rest[cut:].lstrip().startswith(CONTINUATION):  # "二、主动公开政府信息，全年…" is prose
                return 2, cut
        if len(key) >= 4 and fuzz.ratio(key, variant_key) >= FUZZY_HEADING:
            fuzzy = 1
    return fuzzy, len(rest)


def _cut_after(text: str, key_chars: int) -> int:
    """Index in ``text`` just past its first ``key_chars`` characters that ``label_key`` keeps."""
    kept = 0
    for index, char in enumerate(text):
        if label_key(char):
            kept += 1
            if kept == key_chars:
                return index + 1
    return len(text)


def _heading_prefix(spec: SectionSpec, rest: str) -> bool:
    key = label_key(rest)
    return len(key) >= 2 and any(label_key(v).startswith(key) for v in spec.variants)


def find_sections(document: Document) -> list[SectionSpan]:
    """Locate the section headings in order; each number at most once, increasing.

    A run of heading lines with no body between them is a table of contents and is skipped.
    """
    candidates = _heading_candidates(document.blocks)
    in_toc: set[int] = set()
    run: list[SectionSpan] = []
    for candidate in candidates + [None]:
        if candidate is not None and run and run[-1].body_start == candidate.start \
                and candidate.spec.number > run[-1].spec.number:
            run.append(candidate)
            continue
        if len(run) >= TOC_RUN:
            in_toc.update(id(c) for c in run)
        run = [candidate] if candidate is not None else []
    spans: list[SectionSpan] = []
    for candidate in candidates:
        if id(candidate) in in_toc:
            continue
        if (not spans or candidate.spec.number > spans[-1].spec.number) and \
                (not spans or candidate.start >= spans[-1].body_start):
            spans.append(candidate)
    blocks = document.blocks
    for span, following in zip(spans, [*spans[1:], None], strict=False):  # no spans: no None
        span.end = following.start if following else len(blocks)
    return spans


def _heading_candidates(blocks) -> list[SectionSpan]:
    """Every line that reads as one of the six headings (possibly split over two lines)."""
    candidates: list[SectionSpan] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, TextLine):
            continue
        match = HEADING.match(clean_text(block.text).lstrip("#").strip())
        if match is None:
            continue
        spec = SPEC_BY_NUMERAL[match["numeral"]]
        rest = match["rest"]
        found, cut = _matches_variant(spec, rest)
        consumed = 1
        following = _next_line(blocks, index)
        if found < 2 and following is not None and (found or _heading_prefix(spec, rest)):
            joined = rest + clean_text(blocks[following].text)
            joined_found, joined_cut = _matches_variant(spec, joined)
            if joined_found > found:  # the heading was split over two lines
                rest, found, cut, consumed = joined, joined_found, joined_cut, 2
        if found:
            heading = regex.sub(r"\s+", "", f"{spec.marker}、{rest[:cut]}")
            candidates.append(SectionSpan(spec, heading, index, index + consumed, tail=rest[cut:].strip()))
    return candidates


def _next_line(blocks, index: int) -> int | None:
    following = index + 1
    if following < len(blocks) and isinstance(blocks[following], TextLine):
        return following
    return None


# ---- paragraphs and sub-items -------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    page: int | None = None


@dataclass
class SectionBody:
    text: str
    subitems: list[tuple[str, str, str]] = field(default_factory=list)  # marker, heading, text


def paragraphs(lines: list[TextLine]) -> list[Paragraph]:
    """Re-join wrapped lines: a new paragraph starts at an indent, after a short line, or at a marker."""
    result: list[Paragraph] = []
    margins = _page_margins(lines)
    previous: TextLine | None = None
    for line in lines:
        text = clean_text(line.text)
        if not text:
            continue
        if previous is None or _starts_paragraph(line, previous, margins, text):
            result.append(Paragraph(text, line.page))
        else:
            result[-1].text = clean_text(result[-1].text + text)
        previous = line
    return result


def _page_margins(lines: list[TextLine]) -> dict[int | None, tuple[float, float]]:
    """Per page, the usual left and right edges of body lines (their most common values)."""
    by_page: dict[int | None, list[TextLine]] = {}
    for line in lines:
        if line.bbox is not None:
            by_page.setdefault(line.page, []).append(line)
    margins = {}
    for page, page_lines in by_page.items():
        lefts = sorted(round(line.bbox[0]) for line in page_lines)
        rights = sorted(round(line.bbox[2]) for line in page_lines)
        margins[page] = (min(lefts, key=lefts.count), max(rights, key=rights.count))
    return margins


def _starts_paragraph(line: TextLine, previous: TextLine, margins, text: str) -> bool:
    if line.bbox is None or previous.bbox is None:
        return True
    if SUBITEM.match(text) or HEADING.match(text):
        return True
    size = line.size or 12.0
    left, _ = margins.get(line.page, (line.bbox[0], line.bbox[2]))
    _, previous_right = margins.get(previous.page, (previous.bbox[0], previous.bbox[2]))
    indented = line.bbox[0] > left + 0.8 * size
    previous_short = previous.bbox[2] < previous_right - 2.5 * size
    return indented or previous_short


def split_subitems(paragraph_list: list[Paragraph]) -> SectionBody:
    """Section text plus its （一）… sub-items, each with its heading phrase and text."""
    subitems: list[list[str]] = []
    for paragraph in paragraph_list:
        match = SUBITEM.match(paragraph.text)
        if match:
            marker = f"（{match['numeral']}）"
            rest = paragraph.text[match.end():]
            end = SENTENCE_END.search(rest)
            heading = rest[: end.start()] if end else rest
            body = rest[end.end():] if end else ""
            subitems.append([marker, heading.strip(), body.strip()])
        elif subitems:
            subitems[-1][2] = (subitems[-1][2] + "\n" + paragraph.text).strip()
    text = "\n".join(p.text for p in paragraph_list)
    return SectionBody(text, [tuple(item) for item in subitems])  # type: ignore[misc]
