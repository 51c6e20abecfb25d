"""govdisclose: China's government information disclosure annual reports as typed, checked data.

>>> import govdisclose
>>> report = govdisclose.parse("report.pdf")
>>> report.cell("requests/new/total").value
"""

from .batch import ConvertSummary, Limits, convert, read_dir
from .comparison import Comparison, compare
from .corrections import Correction, apply_corrections, load_corrections
from .errors import (
    CorrectionRefused,
    CorruptDocument,
    EncryptedDocument,
    ExtractionFailed,
    GovDiscloseError,
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

__version__ = "0.1.0"

__all__ = [
    "AnnualReport", "Cell", "CellRecord", "CorruptDocument", "EncryptedDocument", "ExtractionFailed",
    "Finding", "GovDiscloseError", "Meta", "MissingDependency", "NotAnnualReport", "Section",
    "StatTable", "SubItem", "Tables", "UnreadableInput", "UnsupportedFormat", "parse", "parse_document",
    "__version__", "ConvertSummary", "Limits", "convert", "read_dir", "to_frame",
    "Timeout", "TooLarge", "UnsafeArchiveEntry", "CorrectionRefused", "InvalidCorrections",
    "Comparison", "compare",
    "Panel", "panel", "Correction", "apply_corrections", "load_corrections",
]
