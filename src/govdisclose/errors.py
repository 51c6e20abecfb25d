"""Typed errors: each carries a one-line human message and the CLI exit code it maps to."""

from __future__ import annotations

import traceback as tracebacks


class GovDiscloseError(Exception):
    """Base class. ``str(error)`` is a one-line message fit for a terminal or errors.jsonl."""

    exit_code = 3

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        message = self.args[0] if self.args else self.__class__.__name__
        return f"{self.path}: {message}" if self.path else message


class UnreadableInput(GovDiscloseError):
    """The input cannot be read (exit code 3)."""


class UnsupportedFormat(UnreadableInput):
    """Not a format govdisclose reads."""


class CorruptDocument(UnreadableInput):
    """The file claims a format but its content is broken."""


class EncryptedDocument(UnreadableInput):
    """The file is password-protected."""


class ExtractionFailed(UnreadableInput):
    """The file opened but no text could be extracted (e.g. a scan without the OCR extra)."""


class MissingDependency(UnreadableInput):
    """An optional extra is needed for this input."""


class TooLarge(UnreadableInput):
    """The input exceeds a safety limit: file or archive size, entry count, compression ratio, memory."""


class Timeout(UnreadableInput):
    """Parsing the input took longer than the per-file time limit and was stopped."""


class UnsafeArchiveEntry(UnreadableInput):
    """An archive entry whose name would be written outside the extraction folder, or a link."""


class NotAnnualReport(GovDiscloseError):
    """The input reads fine but is not a 政府信息公开工作年度报告 (exit code 4)."""

    exit_code = 4


# Characters of an unexpected exception's message quoted in InternalError's.
DETAIL_CHARS = 200


class InternalError(GovDiscloseError):
    """An unexpected exception in govdisclose's own code: a bug, not a fault of the input (exit code 5).

    ``traceback`` is the original exception's traceback as text (kept in ``convert``'s
    errors.jsonl, printed by ``--debug``)."""

    exit_code = 5

    def __init__(self, message: str, path: str | None = None, traceback: str | None = None):
        super().__init__(message, path)
        self.traceback = traceback

    @classmethod
    def of(cls, error: BaseException, path: str | None = None) -> InternalError:
        """The ``InternalError`` for an unexpected ``error``: its type and first line, and its traceback."""
        lines = str(error).strip().splitlines()
        detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
        return cls(f"unexpected {detail[:DETAIL_CHARS]} (a bug in govdisclose, not in the input)", path,
                   "".join(tracebacks.format_exception(error)))


class InvalidCorrections(GovDiscloseError):
    """A corrections file that cannot be read or names an unknown cell key (exit code 2)."""

    exit_code = 2


class CorrectionRefused(GovDiscloseError):
    """A correction would replace a number that was read, and is not marked ``force`` (exit code 2)."""

    exit_code = 2
