"""A panel written in the formats researchers open, chosen by the output's suffix.

=========  ===================================================================================
suffix     files
=========  ===================================================================================
.parquet   ``out.parquet`` (wide) and ``out.long.parquet``; every field's ``description`` in its
           metadata, all descriptions as JSON in the schema metadata key ``govdisclose.columns``
.csv       ``out.csv``, ``out.long.csv`` and ``out.codebook.csv``, UTF-8 with a BOM (Excel)
.dta       ``out.dta`` and ``out.long.dta`` (Stata 14+, format 118), variable labels set
.xlsx      ``out.xlsx`` with the sheets ``panel``, ``long`` and ``codebook``
=========  ===================================================================================

Stata names (:func:`stata_name`): every character outside ``[A-Za-z0-9_]`` becomes ``_``; a name
still longer than 32 characters keeps its first 23 characters, then ``_`` and the first 8 hex
digits of the SHA-1 of the original column name (``requests/withheld.three_securities_one_stability/
natural_person`` → ``requests_withheld_three_8c5e…``). The codebook lists every mapping. Stata
labels hold at most 80 characters: a longer description is cut to 79 and ends with ``~``.
Every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from .catalogue.harmonised import BY_NAME
from .errors import MissingDependency, TooLarge, UnsupportedFormat
from .export import atomic_path, write_atomic
from .panel import LONG_COLUMNS, Panel

SUFFIXES = (".parquet", ".csv", ".dta", ".xlsx")
CODEBOOK_COLUMNS = ("column", "stata_name", "label", "unit", "definition", "eras", "sources", "note")
STATA_NAME_LENGTH = 32
STATA_LABEL_LENGTH = 80
STATA_STR_BYTES = 2045       # longer text goes to Stata strL
EXCEL_ROWS = 1_048_576       # rows of an Excel sheet, the header included
STRING_COLUMNS = {"agency", "agency_as_printed", "template", "report_id", "file_name", "cross_year_findings",
                  "province", "prefecture", "county", "division_code", "agency_level", "variable", "kind",
                  "unit", "raw", "cell_keys", "path", "findings", "note"}


def write_panel(panel: Panel, path: str | Path) -> list[Path]:
    """Write the panel by the suffix of ``path``; returns the files written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedFormat(f"the panel is written as {', '.join(SUFFIXES)}", str(path))
    long_path = path.with_name(f"{path.stem}.long{path.suffix}")
    if suffix == ".csv":
        codebook_path = path.with_name(f"{path.stem}.codebook.csv")
        write_atomic(path, "\ufeff" + _csv(panel.rows, panel.columns))
        write_atomic(long_path, "\ufeff" + _csv(panel.long, list(LONG_COLUMNS)))
        write_atomic(codebook_path, "\ufeff" + _csv(codebook_rows(panel), list(CODEBOOK_COLUMNS)))
        return [path, long_path, codebook_path]
    if suffix == ".parquet":
        _parquet(panel.rows, panel.columns, panel.descriptions, path)
        _parquet(panel.long, list(LONG_COLUMNS), panel.descriptions, long_path)
        return [path, long_path]
    _needs_pandas(suffix)
    if suffix == ".dta":
        _stata(panel.wide_frame(), panel.descriptions, path)
        _stata(panel.long_frame(), panel.descriptions, long_path)
        return [path, long_path]
    _excel(panel, path)
    return [path]


def stata_name(column: str) -> str:
    """The Stata variable name of a panel column (deterministic; see the module docstring)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", column)
    if not re.match(r"[A-Za-z_]", name):
        name = "_" + name
    if len(name) > STATA_NAME_LENGTH:
        name = name[:23] + "_" + hashlib.sha1(column.encode("utf-8")).hexdigest()[:8]
    return name


def stata_label(description: str) -> str:
    if len(description) <= STATA_LABEL_LENGTH:
        return description
    return description[:STATA_LABEL_LENGTH - 1] + "~"


def codebook_rows(panel: Panel) -> list[dict]:
    """One row per wide column and long field: its Stata name, label, unit and, for harmonised
    variables, definition, eras, sources and comparability note."""
    rows = []
    for column in [*panel.columns, *(c for c in LONG_COLUMNS if c not in panel.columns)]:
        row = {"column": column, "stata_name": stata_name(column),
               "label": panel.descriptions.get(column, "")}
        variable = BY_NAME.get(column)
        if variable is not None:
            row |= {"label": variable.label, "unit": variable.unit, "definition": variable.definition,
                    "eras": ", ".join(variable.eras), "note": variable.note,
                    "sources": "; ".join(f"{s.era}: " + " | ".join(" + ".join(way) for way in s.ways)
                                         for s in variable.sources)}
        rows.append(row)
    return rows


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    return out.getvalue()


def _arrow_type(column: str, values: list):
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if column in ("year", "page"):
        return pa.int64()
    if column in STRING_COLUMNS:
        return pa.string()
    if column == "value" or column.startswith("rate:"):
        return pa.float64()
    unit = BY_NAME[column].unit if column in BY_NAME else None
    if unit != "10k_yuan" and all(isinstance(v, int) for v in present):
        return pa.int64()
    return pa.float64()


def _parquet(rows: list[dict], columns: list[str], descriptions: dict[str, str], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields, arrays = [], []
    for column in columns:
        values = [row.get(column) for row in rows]
        kind = _arrow_type(column, values)
        description = descriptions.get(column, "")
        fields.append(pa.field(column, kind, metadata={"description": description}))
        arrays.append(pa.array(values, type=kind))
    metadata = {"govdisclose.columns": json.dumps({c: descriptions.get(c, "") for c in columns},
                                                  ensure_ascii=False)}
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))
    with atomic_path(path) as temporary:
        pq.write_table(table, str(temporary))


def _needs_pandas(suffix: str) -> None:
    try:
        import pandas  # noqa: F401
        if suffix == ".xlsx":
            import openpyxl  # noqa: F401
    except ImportError as error:
        raise MissingDependency(f"writing {suffix} needs pandas and openpyxl: "
                                "pip install 'govdisclose[frames]'") from error


def _stata_frame(frame, descriptions: dict[str, str]):
    """The frame with Stata names, strings without nulls, ``year`` as int, other numbers as float
    (missing = .)."""
    frame = frame.copy()
    for column in frame.columns:
        if column in STRING_COLUMNS:
            frame[column] = frame[column].map(lambda v: "" if v is None or v != v else str(v)).astype(object)
        elif column == "year" and frame[column].notna().all():
            frame[column] = frame[column].astype("int32")
        else:
            frame[column] = frame[column].astype("float64")
    names = {c: stata_name(c) for c in frame.columns}
    labels = {names[c]: stata_label(descriptions.get(c, c)) for c in frame.columns}
    return frame.rename(columns=names), labels


def _stata(frame, descriptions: dict[str, str], path: Path) -> None:
    frame, labels = _stata_frame(frame, descriptions)
    long_text = [c for c in frame.columns if frame[c].dtype == object
                 and any(len(v.encode("utf-8")) > STATA_STR_BYTES for v in frame[c])]
    with atomic_path(path) as temporary:
        frame.to_stata(temporary, write_index=False, version=118, variable_labels=labels,
                       data_label="govdisclose panel", convert_strl=long_text)


def _excel(panel: Panel, path: Path) -> None:
    import pandas as pd

    if len(panel.long) >= EXCEL_ROWS:
        raise TooLarge(f"the long form has {len(panel.long)} rows, more than an Excel sheet holds "
                       f"({EXCEL_ROWS - 1} under its header): write .parquet, .csv or .dta", str(path))

    with atomic_path(path) as temporary, pd.ExcelWriter(temporary, engine="openpyxl") as writer:
        panel.wide_frame().to_excel(writer, sheet_name="panel", index=False)
        panel.long_frame().to_excel(writer, sheet_name="long", index=False)
        pd.DataFrame.from_records(codebook_rows(panel), columns=list(CODEBOOK_COLUMNS)).to_excel(
            writer, sheet_name="codebook", index=False)
