"""govdisclose: China's government information disclosure annual reports as typed, checked data.

>>> import govdisclose
>>> report = govdisclose.parse("report.pdf")
>>> report.cell("requests/new/total").value

``import govdisclose`` loads the errors and limits only; every other public name is imported from
its module on first use (PEP 562), so that the command line starts fast and parsing never loads
batch, comparison, panel, places or their libraries (``tests/test_lazy_imports.py`` keeps it so).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import types
from typing import TYPE_CHECKING

from .errors import (
    CorrectionRefused,
    CorruptDocument,
    EncryptedDocument,
    ExtractionFailed,
    GovDiscloseError,
    InternalError,
    InvalidCorrections,
    MissingDependency,
    NotAnnualReport,
    Timeout,
    TooLarge,
    UnreadableInput,
    UnsafeArchiveEntry,
    UnsupportedFormat,
)
from .limits import Limits
from .version import __version__

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and editors
    from .batch import ConvertSummary, convert, read_dir
    from .comparison import Comparison, compare
    from .corrections import Correction, apply_corrections, load_corrections
    from .frames import to_frame
    from .model import AnnualReport, Cell, CellRecord, Finding, Meta, Section, StatTable, SubItem, Tables
    from .panel import Panel, panel
    from .parse import parse, parse_document
    from .places import Place, locate

# Public name → the module it is imported from on first use.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("AnnualReport", "Cell", "CellRecord", "Finding", "Meta", "Section", "StatTable",
                     "SubItem", "Tables"), ".model"),
    "parse": ".parse", "parse_document": ".parse",
    "ConvertSummary": ".batch", "convert": ".batch", "read_dir": ".batch",
    "Comparison": ".comparison", "compare": ".comparison",
    "Correction": ".corrections", "apply_corrections": ".corrections", "load_corrections": ".corrections",
    "to_frame": ".frames",
    "Panel": ".panel", "panel": ".panel",
    "Place": ".places", "locate": ".places",
}


def __getattr__(name: str):
    """Import a public name from its module the first time it is asked for, then keep it; a
    submodule's name imports the submodule (``govdisclose.batch`` works after ``import govdisclose``)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _to_image(report: AnnualReport, page: int, resolution: float, source):
    """``AnnualReport.to_image``: the model sits below inspection, so the root wires it in. Imported
    on first use, so that ``import govdisclose`` loads neither Pillow nor pypdfium2."""
    from .inspection.render import to_image

    return to_image(report, page, resolution, source)


class _Package(types.ModuleType):
    """The package module, which sees each submodule set on it when that is first imported.

    ``parse`` and ``panel`` are functions named like the modules that hold them: setting the module
    would hide the function (``govdisclose.parse(path)`` calling a module), so that is skipped. The
    model, imported by whoever needs it first, gets the page renderer wired in (``_to_image``)."""

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        if name == "model" and isinstance(value, types.ModuleType):
            value.set_page_renderer(_to_image)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

# The library logs nothing itself and leaves logging configuration to the application.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "AnnualReport", "Cell", "CellRecord", "CorruptDocument", "EncryptedDocument", "ExtractionFailed",
    "Finding", "GovDiscloseError", "Meta", "MissingDependency", "NotAnnualReport", "Section",
    "StatTable", "SubItem", "Tables", "UnreadableInput", "UnsupportedFormat", "parse", "parse_document",
    "__version__", "ConvertSummary", "Limits", "convert", "read_dir", "to_frame",
    "Timeout", "TooLarge", "UnsafeArchiveEntry", "InternalError", "CorrectionRefused", "InvalidCorrections",
    "Comparison", "compare",
    "Panel", "panel", "Correction", "apply_corrections", "load_corrections", "Place", "locate",
]
