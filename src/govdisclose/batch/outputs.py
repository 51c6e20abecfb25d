"""The output folder of ``convert`` (contract 1 in notes/contracts.md), written atomically.

OUTDIR/reports/<report_id>.json  the full model (``export.report_json``); report_id = sha256
OUTDIR/manifest.jsonl            one entry per input path: size, mtime_ns, report_id, status,
                                 error, message, seconds, version (the resume key), traceback
OUTDIR/reports.jsonl, reports.csv one row per report: meta, paths, cell and finding counts
OUTDIR/cells.parquet, cells.csv  the long format of cell-keys.md, report-level fields on every row
OUTDIR/errors.jsonl              one record per failed input: path, error, message, traceback
                                 (the traceback of an InternalError, a bug; null otherwise)

Every file is written whole to a temporary file and renamed; the tables are a pure function of
the manifest and reports/, sorted, so the same inputs always give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..corrections import Correction, apply_corrections
from ..errors import UnreadableInput
from ..export import atomic_path, write_atomic
from ..model import AnnualReport, CellRecord

REPORTS = "reports"
MANIFEST = "manifest.jsonl"
REPORTS_JSONL = "reports.jsonl"
REPORTS_CSV = "reports.csv"
CELLS_PARQUET = "cells.parquet"
CELLS_CSV = "cells.csv"
ERRORS = "errors.jsonl"
WORK = ".work"  # zip members extracted for parsing; removed when a run ends
TABLE_FILES = (REPORTS_JSONL, REPORTS_CSV, CELLS_PARQUET, CELLS_CSV, ERRORS)
CELL_KINDS = ("number", "blank", "not_applicable", "unreadable", "corrected")
SEVERITIES = ("error", "warning", "info")
CELL_BATCH_REPORTS = 500


@dataclass
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


def write_report(out: Path, report_id: str, text: str) -> None:
    write_atomic(report_file(out, report_id), text)


def read_manifest(out: Path) -> dict[str, ManifestEntry]:
    """The manifest by path; a missing file is an empty manifest."""
    path = out / MANIFEST
    if not path.exists():
        return {}
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                entry = ManifestEntry(**json.loads(line))
            except (ValueError, TypeError) as error:
                raise UnreadableInput(f"{MANIFEST} is not a govdisclose manifest ({error})", str(out)) from error
            entries[entry.path] = entry
    return entries


def write_manifest(out: Path, entries: dict[str, ManifestEntry]) -> None:
    write_atomic(out / MANIFEST, (_json_line(asdict(entries[p])) for p in sorted(entries)))


def write_tables(out: Path, entries: dict[str, ManifestEntry],
                 corrections: Iterable[Correction] = ()) -> tuple[int, list[Correction]]:
    """Rewrite every table from the manifest and reports/, and drop reports no entry names.
    ``corrections`` are applied to each report's cells and counts (``corrections.py``); returns
    the number applied and the corrections that matched no report.

    Reports are read one at a time and their cells streamed to cells.csv and cells.parquet
    (a row group per ``CELL_BATCH_REPORTS`` reports), so memory stays flat for any archive.
    """
    paths_by_report: dict[str, list[str]] = {}
    for path in sorted(entries):
        entry = entries[path]
        if entry.status == "ok":
            paths_by_report.setdefault(entry.report_id, []).append(path)
    order = sorted(paths_by_report, key=lambda report_id: paths_by_report[report_id][0])
    report_rows = []
    corrections = list(corrections)
    used: set[int] = set()
    with atomic_path(out / CELLS_CSV) as csv_path, atomic_path(out / CELLS_PARQUET) as parquet_path, \
            open(csv_path, "w", encoding="utf-8", newline="") as csv_stream, _ParquetCells(parquet_path) as parquet:
        writer = csv.DictWriter(csv_stream, fieldnames=list(CellRecord.model_fields), lineterminator="\n")
        writer.writeheader()
        for report_id in order:
            report = AnnualReport.model_validate_json(report_file(out, report_id).read_text(encoding="utf-8"))
            report, applied = apply_corrections(report, corrections)
            used |= {id(c) for c in applied}
            report_rows.append(report_row(report, paths_by_report[report_id]))
            records = [record.model_dump(mode="json") for record in report.cells()]
            writer.writerows(_flat_cell(record) for record in records)
            parquet.add(records)
    write_atomic(out / REPORTS_JSONL, (_json_line(row) for row in report_rows))
    write_atomic(out / REPORTS_CSV, _csv_text([_flat_report_row(row) for row in report_rows]))
    errors = [{"path": e.path, "error": e.error, "message": e.message, "traceback": e.traceback}
              for e in (entries[p] for p in sorted(entries)) if e.status == "error"]
    write_atomic(out / ERRORS, (_json_line(error) for error in errors))
    for stale in set((out / REPORTS).glob("*.json")) - {report_file(out, r) for r in order}:
        stale.unlink()
    return len(used), [c for c in corrections if id(c) not in used]


class _ParquetCells:
    """cells.parquet written in row groups of ``CELL_BATCH_REPORTS`` reports' cells."""

    def __init__(self, path: Path):
        import pyarrow.parquet as pq

        self.schema = cells_schema()
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.pending: list[dict] = []
        self.reports = 0

    def add(self, records: list[dict]) -> None:
        self.pending += records
        self.reports += 1
        if self.reports % CELL_BATCH_REPORTS == 0:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.pending:
            self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.schema))
        self.pending = []

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self._flush()
        self.writer.close()


def report_row(report: AnnualReport, paths: list[str]) -> dict:
    """One reports.jsonl record: meta, paths, counts of cells by kind and findings."""
    meta = report.meta
    kinds = Counter(record.kind for record in report.cells())
    return {
        "report_id": report.report_id, "status": "ok", "paths": paths, "file_name": meta.file_name,
        "title": meta.title, "agency": meta.agency, "year": meta.year, "template": meta.template,
        "source": meta.source, "page_count": meta.page_count, "published": meta.published,
        "cells_by_kind": {kind: kinds.get(kind, 0) for kind in CELL_KINDS},
        "findings_by_severity": {s: sum(f.severity == s for f in report.findings) for s in SEVERITIES},
        "findings_by_rule": dict(sorted(Counter(f.rule for f in report.findings).items())),
    }


def _flat_report_row(row: dict) -> dict:
    flat = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
    flat["paths"] = json.dumps(row["paths"], ensure_ascii=False)
    flat |= {f"cells_{kind}": n for kind, n in row["cells_by_kind"].items()}
    flat |= {f"findings_{severity}": n for severity, n in row["findings_by_severity"].items()}
    flat["findings_by_rule"] = json.dumps(row["findings_by_rule"], ensure_ascii=False)
    return flat


def _flat_cell(record: dict) -> dict:
    bbox = record.get("bbox")
    return record | {"bbox": json.dumps(bbox) if bbox is not None else None}


def _json_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def _csv_text(rows: list[dict], header: list[str] | None = None) -> str:
    stream = io.StringIO()
    fields = header or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def cells_schema():
    """The Arrow schema of cells.parquet, from ``CellRecord``'s fields (numbers as float64)."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(info.annotation)) for name, info in CellRecord.model_fields.items()])


def _arrow_type(annotation):
    """int → int64, float or int|float → float64, a tuple or list → list<float64>, else string."""
    import pyarrow as pa

    args = [a for a in (typing.get_args(annotation) or (annotation,)) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Literal:
        return pa.string()
    if any(typing.get_origin(a) in (tuple, list) for a in args):
        return pa.list_(pa.float64())
    if args and all(a in (int, float) for a in args):
        return pa.float64() if float in args else pa.int64()
    if args == [bool]:
        return pa.bool_()
    return pa.string()


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
