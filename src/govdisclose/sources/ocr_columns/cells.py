"""A table's grid from its header and body lines: one cell per column slot, empty slots read again.

Contract: ``build_grid(boxes, body, columns, header, reader, page, to_page)`` returns the table's
``Grid`` (header rows, then one row per body line: its label, then one cell per column) and the
boxes it took, or ``(None, set())`` when the body does not fit the header. A value box goes to
the column under which it stands; a row with a box between two columns keeps its values in
reading order (the mapping then finds too few or too many and reports COLUMN-COUNT). A slot with
no box is blank only when it shows no mark (``reader.read_empties``: "?" when a mark reads as
nothing); a value read with less confidence than ``SECOND_READING_BELOW`` is read again and keeps
the lower confidence when the readings differ. Boxes become PDF points through ``to_page``.
"""

from __future__ import annotations

from ...document import BBox, Grid, Span
from ...normalize import label_key
from .boxes import SlotReader
from .header import Columns, column_of
from .rows import Line, body_lines, joined_labels

# A value read with less confidence than this is read again from its slot (the lower one stands).
SECOND_READING_BELOW = 0.9


def build_grid(boxes, body: list[int], columns: Columns, header: set[int], reader: SlotReader, page: int,
               to_page) -> tuple[Grid | None, set[int]]:
    """The table's grid and the boxes it took; ``(None, set())`` when the body does not fit."""
    lines = body_lines(boxes, body, columns, header, reader)
    if lines is None:
        return None, set()
    rows = _header_rows(boxes, header, columns, page, to_page)
    texts = joined_labels(boxes, lines, columns.spec.wrapped_labels)
    empty: list[tuple[list[Span | None], int, BBox, BBox]] = []  # (row, cell, core, crop) read below
    for line, label in zip(lines, texts, strict=True):
        rows.append(_row(boxes, line, label, columns, reader, page, to_page, empty))
    readings = reader.read_empties([(core, crop) for _, _, core, crop in empty])
    for (row, cell, core, _), (text, score) in zip(empty, readings, strict=True):
        row[cell] = Span(text, page, to_page(core), confidence=score)
    taken = set(body) | header
    every = [boxes[i].box for i in taken]
    if not every:
        return None, set()
    table_box = (min(b[0] for b in every), min(b[1] for b in every),
                 max(b[2] for b in every), max(b[3] for b in every))
    return Grid(rows=rows, page=page, bbox=to_page(table_box), engine="ocr-columns"), taken


def _header_rows(boxes, header: set[int], columns: Columns, page: int, to_page) -> list[list[Span | None]]:
    """The header as two rows: words over several columns, then the label-side words and one cell
    per column (its stacked label text, at its position)."""
    if not header:
        return []
    spanning = {label_key(word) for word in columns.spec.spanning}
    over = sorted((i for i in header if label_key(boxes[i].text) in spanning), key=lambda i: boxes[i].box[0])
    side = sorted((i for i in header if boxes[i].box[2] <= columns.left), key=lambda i: boxes[i].box[1])
    top = min(boxes[i].box[1] for i in header)
    bottom = max(boxes[i].box[3] for i in header)
    first = Span("".join(boxes[i].text for i in side), page,
                 to_page((min((boxes[i].box[0] for i in side), default=columns.left - 1), top,
                          columns.left, bottom)),
                 confidence=min((boxes[i].score for i in side), default=None))
    cells: list[Span | None] = [first]
    for key, centre, width in zip(columns.keys, columns.centres, columns.widths, strict=True):
        label = columns.spec.labels[key][0]
        cells.append(Span(label, page, to_page((centre - width / 2, top, centre + width / 2, bottom))))
    rows: list[list[Span | None]] = []
    if over:
        rows.append([Span(boxes[i].text, page, to_page(boxes[i].box), confidence=boxes[i].score)
                     for i in over])
    rows.append(cells)
    return rows


def _row(boxes, line: Line, label: str, columns: Columns, reader: SlotReader, page: int, to_page,
         empty: list) -> list[Span | None]:
    """One body row: its label, then one cell per column; slots where OCR found no box are listed
    in ``empty`` (row, cell index, core, crop) to be read for marks all at once."""
    label_boxes = [boxes[i].box for i in line.labels]
    label_box = ((min(b[0] for b in label_boxes), line.top, columns.left, line.bottom) if label_boxes
                 else (columns.left - 1, line.top, columns.left, line.bottom))
    cells: list[Span | None] = [Span(label, page, to_page(label_box),
                                     confidence=min((boxes[i].score for i in line.labels), default=None))]
    if not line.values and not line.from_ink:
        if columns.spec.wrapped_labels:
            return cells  # a label-only line (a wrapped label's other part)
        band = (line.top, line.bottom)
        readings = [reader.read_empty(columns.core(j, *band), columns.crop(j, *band))
                    for j in range(len(columns.centres))]
        if not any(text for text, _ in readings):
            return cells  # a caption or a label without values
        return cells + [Span(text, page, to_page(columns.core(j, *band)), confidence=score)
                        for j, (text, score) in enumerate(readings)]
    slots: list[list[int]] = [[] for _ in columns.centres]
    for i in line.values:
        index = column_of(boxes[i], columns)
        if index is None:  # between columns: the row is read as a line
            ordered = sorted(line.values, key=lambda i: boxes[i].box[0])
            return cells + [Span(boxes[i].text, page, to_page(boxes[i].box), confidence=boxes[i].score)
                            for i in ordered]
        slots[index].append(i)
    for index, held in enumerate(slots):
        slot = columns.core(index, line.top, line.bottom)
        if not held:
            empty.append((cells, len(cells), slot, columns.crop(index, line.top, line.bottom)))
            cells.append(None)
            continue
        ordered = sorted(held, key=lambda i: boxes[i].box[0])
        text = " ".join(boxes[i].text for i in ordered)
        score = min(boxes[i].score for i in ordered)
        if score < SECOND_READING_BELOW:
            again, again_score = reader.read_again(columns.crop(index, line.top, line.bottom))
            if again != text:
                score = min(score, again_score or 0.0)
        slot = (min(boxes[i].box[0] for i in ordered), slot[1],
                max(boxes[i].box[2] for i in ordered), slot[3])
        cells.append(Span(text, page, to_page(slot), confidence=score))
    return cells
