"""govdisclose: China's government information disclosure annual reports as typed, checked data.

>>> import govdisclose
>>> report = govdisclose.parse("report.pdf")
>>> report.cell("requests/new/total").value
"""

import logging

from . import model
from .batch import ConvertSummary, Limits, convert, read_dir
from .comparison import Comparison, compare
from .corrections import Correction, apply_corrections, load_corrections
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
from .frames import to_frame
from .model import AnnualReport, Cell, CellRecord, Finding, Meta, Section, StatTable, SubItem, Tables
from .panel import Panel, panel
from .parse import parse, parse_document
from .places import Place, locate
from .version import __version__


def _to_image(report: AnnualReport, page: int, resolution: float, source):
    """``AnnualReport.to_image``: the model sits below inspection, so the root wires it in. Imported
    on first use, so that ``import govdisclose`` loads neither Pillow nor pypdfium2."""
    from .inspection.render import to_image

    return to_image(report, page, resolution, source)


model.set_page_renderer(_to_image)

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
