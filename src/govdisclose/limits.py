"""Safety limits for one parse and for a batch, with defaults that suit real annual reports.

Contract: ``Limits`` is a frozen dataclass passed down from ``parse(path, limits=...)`` and
``convert(..., limits=...)`` to the code that reads files. Each reader checks the limits it can
see and raises ``TooLarge`` or ``Timeout`` (``govdisclose.errors``) with a one-line message
naming the limit. ``Deadline`` turns ``max_seconds`` into cooperative checks between pages, so
``parse`` stops by itself; ``convert`` also kills a worker that overruns (a hard backstop).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import Timeout


@dataclass(frozen=True)
class Limits:
    """Safety limits. The defaults suit annual reports (a few MB, tens of pages) in archives of thousands."""

    max_file_bytes: int = 256 * 1024**2  # one input file or archive member
    max_pages: int = 500  # pages of one PDF
    max_render_pixels: int = 60_000_000  # pixels of one rendered page or image region for OCR
    max_seconds: float = 300.0  # one parse, checked between pages (cooperative)
    max_archive_bytes: int = 8 * 1024**3  # all members of one archive, uncompressed
    max_archive_entries: int = 20_000
    max_compression_ratio: float = 100.0  # uncompressed / compressed, per member


DEFAULT_LIMITS = Limits()


class Deadline:
    """``check()`` raises ``Timeout`` once ``limits.max_seconds`` have passed since creation."""

    def __init__(self, limits: Limits, path: str | None = None):
        self.seconds = limits.max_seconds
        self.path = path
        self._end = time.monotonic() + limits.max_seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise Timeout(f"parsing took longer than the limit of {self.seconds:g} s", self.path)
