"""The combined tables of a ``convert`` folder, streamed while the batch runs.

cells.csv, cells.parquet, reports.jsonl and reports.csv hold the reports in a fixed order (by
each report's first path, as ``outputs`` describes), whichever worker finishes first.
``ReportOrder`` releases a report as soon as every path sorted before its first one is settled
(asking the run's ``RunIndex``, on disk, so the parent holds no list of paths); ``TableWriter``
then appends its part (``parts.py``) to each table: a CSV copy, a Parquet row group every
``ROW_GROUP_ROWS`` rows. Memory holds one row group at most, whatever the number of reports.

The tables are written under OUTDIR/.work and renamed over the old ones by ``commit``, after
errors.jsonl; until then a crashed run leaves the previous complete tables as they were.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
from collections.abc import Container, Iterable, Iterator
from pathlib import Path

from ..corrections import Correction, apply_corrections
from ..model import AnnualReport
from . import parts
from .index import RunIndex
from .outputs import (
    CELLS_CSV,
    CELLS_PARQUET,
    ERRORS,
    REPORTS,
    REPORTS_CSV,
    REPORTS_JSONL,
    WORK,
    report_file,
)

ROW_GROUP_ROWS = 32_768  # cells.parquet row-group size: ~10 MB of Arrow data held at most


class ReportOrder:
    """Which reports the tables can take next, given the answers still awaited.

    A report's place is its first path (sorted) among the paths whose entry is ``ok``. It can be
    written once no path before that one is awaited and none of its own requests is: then its
    place and its paths are final. ``index`` is the run's ``RunIndex``: a path is settled once
    its entry is stored there (``RunIndex.put`` ends its wait); ``pending`` are parse requests
    (``key``, ``paths``) not yet marked as awaited in it. What the order holds itself is the last
    path passed: the paths, their entries and what is awaited stay in the index.
    """

    def __init__(self, index: RunIndex, pending: Iterable[dict] = ()):
        self.index = index
        for request in pending:
            index.await_answer(request["key"], request["paths"])
        self.passed = ""  # every path up to this one is settled and its report written

    def ready(self) -> Iterator[tuple[str, list[str]]]:
        """``(report_id, paths)`` of each report that can be written now, in table order."""
        while (row := self.index.next_path(self.passed)) is not None:
            path, status, report_id, awaited = row
            if awaited is not None:
                return
            if status == "ok" and self.index.ok_paths(report_id, first_only=True) == [path]:
                if self.index.key_awaited(report_id):
                    return
                yield report_id, self.index.ok_paths(report_id)
            self.passed = path


class TableWriter:
    """cells.csv, cells.parquet, reports.jsonl, reports.csv appended report by report; errors.jsonl
    and the renames in ``commit``. ``corrections`` are applied to the reports they match (those
    are read from reports/ and rendered again); ``used`` holds the ids of those applied."""

    def __init__(self, out: Path, corrections: Iterable[Correction] = ()):
        import pyarrow.parquet as pq

        self.out = out
        self.corrections = list(corrections)
        self.used: set[int] = set()
        work = out / WORK
        work.mkdir(parents=True, exist_ok=True)
        self.temporary = {name: work / f"{name}.partial" for name in
                          (CELLS_CSV, CELLS_PARQUET, REPORTS_JSONL, REPORTS_CSV, ERRORS)}
        self.cells_csv = open(self.temporary[CELLS_CSV], "wb")  # noqa: SIM115  (closed in close())
        self.cells_csv.write((",".join(parts.CELL_FIELDS) + "\n").encode("utf-8"))
        self.reports_jsonl = open(self.temporary[REPORTS_JSONL], "w", encoding="utf-8")  # noqa: SIM115
        self.reports_csv_stream = open(self.temporary[REPORTS_CSV], "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.reports_csv: csv.DictWriter | None = None  # made with the first row's columns
        self.parquet = pq.ParquetWriter(self.temporary[CELLS_PARQUET], parts.cells_schema(), compression="zstd")
        self.pending: list = []  # Arrow tables of the row group being gathered
        self.pending_rows = 0

    def add(self, report_id: str, paths: list[str]) -> None:
        """Append one report's rows to every table."""
        part = parts.read_part(self.out, report_id)
        if part is None or self._corrected(part.row):
            part = self._render(report_id)
            self.cells_csv.write(part.csv_text.encode("utf-8"))
        else:
            with gzip.open(parts.part_path(self.out, report_id, parts.CSV_SUFFIX), "rb") as source:
                shutil.copyfileobj(source, self.cells_csv)
        row = part.row | {"paths": paths}
        self.reports_jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
        flat = parts.flat_report_row(row)
        if self.reports_csv is None:
            self.reports_csv = csv.DictWriter(self.reports_csv_stream, fieldnames=list(flat),
                                              lineterminator="\n", extrasaction="ignore")
            self.reports_csv.writeheader()
        self.reports_csv.writerow(flat)
        self.pending.append(part.cells)
        self.pending_rows += part.cells.num_rows
        if self.pending_rows >= ROW_GROUP_ROWS:
            self._flush()

    def commit(self, errors: list[dict]) -> None:
        """Finish every table and rename it over the old one; errors.jsonl is the last renamed."""
        with open(self.temporary[ERRORS], "w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(error, ensure_ascii=False) + "\n" for error in errors)
        if self.reports_csv is None:  # no report: the header line of no columns, as before
            csv.DictWriter(self.reports_csv_stream, fieldnames=[], lineterminator="\n").writeheader()
        self._flush()
        self.close()
        for name in (CELLS_CSV, CELLS_PARQUET, REPORTS_JSONL, REPORTS_CSV, ERRORS):
            os.chmod(self.temporary[name], 0o644)
            os.replace(self.temporary[name], self.out / name)

    def close(self) -> None:
        """Close the files (a failed run leaves them in .work, removed by the next run)."""
        for stream in (self.cells_csv, self.reports_jsonl, self.reports_csv_stream):
            stream.close()
        if self.parquet is not None:
            self.parquet.close()
            self.parquet = None

    def _flush(self) -> None:
        import pyarrow as pa

        if self.pending_rows:
            self.parquet.write_table(pa.concat_tables(self.pending))
        self.pending, self.pending_rows = [], 0

    def _corrected(self, row: dict) -> bool:
        return any(c.matches_meta(row["report_id"], row["agency"], row["year"]) for c in self.corrections)

    def _render(self, report_id: str) -> parts.Part:
        """The part rendered from reports/<report_id>.json, corrected; stored when uncorrected."""
        report = AnnualReport.model_validate_json(report_file(self.out, report_id).read_text(encoding="utf-8"))
        report, applied = apply_corrections(report, self.corrections)
        self.used |= {id(c) for c in applied}
        part = parts.render(report)
        if not applied:
            parts.write_part(self.out, report_id, part)
        return part


def remove_stale(out: Path, keep: Container[str]) -> None:
    """Delete the reports and parts of report ids not in ``keep`` (and half-written temporaries).
    The folders are scanned as a stream (``os.scandir``), not listed whole."""
    for folder, suffixes in ((out / REPORTS, (".json",)),
                             (out / parts.PARTS, (parts.CSV_SUFFIX, parts.ARROW_SUFFIX, parts.ROW_SUFFIX))):
        if not folder.is_dir():
            continue
        with os.scandir(folder) as found:
            for item in found:
                report_id = next((item.name[:-len(s)] for s in suffixes if item.name.endswith(s)), None)
                if report_id is not None and report_id not in keep or item.name.endswith(".tmp"):
                    os.unlink(item.path)
