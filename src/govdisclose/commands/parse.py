"""``govdisclose parse FILE``: one report to JSON, JSON Lines of cells, or a terminal summary."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from ..limits import Limits
from ..sources import DEFAULT_ENGINE, ENGINES, format_hint

# Loaded before the work starts (``imports``): the pipeline and the writers, then the reader of
# the format the file's suffix names (``sources.format_hint``; a wrong suffix loads one for nothing).
PIPELINE = ("govdisclose.parse", "govdisclose.export")
READERS = {
    "pdf": ("govdisclose.sources.pdf_text",),
    "html": ("govdisclose.sources.html",),
    "docx": ("govdisclose.sources.docx",),
    "text": ("govdisclose.sources.text",),
}
# The pdfium engine: its page reader, the byte scans before it, the table finder (pdfplumber's copy).
PDFIUM_MODULES = ("govdisclose.sources.pdfium_page", "govdisclose.sources.pdf_bytes", "govdisclose.sources.table_cells")
# Console width of ``--format summary`` written to a file or a pipe (a terminal uses its own).
SUMMARY_FILE_WIDTH = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the report file: PDF, HTML page (.html/.htm/.shtml), Word (.docx; "
                                     ".doc/.wps through LibreOffice) or text/markdown dump")
    parser.add_argument("--format", choices=("json", "cells", "summary"), default="json",
                        help="json: the whole model; cells: JSON Lines, one record per cell; "
                             "summary: a terminal view (default: json)")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    parser.add_argument("--timeout", type=float, default=Limits().max_seconds, metavar="SECONDS",
                        help=f"stop parsing after this long (Timeout; default: {Limits().max_seconds:g})")
    add_engine_argument(parser)
    add_limit_arguments(parser)


def add_engine_argument(parser: argparse.ArgumentParser) -> None:
    """``--engine``, shared with ``convert``."""
    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="how a text-layer PDF is read: pdfium (fast) or pdfplumber (the reference "
                             f"engine; both give the same report, README 'PDF engines'; default: {DEFAULT_ENGINE})")


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    """``--max-pages`` and ``--max-file-mb``, shared with ``convert`` (each has its own ``--timeout``)."""
    defaults = Limits()
    parser.add_argument("--max-pages", type=int, default=defaults.max_pages, metavar="N",
                        help=f"refuse a PDF of more pages (TooLarge; default: {defaults.max_pages})")
    megabytes = defaults.max_file_bytes / 2**20
    parser.add_argument("--max-file-mb", type=float, default=megabytes, metavar="MB",
                        help=f"refuse a larger file (TooLarge; default: {megabytes:g})")


def limits_of(args: argparse.Namespace) -> Limits | None:
    """The ``Limits`` the arguments ask for; ``None`` when one is not positive (a usage error)."""
    if args.max_pages < 1 or args.max_file_mb <= 0 or args.timeout <= 0:
        return None
    return replace(Limits(), max_pages=args.max_pages, max_file_bytes=int(args.max_file_mb * 2**20),
                   max_seconds=args.timeout)


LIMITS_USAGE = "--max-pages, --max-file-mb and --timeout must be positive"


def imports(args: argparse.Namespace) -> tuple[str, ...]:
    """The modules ``run`` will load, for ``cli._run`` to load before the work starts."""
    hint = format_hint(args.file)
    pdfium = hint == "pdf" and (args.engine or DEFAULT_ENGINE) == "pdfium"
    return PIPELINE + READERS.get(hint, ()) + (PDFIUM_MODULES if pdfium else ())


def run(args: argparse.Namespace) -> int:
    from ..export import cells_jsonl, report_json, write_atomic
    from ..parse import parse

    limits = limits_of(args)
    if limits is None:
        print(f"govdisclose parse: {LIMITS_USAGE}", file=sys.stderr)
        return 2
    report = parse(args.file, limits=limits, engine=args.engine)
    if args.format == "summary":
        from rich.console import Console

        from ..summary import render

        if args.output:
            with open(args.output, "w", encoding="utf-8") as stream:
                render(report, Console(file=stream, width=SUMMARY_FILE_WIDTH, force_terminal=False))
        else:
            render(report, Console(width=None if sys.stdout.isatty() else SUMMARY_FILE_WIDTH))
        return 0
    text = report_json(report) if args.format == "json" else cells_jsonl(report)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
