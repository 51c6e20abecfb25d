"""Free sections of a legacy report, found by their ordinal heading and named by keyword.

A heading is ``一、`` … ``十五、`` (or ``第一部分``) at the start of a line or after a sentence end, in
sequence (一, 二, 三 …; one number may be missed when the heading names a kind): enumerations
inside prose are skipped because they restart the sequence. Its words run to the first heading
ending (情况, 措施, 统计表 …) or the end of a short line. The kind comes from
``catalogue.legacy.SECTION_KINDS``; every printed heading in sequence is a section, kind ``other``
when it names none.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..catalogue.legacy import SECTION_KINDS, SectionKind
from ..normalize import label_key
from .stream import TextStream

ORDINALS = "一二三四五六七八九十"
HEADING_START = regex.compile(
    rf"(?:^|(?<=[\n\s。；！”]))(?:(?P<ordinal>[{ORDINALS}]{{1,3}})[、.．]|第(?P<part>[{ORDINALS}]{{1,3}})部分[、：:]?)\s*"
)
# Where heading words end when prose follows on the same line (longer endings first): an ending
# before a space, digit, ordinal or punctuation; else, glued to the prose's first word, the first
# ending that cannot be a prose word (not 工作). A heading holds no sentence punctuation.
HEADING_END = regex.compile(
    r"^[^。；！？\n]{0,50}?(?:情况统计表|统计表|附表|"
    r"(?:情况|概述|概况|措施|事项|说明|问题|工作)(?=[\s（(0-9一二三四五六七八九十\n。：:，]|$))"
)
GLUED_HEADING_END = regex.compile(r"^[^。；！？\n，：:]{0,30}?(?:情况|概述|概况|措施|说明)")
MAX_ENDING_TAIL = 4  # a heading goes on past 情况 only by another ending word (…情况统计表)
# Or, short of such an ending, the words before a colon (``五、其他：…``).
COLON_HEADING = regex.compile(r"^[^，。；：:\n]{1,20}(?=[：:])")
MAX_HEADING_LINE = 40
# An unnumbered attachment heading on a line of its own (``附件：政府信息公开情况统计表``): number 0.
ATTACHMENT = regex.compile(r"(?:^|(?<=\n))(?:附件|附表)\s*\d*\s*[：:]?[^\n。；]{0,40}(?=\n|$)")


@dataclass
class LegacySpan:
    number: int
    heading: str
    kind: SectionKind
    start: int  # offset of the ordinal
    body_start: int
    end: int = 0


def ordinal_value(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20; None for anything else."""
    digits = {c: i for i, c in enumerate(ORDINALS[:9], start=1)}
    if text in digits:
        return digits[text]
    if text == "十":
        return 10
    match = regex.fullmatch(r"(?P<tens>[一二三四五六七八九])?十(?P<ones>[一二三四五六七八九])?", text)
    if not match:
        return None
    tens = digits[match["tens"]] if match["tens"] else 1
    return tens * 10 + (digits[match["ones"]] if match["ones"] else 0)


def kind_of(heading: str) -> SectionKind | None:
    key = label_key(heading)
    return next((kind for kind in SECTION_KINDS if any(word in key for word in kind.keywords)), None)


def find_legacy_sections(stream: TextStream, skip: tuple[int, int] = (-1, -1)) -> list[LegacySpan]:
    """Sections in order; headings inside ``skip`` (the statistics table's text) are not sections."""
    text = stream.text
    candidates = [
        (match, ordinal_value(match["ordinal"] or match["part"]),
         *_heading_words(_rest_of_line(text, match.end())))
        for match in HEADING_START.finditer(text) if not skip[0] <= match.start() < skip[1]
    ]
    named = {(number, match.start()) for match, number, heading, _ in candidates if kind_of(heading)}
    spans: list[LegacySpan] = []
    for match, number, heading, own_line in candidates:
        last = spans[-1].number if spans else 0
        if number is None or not last < number <= last + 2:
            continue
        heading = heading.rstrip("。：:，")
        if not heading:
            continue
        kind = kind_of(heading)
        if kind is None and number != last + 1:
            continue  # after a gap: only a heading that names a kind
        if kind is None and not own_line and any(n == number and at > match.start() for n, at in named):
            continue  # a glued enumeration: the same number heads a named section further on
        kind = kind or SECTION_KINDS[-1]
        body_start = match.end() + len(heading)
        while body_start < len(text) and text[body_start] in "。：:，":
            body_start += 1
        spans.append(LegacySpan(number, heading, kind, match.start(), body_start))
    for match in ATTACHMENT.finditer(text):
        if not skip[0] <= match.start() < skip[1]:
            heading = match.group(0).strip()
            kind = kind_of(heading) or SECTION_KINDS[-1]
            spans.append(LegacySpan(0, heading, kind, match.start(), match.end()))
    spans.sort(key=lambda span: span.start)
    for span, following in zip(spans, spans[1:] + [None], strict=False):
        span.end = following.start if following else len(text)
    return spans


def _rest_of_line(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start: end if end >= 0 else len(text)]


def _heading_words(rest: str) -> tuple[str, bool]:
    """The heading's words and whether they fill their line."""
    stripped = rest.strip()
    if stripped and len(stripped) <= MAX_HEADING_LINE and not regex.search(r"[。；]", stripped):
        return stripped, True
    end = HEADING_END.match(rest) or COLON_HEADING.match(rest)
    glued = GLUED_HEADING_END.match(rest)
    if glued and (not end or len(end.group(0)) - len(glued.group(0)) > MAX_ENDING_TAIL):
        end = glued  # the longer match ran on into the prose (…支出情况全区各部门…工作。)
    if end:
        return end.group(0).strip(), False
    return "", False
