"""OCR boxes outside tables as text lines.

Contract: ``group_lines(boxes, frame, page)`` joins boxes that overlap vertically into one
``TextLine`` each, words left to right, every word with its box in page points and its confidence;
the line's font size is estimated from its boxes' median height (``BOX_TO_FONT``).
"""

from __future__ import annotations

from ...document import Span, TextLine
from .engine import OcrBox
from .orientation import Frame, to_points

# Ratio of an OCR box's height to the font size (for TextLine.size).
BOX_TO_FONT = 1.4


def group_lines(boxes: list[OcrBox], frame: Frame, page: int) -> list[TextLine]:
    """Boxes outside tables as text lines: boxes overlapping vertically join, left to right."""
    lines: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: (b.box[1], b.box[0])):
        cy = b.centre[1]
        for line in lines:
            top, bottom = line[0].box[1], line[0].box[3]
            if top <= cy <= bottom:
                line.append(b)
                break
        else:
            lines.append([b])
    result = []
    for line in lines:
        line.sort(key=lambda b: b.box[0])
        words = [Span(b.text, page, frame.page_box(to_points(b.box, frame.scale)), confidence=b.score)
                 for b in line]
        box = to_points((min(b.box[0] for b in line), min(b.box[1] for b in line),
                         max(b.box[2] for b in line), max(b.box[3] for b in line)), frame.scale)
        height = sorted(b.box[3] - b.box[1] for b in line)[len(line) // 2] / frame.scale
        result.append(TextLine(" ".join(b.text for b in line), page, frame.page_box(box), words,
                               round(height / BOX_TO_FONT, 1)))
    return result
