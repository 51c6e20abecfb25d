"""The output folder of ``convert`` (contract 1 in notes/contracts.md), written atomically.

OUTDIR/reports/<report_id>.json  the full model (``export.report_json``); report_id = sha256
OUTDIR/manifest.jsonl            one entry per input path: size, mtime_ns, report_id, status,
                                 error, message, seconds, version (the resume key), traceback
OUTDIR/reports.jsonl, reports.csv one row per report: meta, paths, cell and finding counts
OUTDIR/cells.parquet, cells.csv  the long format of cell-keys.md, report-level fields on every row
OUTDIR/errors.jsonl              one record per failed input: path, error, message, traceback
                                 (the traceback of an InternalError, a bug; null otherwise)
OUTDIR/.parts/                   each report's rows of the tables (``parts.py``)
OUTDIR/.index.sqlite             while a run goes: its inputs, manifest and requests (``index.py``)

The tables hold the reports in the order of their first path (sorted) and the errors sorted by
path: a pure function of the manifest and reports/, so the same inputs always give the same
bytes. They are streamed to temporary files while the batch runs (``tables.py``) and renamed at
its end; the manifest is rewritten at the start of a run, appended one line per answer while it
runs (a later line for a path wins) and rewritten sorted at its end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import UnreadableInput
from ..export import write_atomic
from ..model import AnnualReport

REPORTS = "reports"
MANIFEST = "manifest.jsonl"
REPORTS_JSONL = "reports.jsonl"
REPORTS_CSV = "reports.csv"
CELLS_PARQUET = "cells.parquet"
CELLS_CSV = "cells.csv"
ERRORS = "errors.jsonl"
INDEX = ".index.sqlite"  # what a run knows about its inputs (``index.py``); deleted when it ends
WORK = ".work"  # zip members and tables being written; removed when a run ends
# Present while the tables hold corrected values: a run without corrections then rewrites them.
CORRECTED = ".corrected"
TABLE_FILES = (REPORTS_JSONL, REPORTS_CSV, CELLS_PARQUET, CELLS_CSV, ERRORS)
CELL_KINDS = ("number", "blank", "not_applicable", "unreadable", "corrected")
SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class ManifestEntry:
    """What happened to one input path. ``seconds`` is the parse time (0 for a reused result)."""

    path: str
    size: int
    mtime_ns: int
    report_id: str | None
    status: str  # "ok" or "error"
    error: str | None
    message: str | None
    seconds: float
    version: str
    traceback: str | None = None  # of an InternalError (a bug in govdisclose)


def report_file(out: Path, report_id: str) -> Path:
    return out / REPORTS / f"{report_id}.json"


def read_manifest(out: Path) -> dict[str, ManifestEntry]:
    """The manifest by path (a later line for a path wins); a missing file is an empty manifest.
    A last line cut short (a run killed while appending it) is left out."""
    return {entry.path: entry for entry in iter_manifest(out)}


def iter_manifest(out: Path) -> Iterator[ManifestEntry]:
    """The manifest's lines as entries, in file order (as ``read_manifest``, holding none of them)."""
    path = out / MANIFEST
    if not path.exists():
        return
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                entry = ManifestEntry(**json.loads(line))
            except (ValueError, TypeError) as error:
                if not line.endswith("\n") and isinstance(error, ValueError):
                    return  # the torn last line
                raise UnreadableInput(f"{MANIFEST} is not a govdisclose manifest ({error})", str(out)) from error
            yield entry


def write_manifest(out: Path, entries: Iterable[ManifestEntry]) -> None:
    """The manifest, atomically: ``entries`` one line each, in the order given (sorted by path)."""
    write_atomic(out / MANIFEST, (_json_line(asdict(entry)) for entry in entries))


class ManifestJournal:
    """The manifest while a run goes: rewritten whole when opened (``entries`` sorted by path),
    then each answer's entries appended and flushed, so a killed run keeps every answer it got."""

    def __init__(self, out: Path, entries: Iterable[ManifestEntry]):
        write_manifest(out, entries)
        self.stream = open(out / MANIFEST, "a", encoding="utf-8")  # noqa: SIM115  (closed in close())

    def append(self, entries: Iterable[ManifestEntry]) -> None:
        self.stream.writelines(_json_line(asdict(entry)) for entry in entries)
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()


def read_dir(out: str | Path) -> Iterator[AnnualReport]:
    """The reports of a ``convert`` output folder, in the order of reports.jsonl."""
    out = Path(out)
    index = out / REPORTS_JSONL
    if not index.exists():
        raise UnreadableInput(f"no {REPORTS_JSONL}: not a govdisclose convert output folder", str(out))
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.strip():
            report_id = json.loads(line)["report_id"]
            yield AnnualReport.model_validate_json(report_file(out, report_id).read_text(encoding="utf-8"))


def _json_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"
