"""The ``govdisclose`` command. Exit codes: 0 parsed, 2 usage, 3 unreadable input, 4 not a report,
5 internal error (a bug in govdisclose).

Errors are one line on stderr, never a traceback (``--debug`` shows it). Log records of the
libraries underneath (pdfminer's ``Could not get FontBBox…``) and Python warnings go nowhere
unless ``-v``/``--verbose`` or ``--debug``: the command configures logging, the library does not.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Iterator, Sequence

from . import __version__
from .commands import COMMANDS
from .errors import GovDiscloseError, InternalError, UnreadableInput

LOG_FORMAT = "%(name)s: %(levelname)s: %(message)s"


def _add_common_options(parser: argparse.ArgumentParser, default) -> None:
    """``--debug`` and ``-v``, accepted before and after the command name."""
    parser.add_argument("--debug", action="store_true", default=default,
                        help="show tracebacks of errors and the libraries' log records")
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="show the libraries' log records and warnings on stderr (pdfminer's "
                             "font and page warnings, …)")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line's parser for ``argv``: every command listed with its line of help, only
    the command ``argv`` names given its arguments, so that only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="govdisclose",
        description="Read 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"govdisclose {__version__}")
    _add_common_options(parser, default=False)
    subparsers = parser.add_subparsers(dest="command", required=True)
    named = command_named(argv)
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(name, help=command.help, description=command.help)
        if name == named:
            importlib.import_module(command.module).add_arguments(subparser)
        _add_common_options(subparser, default=argparse.SUPPRESS)  # keeps the value given before it
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is not an option (the options before the
    command take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


@contextlib.contextmanager
def library_logging(show: bool) -> Iterator[None]:
    """Send log records and Python warnings to stderr (``show``) or nowhere, for one command.

    Without a handler Python's last-resort handler prints every WARNING record, so a handler is
    installed either way; it is removed again afterwards (``main`` may run in-process)."""
    handler: logging.Handler = logging.StreamHandler(sys.stderr) if show else logging.NullHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.removeHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. Safe to call in-process (the tests do)."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    with library_logging(args.verbose or args.debug):
        return _run(args)


def entry() -> None:
    """The process's entry point (the ``govdisclose`` script, ``python -m govdisclose``): ``main``,
    with Python's cyclic garbage collector set for a process that runs one command and exits.

    - Off while the command's modules load: importing makes no cyclic garbage worth a scan, yet
      the collector would scan the growing heap dozens of times.
    - Back on, with everything loaded so far frozen (``gc.freeze``: never scanned again), when the
      command's work starts (``_run``): a long parse or convert is collected as usual.
    - Everything frozen again at the end, so that the interpreter's shutdown does not scan the
      whole heap once more before exiting.

    Pydantic's plugins are off unless ``PYDANTIC_DISABLE_PLUGINS`` is set (empty: on): looking
    for them reads the metadata of every installed distribution, for plugins the command never
    uses.

    ``benchmarks/bench_parse.py`` measures the whole-process time this is for."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    try:
        code = main()
    finally:
        gc.freeze()
    sys.exit(code)


def _start_work() -> None:
    """The collector back on, the loaded modules frozen out of its scans (see ``entry``); a no-op
    when it is on already (``main`` called in-process)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        command = importlib.import_module(COMMANDS[args.command].module)
        for module in command.imports(args) if hasattr(command, "imports") else ():
            importlib.import_module(module)  # with the collector off (``entry``)
        _start_work()
        return command.run(args)
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError as error:
        return _report(UnreadableInput("no such file", error.filename), args.debug, cause=error)
    except IsADirectoryError as error:
        return _report(UnreadableInput("is a directory", error.filename), args.debug, cause=error)
    except GovDiscloseError as error:
        return _report(error, args.debug)
    except Exception as error:  # a bug outside parse(): still one line unless --debug
        return _report(InternalError.of(error), args.debug)


def _report(error: GovDiscloseError, debug: bool, cause: BaseException | None = None) -> int:
    """Print the error's one line on stderr (after its traceback with ``--debug``); its exit code."""
    if debug:
        trace = getattr(error, "traceback", None) or "".join(traceback.format_exception(cause or error))
        print(trace.rstrip("\n"), file=sys.stderr)
    print(f"govdisclose: {type(error).__name__}: {error}", file=sys.stderr)
    return error.exit_code


if __name__ == "__main__":
    entry()
