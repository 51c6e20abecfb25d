"""Reports as pandas DataFrames: ``to_frame(reports, shape="long" | "wide")`` (the ``frames`` extra)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .model import AnnualReport, CellRecord


def to_frame(reports: Iterable[AnnualReport] | str | Path, shape: str = "long", raw: bool = False):
    """``long``: one row per printed cell (the columns of cells.parquet); ``wide``: the panel's wide
    table, one row per agency-year (``panel.build_panel``: the same implementation as
    ``govdisclose panel``), harmonised variables or, with ``raw``, a column per cell key.

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
    if shape == "wide":
        from .panel import build_panel

        return build_panel(reports, raw=raw).wide_frame()
    records = [record.model_dump() for report in reports for record in report.cells()]
    frame = pd.DataFrame.from_records(records, columns=list(CellRecord.model_fields))
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return frame
