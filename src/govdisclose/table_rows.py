"""Table rows as labels and value cells: the shape shared by the sources that cut tables out of
pages (OCR by columns) and the mapping that reads them.

- ``Row``: one table row, label texts left to right, value cells, where it came from.
- ``is_value_like(text)``: whether a cell's text could be a value (so it is not a row label).
- ``join_wrapped_labels(rows)``: row labels wrapped over several text lines joined into one.

Knows tables, not formats, and no cell keys; the one report word it knows is table 三's group
label (``catalogue.requests.RESULTS_GROUP_LABEL``), whose pieces wrap beside row labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .catalogue.requests import RESULTS_GROUP_LABEL
from .document import Span
from .normalize import clean_text, label_key, nfkc

# A token with no Han character (or only a unit / 无) may be a value cell; labels never are. The
# last branch takes any run of digits (flattened rows).
VALUE_LIKE = regex.compile(r"^[^\p{Han}]{0,16}(?:万元|元)?$|^无$|^[\d.]+(?:万元|元)?$")
_SPACES = regex.compile(r"\s+")


def is_value_like(text: str | None) -> bool:
    """Whether a cell could hold a value (so it is not a row label)."""
    if text is None:
        return False
    squeezed = _SPACES.sub("", nfkc(text))
    return bool(VALUE_LIKE.match(squeezed))


@dataclass
class Row:
    """One table row: label texts left to right, value cells, and where it came from."""

    labels: list[str]
    values: list[Span]
    block: int  # index of the block in document.blocks
    cells: list[Span | None] = field(default_factory=list)  # the row as found, for headers
    from_line: bool = False  # read from a text line (no grid): its label may wrap onto other lines

    @property
    def label(self) -> str:
        return clean_text("".join(self.labels))

    @property
    def key(self) -> str:
        return label_key("".join(self.labels))

    def has_numbers(self) -> bool:
        return any(regex.search(r"\d", v.text) for v in self.values)


# A label starts with 一、 / （一） / 1. ; a wrapped continuation line does not.
LABEL_START = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]\s*[、.．]|[（(]\s*[一二三四五六七八九十]\s*[)）]|\d\s*[.、．])"
)


def join_wrapped_labels(rows: list[Row]) -> list[Row]:
    """Borderless tables read as lines: a label wrapped around its values becomes one label.

    Pieces of the group label 三、本年度办理结果 printed beside a row's own label are dropped first.

    A label-only line that starts a label joins the value line below it when that line's own
    label does not start one; label-only lines that start nothing join the value line above.
    Label-only lines stay in the result too (headers are read from them).
    """
    result: list[Row] = []
    for row in rows:
        if row.from_line and len(row.labels) >= 2 and _results_group_piece(row.labels[0]):
            row.labels = row.labels[1:]  # 三、本 / 年度办 / 理结果 beside the rows' own labels
    pending: Row | None = None  # a label-only line that starts a label
    last_values: Row | None = None  # the last line with values, for a wrapped label's tail
    for row in rows:
        result.append(row)
        if not row.from_line:
            pending = last_values = None
            continue
        starts = bool(LABEL_START.match(row.label))
        if not row.values:
            if starts:
                pending = row
            elif last_values is not None and pending is None and _continuation(row.label):
                last_values.labels = last_values.labels + row.labels
            continue
        if pending is not None and not starts:
            row.labels = pending.labels + row.labels
        elif pending is not None and FIRST_ITEM.match(pending.label) and _group_beside_tail(row):
            # （六）其他处理 printed on the line of its first sub-row's wrapped tail
            row.labels = row.labels[:1] + pending.labels + row.labels[1:]
        pending = None
        last_values = row
    return result


MAX_CONTINUATION = 20
RESULTS_GROUP = label_key(RESULTS_GROUP_LABEL)


def _results_group_piece(word: str) -> bool:
    """A piece (two characters or more) of the group label 三、本年度办理结果."""
    key = label_key(word)
    return len(key) >= 2 and key in RESULTS_GROUP


# A group label alone in its cell (``（六）其他处理``): no item number, a few words.
FIRST_ITEM = regex.compile(r"^\s*1\s*[.、．]")
GROUP_ONLY = regex.compile(r"^\s*[（(]\s*[一二三四五六七]\s*[)）][^\d.、．]{0,8}$")


def _group_beside_tail(row: Row) -> bool:
    """A merged group label printed beside the wrapped tail of its first sub-row's label."""
    return len(row.labels) >= 2 and bool(GROUP_ONLY.match(row.labels[0])) and not LABEL_START.match(
        "".join(row.labels[1:]))


def _continuation(label: str) -> bool:
    """A short fragment without a full stop: the tail of a wrapped label, not prose."""
    return 0 < len(label) <= MAX_CONTINUATION and "。" not in label
