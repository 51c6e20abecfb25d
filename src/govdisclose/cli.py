"""The ``govdisclose`` command. Exit codes: 0 parsed, 2 usage, 3 unreadable input, 4 not a report.

Errors are one line on stderr, never a traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .commands import COMMANDS
from .errors import GovDiscloseError

EXIT_INTERNAL = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclose",
        description="Read 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"govdisclose {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        module.add_arguments(subparsers.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return importlib.import_module(COMMANDS[args.command]).run(args)
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


if __name__ == "__main__":
    sys.exit(main())
