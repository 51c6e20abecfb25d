"""The running text of a document as one string, with every offset traceable to its block.

Legacy recognisers search headings, table rows and sentences across line breaks (crawler dumps
put a whole report on one line; PDFs wrap anywhere), so they work on this joined text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..document import Document, TextLine
from ..normalize import clean_text


@dataclass
class TextStream:
    text: str
    starts: list[int]  # offset where each joined line starts
    blocks: list[int]  # the document block index of each joined line
    pages: list[int | None]
    paths: list[str | None]  # the element path of each line (HTML/DOCX/text sources)

    def line_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def page_at(self, offset: int) -> int | None:
        return self.pages[self.line_at(offset)] if self.pages else None

    def path_at(self, offset: int) -> str | None:
        return self.paths[self.line_at(offset)] if self.paths else None


def text_stream(document: Document) -> TextStream:
    """Every ``TextLine`` cleaned and joined with newlines (grids are left out)."""
    parts: list[str] = []
    starts: list[int] = []
    blocks: list[int] = []
    pages: list[int | None] = []
    paths: list[str | None] = []
    offset = 0
    for index, block in enumerate(document.blocks):
        if not isinstance(block, TextLine):
            continue
        text = clean_text(block.text)
        if not text:
            continue
        starts.append(offset)
        blocks.append(index)
        pages.append(block.page)
        paths.append(block.words[0].path if block.words else None)
        parts.append(text)
        offset += len(text) + 1
    return TextStream("\n".join(parts), starts, blocks, pages, paths)
