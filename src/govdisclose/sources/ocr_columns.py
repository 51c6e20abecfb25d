"""Tables without a usable ruled grid, read from OCR boxes by the columns the template predicts.

Contract: ``read_column_tables(boxes, reader, ...)`` takes the OCR boxes of one deskewed page image
(text, confidence, box in points) and returns, for each table whose header it can match to a
template (``SPECS``: table 三's 7 applicant columns + 总计, or 8 with a 小计 column; table 四's 15;
table 二's sub-tables), a ``Grid`` and the indices of the boxes it took. The header's column
positions come from its words, wrapped ones stacked (a box holding two columns' words is cut at
its widest gap of ink, only when that gap stands out); value boxes are clustered into rows by y
and into columns by x against those positions, and rows OCR missed whole are found by their ink.
A slot with no box is blank only when it shows no mark (``reader``); a mark is read again from the
slot's crop, "?" (unreadable) when that finds nothing. Values read with little confidence are read
again and keep the lower confidence when the readings differ.

Never a guess: a box that falls between two columns, or is wider than its column, leaves its row
to the line-by-line reading (the row's values in reading order, so the mapping finds too few or
too many and reports COLUMN-COUNT); a header whose columns do not match a template layout leaves
the whole table to the lines. Every span keeps its OCR confidence and its box in PDF points
(``to_page``). A table running off the bottom of the page hands its columns on (``carry``) to the
top of the next page, which has no header of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..catalogue import active_disclosure, requests, review_litigation
from ..document import BBox, Grid, Span
from ..mapping.rows import Row, join_wrapped_labels
from ..mapping.values import is_value_like
from ..normalize import label_key


@dataclass(frozen=True)
class TableSpec:
    """One table's header: the column layouts the template allows and the words over them."""

    name: str
    layouts: tuple[tuple[str, ...], ...]  # column keys left to right
    labels: dict[str, tuple[str, ...]]  # column key -> printed labels
    spanning: tuple[str, ...] = ()  # header words standing over several columns
    wrapped_labels: bool = False  # row labels wrap onto label-only lines


def _active_layouts() -> tuple[tuple[str, ...], ...]:
    eras = active_disclosure.ROW_COLUMNS.values()
    return tuple(dict.fromkeys(columns for era in eras for columns in era.values()))


def _active_labels() -> dict[str, tuple[str, ...]]:
    labels: dict[str, tuple[str, ...]] = {}
    for era in active_disclosure.COLUMNS.values():
        for key, texts in era.items():
            labels[key] = tuple(dict.fromkeys(labels.get(key, ()) + texts))
    return labels


SPECS: tuple[TableSpec, ...] = (
    TableSpec("requests",
              (requests.STANDARD_COLUMNS, requests.PARTS + ("legal_person_subtotal", "total")),
              {key: labels for key, labels in requests.COLUMNS.items()},
              ("申请人情况", "法人或其他组织"), wrapped_labels=True),
    TableSpec("review_litigation",
              (tuple(column for _, column in review_litigation.POSITIONS),),
              {key: (label,) for key, label in review_litigation.COLUMNS.items()},
              ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")),
    TableSpec("active_disclosure", _active_layouts(), _active_labels()),
)

# A box holding several columns' words is cut at its widest gaps of ink: they must be at least
# CLEAR_GAP times wider than any other gap, and each part's share of the ink's width must match
# its share of the characters within SHARE_SLACK.
CLEAR_GAP = 1.5
SHARE_SLACK = 0.15
# A column whose values (at least two) stand further than this share of its width from the
# header's centre shows the header was misread: the table is left to the lines.
CENTRE_SLACK = 0.2
# A value box whose centre lies further than this share of its column's width from the column's
# centre stands between two columns: its row is not placed by position.
BETWEEN = 0.3
# Header words of one table lie within this many points of each other vertically.
HEADER_REACH = 12.0
# Text (not a value) reaching this share of the first column's width into the columns ends the
# table (prose, the next heading), and so does text this many times taller than the header's (a
# section heading, however short).
INTRUDE = 0.25
TALL = 1.35
# Rows found from ink alone are at least this tall (points): a rule or a speck is thinner.
MIN_ROW_HEIGHT = 4.0
# Vertical tolerance (points) when a box or label joins a row.
ROW_SLACK = 2.0
# Share of a column's width, either side of its centre, searched for ink (clear of rules at the
# column's edges), and cropped to read a slot again (the whole printed width of a value).
CORE_HALF = 0.25
CROP_HALF = 0.47
# Points above and below a row's text added to a slot's crop.
CROP_PAD = 3.0
# A value read with less confidence than this is read again from its slot (the lower one stands).
SECOND_READING_BELOW = 0.9


@dataclass
class TextBox:
    """One OCR box: text, confidence, box in deskewed points."""

    text: str
    score: float
    box: BBox

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


class SlotReader(Protocol):
    """What the page image tells about a slot (deskewed points)."""

    def read_empty(self, core: BBox, crop: BBox) -> tuple[str, float | None]:
        """("", None) when ``core`` shows no mark, else the reading of ``crop`` ("?" when unreadable)."""

    def read_empties(self, slots: list[tuple[BBox, BBox]]) -> list[tuple[str, float | None]]:
        """``read_empty`` of many (core, crop) pairs at once."""

    def read_again(self, crop: BBox) -> tuple[str, float | None]:
        """A second reading of a slot's text from its own crop."""

    def ink_rows(self, slots: list[BBox]) -> list[tuple[float, float]]:
        """(top, bottom) of the runs of ink over the union of ``slots`` (all the same height)."""

    def ink_columns(self, box: BBox) -> list[tuple[float, float]]:
        """(x0, x1) of the runs of inked pixel columns inside ``box``, left to right."""


@dataclass
class Columns:
    """A matched header: column keys, centres and widths (points), and where values start."""

    spec: TableSpec
    keys: tuple[str, ...]
    centres: list[float]
    widths: list[float]
    header_box: BBox
    line_height: float  # median height of the header's boxes

    @property
    def left(self) -> float:
        return self.centres[0] - self.widths[0] / 2

    @property
    def right(self) -> float:
        return self.centres[-1] + self.widths[-1] / 2

    def core(self, index: int, top: float, bottom: float) -> BBox:
        """Where a value of column ``index`` in a row from ``top`` to ``bottom`` leaves ink."""
        half = self.widths[index] * CORE_HALF
        return (self.centres[index] - half, top, self.centres[index] + half, bottom)

    def crop(self, index: int, top: float, bottom: float) -> BBox:
        """What is read again of that slot: the column's printed width, the row with a margin."""
        half = self.widths[index] * CROP_HALF
        return (self.centres[index] - half, top - CROP_PAD, self.centres[index] + half, bottom + CROP_PAD)


@dataclass
class Piece:
    """Part of a header box: its text and the x-range its characters take."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def read_column_tables(
    boxes: list[TextBox],
    reader: SlotReader,
    page: int,
    to_page: Callable[[BBox], BBox],
    page_margins: tuple[float, float] | None = None,
    carry: Columns | None = None,
) -> tuple[list[tuple[Grid, set[int]]], Columns | None]:
    """Grids of the tables found, with the boxes each took, and the columns of a table that runs
    off the bottom of the page (for the next page), if any. Boxes above ``page_margins[0]`` or
    below ``page_margins[1]`` (running headers, page numbers) are never table text."""
    top_margin, bottom_margin = page_margins or (float("-inf"), float("inf"))
    usable = [i for i, b in enumerate(boxes) if top_margin < b.cy and b.box[1] < bottom_margin]
    headers = find_headers(boxes, usable, reader)
    starts: list[tuple[float, Columns, set[int]]] = [(c.header_box[3], c, band) for c, band in headers]
    first_box = min((boxes[i].box[1] for i in usable), default=None)
    first_header = min((c.header_box[1] for c, _ in headers), default=float("inf"))
    if carry is not None and first_box is not None and first_box < first_header:
        starts.append((first_box - ROW_SLACK, carry, set()))
    starts.sort(key=lambda start: start[0])
    results: list[tuple[Grid, set[int]]] = []
    open_columns: Columns | None = None
    claimed: set[int] = set().union(*(band for _, _, band in starts))
    for index, (top, columns, band) in enumerate(starts):
        limit = starts[index + 1][1].header_box[1] if index + 1 < len(starts) else float("inf")
        body, ended = _body(boxes, usable, columns, top, limit, claimed)
        grid, taken = _grid(boxes, body, columns, band, reader, page, to_page)
        if grid is None:
            continue
        claimed |= taken
        results.append((grid, taken))
        if not ended:
            open_columns = columns
    return results, open_columns


# --------------------------------------------------------------------------- header

def find_headers(boxes: list[TextBox], usable: list[int], reader: SlotReader,
                 ) -> list[tuple[Columns, set[int]]]:
    """Headers whose column words match a template layout, with the boxes they take."""
    found: list[tuple[Columns, set[int]]] = []
    taken: set[int] = set()
    for spec in SPECS:
        vocabulary = _vocabulary(spec)
        spanning = {label_key(word) for word in spec.spanning}
        anchors = [i for i in usable if i not in taken and label_key(boxes[i].text) not in spanning
                   and _pieces(boxes[i], vocabulary) and _has_full_label(boxes[i], spec)]
        while anchors:
            band = _header_band(boxes, usable, anchors[0], vocabulary, spanning, taken)
            anchors = [i for i in anchors if i not in band]
            columns = _columns(boxes, band, spec, vocabulary, spanning, reader)
            if columns is not None:
                top, bottom = columns.header_box[1], columns.header_box[3]
                band |= {i for i in usable if i not in taken and boxes[i].box[2] <= columns.left
                         and top <= boxes[i].cy <= bottom}  # the label column's header words
                found.append((columns, band))
                taken |= band
    return found


def _vocabulary(spec: TableSpec) -> set[str]:
    return {label_key(label) for labels in spec.labels.values() for label in labels}


def _has_full_label(box: TextBox, spec: TableSpec) -> bool:
    """A box that holds a whole column label (or the first characters of a wrapped one)."""
    key = label_key(box.text)
    return any(label_key(label)[:2] in key for labels in spec.labels.values() for label in labels
               if len(label_key(label)) >= 2)


def _pieces(box: TextBox, vocabulary: set[str]) -> list[str] | None:
    """The box's text cut into parts of column labels: at spaces, then into the fewest parts that
    each occur in a label, when exactly one such cut exists; ``None`` otherwise."""
    parts: list[str] = []
    for word in box.text.split():
        key = label_key(word)
        if not key:
            return None
        cuts = _cuts(key, vocabulary)
        if cuts is None:
            return None
        parts += cuts
    return parts or None


def _cuts(text: str, vocabulary: set[str]) -> list[str] | None:
    if any(text in label for label in vocabulary):
        return [text]
    best: list[list[str]] = []
    for split in range(2, len(text) - 1):
        head, tail = text[:split], text[split:]
        if any(head in label for label in vocabulary) and any(tail in label for label in vocabulary):
            best.append([head, tail])
    return best[0] if len(best) == 1 else None


def _header_band(boxes, usable, anchor: int, vocabulary, spanning, taken) -> set[int]:
    """The anchor and the header boxes (label parts, spanning words) around it, grown by reach."""
    band = {anchor}
    top, bottom = boxes[anchor].box[1], boxes[anchor].box[3]
    grew = True
    while grew:
        grew = False
        for i in usable:
            if i in band or i in taken:
                continue
            b = boxes[i]
            if b.box[3] < top - HEADER_REACH or b.box[1] > bottom + HEADER_REACH:
                continue
            if label_key(b.text) in spanning or _pieces(b, vocabulary):
                band.add(i)
                top, bottom = min(top, b.box[1]), max(bottom, b.box[3])
                grew = True
    return band


def _split(box: TextBox, parts: list[str], reader: SlotReader) -> list[Piece] | None:
    """Pieces of a box, each part placed where the box's ink shows it: the ink's runs cut at
    their ``len(parts) - 1`` widest gaps, when those stand out (``CLEAR_GAP``) and the parts' widths
    agree with their characters (``SHARE_SLACK``); ``None`` when they do not."""
    if len(parts) == 1:
        return [Piece(parts[0], box.box[0], box.box[2], box.box[1], box.box[3])]
    runs = reader.ink_columns(box.box)
    if len(runs) < len(parts):
        return None
    gaps = sorted(range(len(runs) - 1), key=lambda g: runs[g + 1][0] - runs[g][1], reverse=True)
    width = [runs[g + 1][0] - runs[g][1] for g in gaps]
    cut = len(parts) - 1
    if width[cut - 1] <= 0 or (len(width) > cut and width[cut - 1] < CLEAR_GAP * width[cut]):
        return None
    bounds = [0] + sorted(g + 1 for g in gaps[:cut]) + [len(runs)]
    groups = [(runs[a][0], runs[b - 1][1]) for a, b in zip(bounds, bounds[1:], strict=False)]
    ink = sum(x1 - x0 for x0, x1 in groups)
    chars = sum(len(part) for part in parts)
    placed = list(zip(parts, groups, strict=True))
    if any(abs((x1 - x0) / ink - len(part) / chars) > SHARE_SLACK for part, (x0, x1) in placed):
        return None
    return [Piece(part, x0, x1, box.box[1], box.box[3]) for part, (x0, x1) in placed]


def _columns(boxes, band: set[int], spec: TableSpec, vocabulary, spanning, reader: SlotReader,
             ) -> Columns | None:
    """Stack the band's label parts by x into columns and match them to a layout of ``spec``."""
    pieces: list[Piece] = []
    for i in sorted(band):
        if label_key(boxes[i].text) in spanning:
            continue
        parts = _pieces(boxes[i], vocabulary)
        if parts:
            placed = _split(boxes[i], parts, reader)
            if placed is None:
                return None
            pieces += placed
    stacks: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.x0 + p.x1) / 2):
        centre = (piece.x0 + piece.x1) / 2
        target = next((s for s in stacks if min(q.x0 for q in s) <= centre <= max(q.x1 for q in s)), None)
        if target is None:
            stacks.append([piece])
        else:
            target.append(piece)
    stacks.sort(key=lambda s: min(q.x0 for q in s))
    texts = ["".join(q.text for q in sorted(s, key=lambda q: q.top)) for s in stacks]
    by_label = {label_key(label): key for key, labels in spec.labels.items() for label in labels}
    keys = tuple(by_label.get(label_key(text)) for text in texts)
    if None in keys or keys not in spec.layouts:
        return None
    centres = [(min(q.x0 for q in s) + max(q.x1 for q in s)) / 2 for s in stacks]
    widths = _widths(centres)
    box = (min(boxes[i].box[0] for i in band), min(boxes[i].box[1] for i in band),
           max(boxes[i].box[2] for i in band), max(boxes[i].box[3] for i in band))
    heights = sorted(boxes[i].box[3] - boxes[i].box[1] for i in band)
    return Columns(spec, keys, centres, widths, box, heights[len(heights) // 2])


def _widths(centres: list[float]) -> list[float]:
    """Each column's width: the distance between its neighbours' midpoints (a lone column: 60 pt)."""
    if len(centres) == 1:
        return [60.0]
    gaps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    return [gaps[0] if i == 0 else gaps[-1] if i == len(centres) - 1 else (gaps[i - 1] + gaps[i]) / 2
            for i in range(len(centres))]


# --------------------------------------------------------------------------- body

@dataclass
class Line:
    """A row of the table body: its value boxes, label boxes, and vertical extent."""

    top: float
    bottom: float
    values: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    from_ink: bool = False


def _body(boxes, usable, columns: Columns, top: float, limit: float, claimed: set[int],
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


def _grid(boxes, body: list[int], columns: Columns, header: set[int], reader: SlotReader, page: int,
          to_page) -> tuple[Grid | None, set[int]]:
    values = [i for i in body if boxes[i].cx >= columns.left and is_value_like(boxes[i].text)]
    labels = [i for i in body if i not in values]
    lines = _value_lines(boxes, values)
    if not lines and not header:
        return None, set()
    if not _centres_agree(boxes, lines, columns):
        return None, set()
    if body:
        extent = (min(boxes[i].box[1] for i in body), max(boxes[i].box[3] for i in body))
        lines = _ink_lines(lines, columns, reader, *extent)
    _attach_labels(boxes, labels, lines)
    lines.sort(key=lambda line: line.top)
    rows = _header_rows(boxes, header, columns, page, to_page)
    texts = _joined_labels(boxes, lines, columns.spec.wrapped_labels)
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
                    if _column_of(boxes[i], columns) == index)
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


def _joined_labels(boxes, lines: list[Line], wrapped: bool) -> list[str]:
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
        index = _column_of(boxes[i], columns)
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


def _column_of(box: TextBox, columns: Columns) -> int | None:
    """The column holding the box, or ``None`` when it stands between two or is wider than its column."""
    index = min(range(len(columns.centres)), key=lambda j: abs(box.cx - columns.centres[j]))
    width = columns.widths[index]
    if abs(box.cx - columns.centres[index]) > BETWEEN * width or box.box[2] - box.box[0] > width:
        return None
    return index
