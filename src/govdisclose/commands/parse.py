"""``govdisclose parse FILE``: one report to JSON, JSON Lines of cells, or a terminal summary."""

from __future__ import annotations

import argparse
import sys

HELP = "parse one report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the report file: PDF, HTML page (.html/.htm/.shtml), Word (.docx; "
                                     ".doc/.wps through LibreOffice) or text/markdown dump")
    parser.add_argument("--format", choices=("json", "cells", "summary"), default="json",
                        help="json: the whole model; cells: JSON Lines, one record per cell; "
                             "summary: a terminal view (default: json)")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ..export import cells_jsonl, report_json, write_atomic
    from ..parse import parse

    report = parse(args.file)
    if args.format == "summary":
        from rich.console import Console

        from ..summary import render

        if args.output:
            with open(args.output, "w", encoding="utf-8") as stream:
                render(report, Console(file=stream, width=160, force_terminal=False))
        else:
            render(report, Console())
        return 0
    text = report_json(report) if args.format == "json" else cells_jsonl(report)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
