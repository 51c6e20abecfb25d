"""Template era detection from the labels a document prints (never from the year)."""

from __future__ import annotations

from ..catalogue.legacy import LAST_LEGACY_YEAR, LEGACY_MARKERS
from ..catalogue.templates import MARKERS
from ..document import Document, Grid, TextLine
from ..normalize import label_key


def document_label_text(document: Document) -> str:
    """All text of the document (lines and grid cells) reduced with ``label_key``."""
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, TextLine):
            parts.append(block.text)
        elif isinstance(block, Grid):
            parts.extend(cell.text for row in block.rows for cell in row if cell is not None)
    return label_key("".join(parts))


def detect_template(document: Document, year: int | None = None) -> str:
    """``2019`` or ``2021`` by which era's distinctive labels occur more. With none of them,
    ``legacy`` when the data year is at most ``LAST_LEGACY_YEAR`` or the document prints legacy
    statistics-table labels (``catalogue.legacy.LEGACY_MARKERS``, at least two); else ``unknown``."""
    text = document_label_text(document)
    counts = {era: sum(label_key(m) in text for m in markers) for era, markers in MARKERS.items()}
    best = max(counts, key=lambda era: counts[era])
    if counts[best] == 0:
        legacy_labels = sum(label_key(m) in text for m in LEGACY_MARKERS)
        if (year is not None and year <= LAST_LEGACY_YEAR) or legacy_labels >= 2:
            return "legacy"
        return "unknown"
    if list(counts.values()).count(counts[best]) > 1:
        return "unknown"
    return best
