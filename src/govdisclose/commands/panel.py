"""``govdisclose panel INPUTS -o panel.csv|panel.parquet``: one row per agency-year.

Also writes the cross-year findings (X-1/X-2/X-3 along each agency's series, and panel notes)
to the sibling ``<name>.findings.jsonl``. Inputs are report files, saved report JSON, folders
of them, or ``convert`` output folders (their ``reports/*.json``). An input that cannot be read
is reported on stderr in one line and skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "build a panel (one row per agency-year, a column per cell) from many reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", help="report files, saved report JSON, folders, convert output folders")
    parser.add_argument("-o", "--output", required=True,
                        help="panel.csv or panel.parquet; findings go to <name>.findings.jsonl beside it")


def run(args: argparse.Namespace) -> int:
    from ..comparison.inputs import input_files, load_report
    from ..errors import GovDiscloseError, UnreadableInput, UnsupportedFormat
    from ..export import write_atomic
    from ..panel import build_panel, findings_jsonl, findings_path, panel_csv, write_parquet

    output = Path(args.output)
    if output.suffix.lower() not in (".csv", ".parquet"):
        raise UnsupportedFormat("the panel is written as .csv or .parquet", str(output))
    reports, failed = [], 0
    for path in input_files(args.inputs):
        try:
            reports.append(load_report(path))
        except GovDiscloseError as error:
            failed += 1
            print(f"govdisclose: skipped {type(error).__name__}: {error}", file=sys.stderr)
    if not reports:
        raise UnreadableInput("no report could be read from the inputs")
    panel = build_panel(reports)
    if output.suffix.lower() == ".csv":
        write_atomic(output, panel_csv(panel))
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(panel, output)
    write_atomic(findings_path(output), findings_jsonl(panel))
    series = len({row["agency"] for row in panel.rows})
    print(f"{len(panel.rows)} agency-years in {series} series, {len(panel.findings)} findings, "
          f"{failed} inputs skipped → {output}", file=sys.stderr)
    return 0
