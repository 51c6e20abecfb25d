"""The ``govdisclose`` command. Exit codes: 0 parsed, 2 usage, 3 unreadable input, 4 not a report.

Errors are one line on stderr, never a traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import GovDiscloseError

EXIT_INTERNAL = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclose",
        description="Read 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"govdisclose {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse one report (PDF, .txt, .md)")
    parse.add_argument("file", help="the report file")
    parse.add_argument("--format", choices=("json", "cells", "summary"), default="json",
                       help="json: the whole model; cells: JSON Lines, one record per cell; "
                            "summary: a terminal view (default: json)")
    parse.add_argument("-o", "--output", help="write to this file instead of standard output")
    return parser


def _run_parse(args: argparse.Namespace) -> int:
    from .export import cells_jsonl, report_json, write_atomic
    from .parse import parse

    report = parse(args.file)
    if args.format == "summary":
        from rich.console import Console

        from .summary import render

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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "parse":
            return _run_parse(args)
    except GovDiscloseError as error:
        print(f"govdisclose: {type(error).__name__}: {error}", file=sys.stderr)
        return error.exit_code
    except FileNotFoundError as error:
        print(f"govdisclose: UnreadableInput: {error.filename}: no such file", file=sys.stderr)
        return 3
    except IsADirectoryError as error:
        print(f"govdisclose: UnreadableInput: {error.filename}: is a directory", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: still one line unless --debug
        if args.debug:
            raise
        print(f"govdisclose: internal error ({type(error).__name__}: {error}); rerun with --debug",
              file=sys.stderr)
        return EXIT_INTERNAL
    return 2


if __name__ == "__main__":
    sys.exit(main())
