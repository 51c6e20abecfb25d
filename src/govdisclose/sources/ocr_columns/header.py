"""Matching a table's header words to the columns its template allows.

Contract: ``find_headers(boxes, usable, reader)`` returns, for each group of boxes whose words
make a header of one of ``SPECS`` (table 三's 7 applicant columns + 总计, or 8 with a 小计 column;
table 四's 15; table 二's sub-tables), its ``Columns`` (keys, centres and widths in points) and the
boxes it took. Wrapped labels are stacked by x; a box holding two columns' words is cut at its
widest gap of ink only when that gap stands out (``reader.ink_columns``). A header whose stacked
words do not spell a template layout is no header: its table is left to the line reading.
``column_of(box, columns)`` places a value box under a column, or nowhere when it stands between
two or is wider than its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalogue import active_disclosure, requests, review_litigation
from ...document import BBox
from ...normalize import label_key
from .boxes import SlotReader, TextBox


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
              requests.SPANNING_HEADERS, wrapped_labels=True),
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
# A value box whose centre lies further than this share of its column's width from the column's
# centre stands between two columns: its row is not placed by position.
BETWEEN = 0.3
# Header words of one table lie within this many points of each other vertically.
HEADER_REACH = 12.0
# Share of a column's width, either side of its centre, searched for ink (clear of rules at the
# column's edges), and cropped to read a slot again (the whole printed width of a value).
CORE_HALF = 0.25
CROP_HALF = 0.47
# Points above and below a row's text added to a slot's crop.
CROP_PAD = 3.0


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


def column_of(box: TextBox, columns: Columns) -> int | None:
    """The column holding the box, or ``None`` when it stands between two or is wider than its column."""
    index = min(range(len(columns.centres)), key=lambda j: abs(box.cx - columns.centres[j]))
    width = columns.widths[index]
    if abs(box.cx - columns.centres[index]) > BETWEEN * width or box.box[2] - box.box[0] > width:
        return None
    return index
