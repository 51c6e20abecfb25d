"""One report's share of the tables, rendered once (by the worker that parsed it) and kept on disk.

OUTDIR/.parts/<report_id>.cells.csv.gz its rows of cells.csv, without the header (gzip)
OUTDIR/.parts/<report_id>.cells.arrow  its rows of cells.parquet (Arrow IPC file, zstd buffers)
OUTDIR/.parts/<report_id>.row.jsonl    its line of reports.jsonl, ``paths`` left empty

Compressed, a part is about a sixth of the size of the report's JSON.

The combined tables are these pieces concatenated in report order (``tables.py``), so building
them never reads a report again, and a rerun that adds one file copies the others' pieces. The
row file is written last: a part without it is incomplete and is rendered again from
``reports/<report_id>.json``. ``render`` is the one definition of a report's rows.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import typing
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..export import atomic_path, write_atomic
from ..model import AnnualReport, CellRecord
from .outputs import CELL_KINDS, SEVERITIES, report_file

PARTS = ".parts"
# No part ends in .json: a folder search for saved reports (``comparison.inputs``) must not take one.
CSV_SUFFIX, ARROW_SUFFIX, ROW_SUFFIX = ".cells.csv.gz", ".cells.arrow", ".row.jsonl"
CELL_FIELDS = list(CellRecord.model_fields)


@dataclass
class Part:
    """A report's rows: ``row`` for reports.*, ``csv_text`` for cells.csv, ``cells`` (Arrow) for cells.parquet."""

    row: dict
    csv_text: str
    cells: typing.Any  # pyarrow.Table with ``cells_schema()``


def render(report: AnnualReport) -> Part:
    """The rows ``report`` contributes to every table (``paths`` in ``row`` left empty)."""
    import pyarrow as pa

    records = [record.model_dump(mode="json") for record in report.cells()]
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=CELL_FIELDS, lineterminator="\n")
    writer.writerows(flat_cell(record) for record in records)
    cells = pa.Table.from_pylist(records, schema=cells_schema())
    return Part(report_row(report, []), stream.getvalue(), cells)


def part_path(out: Path, report_id: str, suffix: str) -> Path:
    return out / PARTS / f"{report_id}{suffix}"


def write_part(out: Path, report_id: str, part: Part) -> None:
    """Each file atomically; the row file last, as the mark of a complete part."""
    import pyarrow as pa

    with atomic_path(part_path(out, report_id, CSV_SUFFIX)) as temporary:
        temporary.write_bytes(gzip.compress(part.csv_text.encode("utf-8"), compresslevel=1, mtime=0))
    with atomic_path(part_path(out, report_id, ARROW_SUFFIX)) as temporary, \
            pa.ipc.new_file(str(temporary), part.cells.schema,
                            options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(part.cells)
    write_atomic(part_path(out, report_id, ROW_SUFFIX), json.dumps(part.row, ensure_ascii=False) + "\n")


def read_part(out: Path, report_id: str) -> Part | None:
    """The stored part, or None when it is missing or incomplete. ``csv_text`` is left empty:
    copy the gzip file at ``part_path(..., CSV_SUFFIX)`` instead of holding it."""
    import pyarrow as pa

    try:
        row = json.loads(part_path(out, report_id, ROW_SUFFIX).read_text(encoding="utf-8"))
        with pa.OSFile(str(part_path(out, report_id, ARROW_SUFFIX))) as source:
            cells = pa.ipc.open_file(source).read_all()
    except (OSError, ValueError, pa.ArrowInvalid):
        return None
    if not part_path(out, report_id, CSV_SUFFIX).exists():
        return None
    return Part(row, "", cells)


def save_report(out: Path, report_id: str, text: str) -> None:
    """Write ``reports/<report_id>.json`` and its part, rendered from that JSON as it will be read."""
    write_atomic(report_file(out, report_id), text)
    write_part(out, report_id, render(AnnualReport.model_validate_json(text)))


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


def flat_report_row(row: dict) -> dict:
    """A reports.jsonl record as a reports.csv row: lists and dicts as JSON, counts spread out."""
    flat = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
    flat["paths"] = json.dumps(row["paths"], ensure_ascii=False)
    flat |= {f"cells_{kind}": n for kind, n in row["cells_by_kind"].items()}
    flat |= {f"findings_{severity}": n for severity, n in row["findings_by_severity"].items()}
    flat["findings_by_rule"] = json.dumps(row["findings_by_rule"], ensure_ascii=False)
    return flat


def flat_cell(record: dict) -> dict:
    bbox = record.get("bbox")
    return record | {"bbox": json.dumps(bbox) if bbox is not None else None}


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
