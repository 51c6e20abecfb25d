"""Source adapters: one per input format, each turning a file into a ``Document``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document
from ..errors import CorruptDocument, UnsupportedFormat

# Leading bytes → adapter name. Text formats are recognised by decoding, not by magic.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
)
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(path: Path, head: bytes) -> str:
    """Name the adapter for a file, by content first and by suffix for plain text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, name in _MAGIC:
        if stripped.startswith(magic) or magic in head[:1024]:
            return name
    if path.suffix.lower() == ".pdf":
        raise CorruptDocument("named .pdf but the content is not a PDF", str(path))
    if path.suffix.lower() in _TEXT_SUFFIXES or _looks_like_text(head):
        return "text"
    raise UnsupportedFormat(f"unsupported format (suffix {path.suffix or 'none'})", str(path))


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start > len(head) - 4:  # a multibyte character cut by the read
                return True
    return False


def load(path: str | Path) -> Document:
    """Read ``path`` with the adapter its content calls for."""
    path = Path(path)
    data = path.read_bytes()
    kind = detect_format(path, data[:4096])
    if kind == "pdf":
        from .pdf_text import read_pdf

        document = read_pdf(path)
    else:
        from .text import read_text

        document = read_text(path, data)
    document.sha256 = sha256_of(data)
    document.path = str(path)
    return document
