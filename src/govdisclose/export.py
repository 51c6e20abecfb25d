"""Writers for parsed reports: JSON, JSON Lines of cells, atomically written files."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import AnnualReport, CellRecord


def report_json(report: AnnualReport) -> str:
    """The whole model: top-level keys meta, sections, tables, findings; indented by two spaces,
    non-ASCII characters as they are (pydantic's serialiser: the text ``json.dumps(...,
    ensure_ascii=False, indent=2)`` gave, five times faster, but a float below 1e-4 as ``0.00001``)."""
    return report.model_dump_json(indent=2) + "\n"


def cells_jsonl(report: AnnualReport) -> str:
    """One JSON record per printed cell, as in cell-keys.md (absent fields left out)."""
    lines = (json.dumps(cell_record_dict(record), ensure_ascii=False) for record in report.cells())
    return "".join(line + "\n" for line in lines)


def cell_record_dict(record: CellRecord) -> dict:
    """A cell record as a dict in field order, leaving out empty optional fields (never value)."""
    data = record.model_dump(mode="json")
    return {k: v for k, v in data.items() if v is not None or k == "value"}


def write_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide outputs from other readers
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            if isinstance(text, str):
                stream.write(text)
            else:
                stream.writelines(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that wants a file name (Parquet, Stata,
    Excel); renamed onto ``path`` when the block succeeds, removed when it fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.",
                                         suffix=f".tmp{path.suffix}")
    os.close(handle)
    os.chmod(temporary, 0o644)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
