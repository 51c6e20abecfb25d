"""Reports printed in traditional characters (繁體): detected by the share of traditional-only
characters, converted to simplified before recognition, raw cell text restored as printed.

Every label, heading and title pattern is written in simplified characters, so a traditional
document is recognised through its simplified copy. Numbers are unaffected by the conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..document import Document, Grid, Span, TextLine
from ..model import AnnualReport, Finding
from ..normalize import to_simplified, traditional_share

# A document is traditional when at least this share of its Han characters are traditional-only
# forms and there are at least MIN_TRADITIONAL of them. Measured: simplified fixtures and samples
# 0 %, their traditional versions (OpenCC s2t) 22-37 %.
TRADITIONAL_SHARE = 0.05
MIN_TRADITIONAL = 10


@dataclass
class ScriptReading:
    """The document recognition should read, and what conversion did to it."""

    document: Document
    converted: bool = False
    share: float = 0.0  # share of Han characters that were traditional-only
    # simplified character → the traditional one printed, where a single one was printed for it
    printed: dict[str, str] = field(default_factory=dict)

    def restore(self, report: AnnualReport) -> AnnualReport:
        """Cell and fact ``raw`` as printed, and the ``TRADITIONAL`` info finding, when converted."""
        if not self.converted:
            return report
        table = str.maketrans(self.printed)
        for name in ("active_disclosure", "requests", "review_litigation", "legacy_stats"):
            stat_table = getattr(report.tables, name)
            for cells in (stat_table.rows.values() if stat_table else ()):
                for cell in cells.values():
                    cell.raw = cell.raw.translate(table)
        for fact in report.facts:
            fact.raw = fact.raw.translate(table)
        report.findings.append(Finding(
            rule="TRADITIONAL", severity="info",
            message=f"the text is in traditional characters ({self.share:.0%} of Han characters) and was "
                    "converted to simplified before recognition; cell raw text is kept as printed",
        ))
        return report


def read_script(document: Document) -> ScriptReading:
    """The document as recognition reads it: a simplified copy when it is printed in traditional."""
    texts = list(_texts(document))
    traditional, han = traditional_share("".join(texts))
    if traditional < MIN_TRADITIONAL or traditional < TRADITIONAL_SHARE * han:
        return ScriptReading(document)
    converted: dict[str, str] = {}
    for text in texts:
        if text not in converted:
            converted[text] = to_simplified(text)
    return ScriptReading(
        document=_converted(document, converted), converted=True, share=traditional / han,
        printed=_printed_forms(converted),
    )


def _texts(document: Document):
    for block in document.blocks:
        if isinstance(block, TextLine):
            yield block.text
            yield from (word.text for word in block.words)
        elif isinstance(block, Grid):
            yield from (cell.text for row in block.rows for cell in row if cell is not None)
    yield from (value for value in document.info.values() if isinstance(value, str))


def _converted(document: Document, converted: dict[str, str]) -> Document:
    def span(item: Span | None) -> Span | None:
        return None if item is None else replace(item, text=converted[item.text])

    blocks = []
    for block in document.blocks:
        if isinstance(block, TextLine):
            blocks.append(replace(block, text=converted[block.text], words=[span(w) for w in block.words]))
        elif isinstance(block, Grid):
            blocks.append(replace(block, rows=[[span(cell) for cell in row] for row in block.rows]))
        else:
            blocks.append(block)
    info = {key: converted.get(value, value) if isinstance(value, str) else value
            for key, value in document.info.items()}
    return replace(document, blocks=blocks, info=info)


def _printed_forms(converted: dict[str, str]) -> dict[str, str]:
    """Simplified → printed traditional character, from texts the conversion kept the length of;
    a simplified character printed in two forms (发: 發 and 髮, or 發 and 发) is left out."""
    forms: dict[str, set[str]] = {}
    for original, simplified in converted.items():
        if len(original) != len(simplified):
            continue
        for printed, char in zip(original, simplified, strict=True):
            forms.setdefault(char, set()).add(printed)  # also a simplified form printed as such
    return {char: next(iter(printed)) for char, printed in forms.items()
            if len(printed) == 1 and char not in printed}
