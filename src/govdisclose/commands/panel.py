"""``govdisclose panel INPUTS -o out.parquet|.csv|.dta|.xlsx``: one row per agency-year.

By default the columns are the harmonised variables (``catalogue/harmonised.py``), legacy years
included; ``--raw`` keeps the template's own cells. Beside the wide table goes its long form
(``out.long.<suffix>``; a sheet of the ``.xlsx``), and the cross-year findings (X-1/X-2/X-3
along each agency's series, and panel notes) go to ``<name>.findings.jsonl``. ``--corrections``
applies a corrections file (``corrections.py``). Inputs are report files, saved report JSON,
folders of them, or ``convert`` output folders (their ``reports/*.json``). An input that cannot
be read is reported on stderr in one line and skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+",
                        help="report files, saved report JSON, folders, convert output folders")
    parser.add_argument("-o", "--output", required=True,
                        help="out.parquet, out.csv, out.dta or out.xlsx (by suffix); the long form goes "
                             "beside it, findings to <name>.findings.jsonl")
    parser.add_argument("--raw", action="store_true",
                        help="a column per printed cell key (table/row/column), not harmonised variables")
    parser.add_argument("--corrections", metavar="FILE",
                        help="a CSV or YAML file of corrections (report, cell key, value, reason, force)")


def run(args: argparse.Namespace) -> int:
    from ..corrections import load_corrections
    from ..errors import UnsupportedFormat
    from ..export import write_atomic
    from ..panel import build_panel, findings_jsonl, findings_path, load_reports
    from ..panel_export import SUFFIXES, write_panel

    output = Path(args.output)
    if output.suffix.lower() not in SUFFIXES:
        raise UnsupportedFormat(f"the panel is written as {', '.join(SUFFIXES)}", str(output))
    corrections = load_corrections(args.corrections) if args.corrections else []
    reports, skipped = load_reports(args.inputs)
    for _path, error in skipped:
        print(f"govdisclose: skipped {type(error).__name__}: {error}", file=sys.stderr)
    panel = build_panel(reports, raw=args.raw, corrections=corrections)
    write_panel(panel, output)
    write_atomic(findings_path(output), findings_jsonl(panel))
    series = len({row["agency"] for row in panel.rows})
    print(f"{len(panel.rows)} agency-years in {series} series, {len(panel.findings)} findings, "
          f"{len(skipped)} inputs skipped → {output}", file=sys.stderr)
    return 0
