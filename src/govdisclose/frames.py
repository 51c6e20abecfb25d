"""Reports as pandas DataFrames: ``to_frame(reports, shape="long" | "wide")`` (the ``frames`` extra)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .model import AnnualReport, CellRecord

REPORT_COLUMNS = ("report_id", "agency", "year", "template", "source", "file_name")


def to_frame(reports: Iterable[AnnualReport] | str | Path, shape: str = "long"):
    """``long``: one row per printed cell (the columns of cells.parquet); ``wide``: one row per
    report, a column per ``table/row/column`` holding its value (NaN when not a number).

    ``reports`` may be an output folder of ``convert`` (read with ``read_dir``).
    """
    try:
        import pandas as pd
    except ImportError as error:
        from .errors import MissingDependency

        raise MissingDependency("to_frame needs pandas: pip install 'govdisclose[frames]'") from error
    if shape not in ("long", "wide"):
        raise ValueError(f"shape must be 'long' or 'wide', not {shape!r}")
    if isinstance(reports, (str, Path)):
        from .batch.outputs import read_dir

        reports = read_dir(reports)
    reports = list(reports)
    if shape == "long":
        records = [record.model_dump() for report in reports for record in report.cells()]
        frame = pd.DataFrame.from_records(records, columns=list(CellRecord.model_fields))
        frame["year"] = frame["year"].astype("Int64")
        frame["value"] = frame["value"].astype("float64")
        return frame
    rows = []
    for report in reports:
        row = {"report_id": report.report_id} | {
            name: getattr(report.meta, name) for name in REPORT_COLUMNS[1:]}
        row |= {f"{r.table}/{r.row}/{r.column}": r.value for r in report.cells()}
        rows.append(row)
    frame = pd.DataFrame.from_records(rows)
    if rows:
        frame["year"] = frame["year"].astype("Int64")
        for column in frame.columns[len(REPORT_COLUMNS):]:
            frame[column] = frame[column].astype("float64")
    return frame
