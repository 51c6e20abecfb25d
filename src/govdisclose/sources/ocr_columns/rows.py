"""The body of a table under a matched header, cut into rows.

Contract: ``table_body(boxes, usable, columns, top, limit, claimed)`` picks the boxes below the
header up to the first text reaching into the columns (prose, the next heading), the next header
or the page bottom, and says whether the table ended on this page. ``body_lines(...)`` clusters
them into ``Line``s top to bottom: value boxes by y, rows OCR missed whole found by their ink,
label boxes joined to the row they stand beside (each other one a label-only line); ``None`` when
the values do not stand under the header's column centres (the header was misread).
``joined_labels`` gives each line's label text, wrapped labels joined as the line reading joins them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...document import Span
from ...table_rows import Row, is_value_like, join_wrapped_labels
from .boxes import SlotReader
from .header import Columns, column_of

# A column whose values (at least two) stand further than this share of its width from the
# header's centre shows the header was misread: the table is left to the lines.
CENTRE_SLACK = 0.2
# Text (not a value) reaching this share of the first column's width into the columns ends the
# table (prose, the next heading), and so does text this many times taller than the header's (a
# section heading, however short).
INTRUDE = 0.25
TALL = 1.35
# Rows found from ink alone are at least this tall (points): a rule or a speck is thinner.
MIN_ROW_HEIGHT = 4.0
# Vertical tolerance (points) when a box or label joins a row.
ROW_SLACK = 2.0


@dataclass
class Line:
    """A row of the table body: its value boxes, label boxes, and vertical extent."""

    top: float
    bottom: float
    values: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    from_ink: bool = False


def table_body(boxes, usable, columns: Columns, top: float, limit: float, claimed: set[int],
               ) -> tuple[list[int], bool]:
    """Boxes of the table body below ``top``: up to the first text reaching into the columns, the
    next header (``limit``) or the page bottom; and whether the table ended on this page."""
    edge = columns.left + INTRUDE * columns.widths[0]
    below = sorted((i for i in usable if i not in claimed and boxes[i].box[1] >= top - ROW_SLACK
                    and boxes[i].cy < limit), key=lambda i: boxes[i].box[1])
    body = []
    for i in below:
        b = boxes[i]
        if not is_value_like(b.text) and (b.box[2] > edge and b.box[0] < columns.right
                                          or b.box[3] - b.box[1] > TALL * columns.line_height):
            return body, True
        if b.box[0] >= columns.right + columns.widths[-1]:
            continue  # beyond the table on the right
        body.append(i)
    return body, limit != float("inf")


def body_lines(boxes, body: list[int], columns: Columns, header: set[int], reader: SlotReader,
               ) -> list[Line] | None:
    """The body's rows, top to bottom: value boxes clustered by y, rows found from ink alone, label
    boxes attached; ``None`` when there are neither values nor a header, or the values stand off
    the header's column centres."""
    values = [i for i in body if boxes[i].cx >= columns.left and is_value_like(boxes[i].text)]
    labels = [i for i in body if i not in values]
    lines = _value_lines(boxes, values)
    if not lines and not header:
        return None
    if not _centres_agree(boxes, lines, columns):
        return None
    if body:
        extent = (min(boxes[i].box[1] for i in body), max(boxes[i].box[3] for i in body))
        lines = _ink_lines(lines, columns, reader, *extent)
    _attach_labels(boxes, labels, lines)
    lines.sort(key=lambda line: line.top)
    return lines


def _value_lines(boxes, values: list[int]) -> list[Line]:
    lines: list[Line] = []
    for i in sorted(values, key=lambda i: boxes[i].cy):
        b = boxes[i]
        line = next((ln for ln in lines if ln.top - ROW_SLACK <= b.cy <= ln.bottom + ROW_SLACK), None)
        if line is None:
            lines.append(Line(b.box[1], b.box[3], [i]))
        else:
            line.values.append(i)
            line.top, line.bottom = min(line.top, b.box[1]), max(line.bottom, b.box[3])
    return lines


def _centres_agree(boxes, lines: list[Line], columns: Columns) -> bool:
    """Whether the values of each column (two or more) stand around the header's centre for it."""
    for index, (centre, width) in enumerate(zip(columns.centres, columns.widths, strict=True)):
        xs = sorted(boxes[i].cx for line in lines for i in line.values
                    if column_of(boxes[i], columns) == index)
        if len(xs) >= 2 and abs(xs[len(xs) // 2] - centre) > CENTRE_SLACK * width:
            return False
    return True


def _ink_lines(lines: list[Line], columns: Columns, reader: SlotReader, top: float, bottom: float,
               ) -> list[Line]:
    """Rows whose every value OCR missed: ink runs in the columns, over the body's height."""
    runs = reader.ink_rows([columns.core(j, top, bottom) for j in range(len(columns.centres))])
    for run_top, run_bottom in runs:
        if run_bottom - run_top < MIN_ROW_HEIGHT:
            continue
        if any(run_top < line.bottom and run_bottom > line.top for line in lines):
            continue
        lines.append(Line(run_top, run_bottom, from_ink=True))
    return lines


def _attach_labels(boxes, labels: list[int], lines: list[Line]) -> None:
    """Label boxes join the row whose band holds their centre; each other one is a label-only line
    of its own (label columns side by side must not run together: 理结果 of a vertical group
    label beside 1.申请人… that starts the next row's wrapped label)."""
    rows = [line for line in lines if line.values or line.from_ink]
    for i in sorted(labels, key=lambda i: (boxes[i].cy, boxes[i].box[0])):
        b = boxes[i]
        line = next((ln for ln in rows if ln.top - ROW_SLACK <= b.cy <= ln.bottom + ROW_SLACK), None)
        if line is None:
            lines.append(Line(b.box[1], b.box[3], labels=[i]))
        else:
            line.labels.append(i)


def joined_labels(boxes, lines: list[Line], wrapped: bool) -> list[str]:
    """Each line's label text; wrapped labels joined as the line reading joins them."""
    rows = [Row([boxes[i].text for i in _reading_order(boxes, line.labels)],
                [Span("")] if (line.values or line.from_ink) else [], 0, from_line=True) for line in lines]
    if wrapped:
        rows = join_wrapped_labels(rows)
    return ["".join(row.labels) for row in rows]


def _reading_order(boxes, indices: list[int]) -> list[int]:
    """Boxes in visual lines (a box whose centre lies within a line's first box joins it), top to
    bottom, each line left to right."""
    lines: list[list[int]] = []
    for i in sorted(indices, key=lambda i: boxes[i].box[1]):
        line = next((ln for ln in lines if boxes[ln[0]].box[1] <= boxes[i].cy <= boxes[ln[0]].box[3]), None)
        if line is None:
            lines.append([i])
        else:
            line.append(i)
    return [i for line in lines for i in sorted(line, key=lambda i: boxes[i].box[0])]
