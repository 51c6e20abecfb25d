"""``govdisclose convert INPUT... -o OUTDIR``: many reports, in parallel, into an output folder.

Exit code 0 when the batch ran, whatever failed in it (``errors.jsonl``); 3 when an input names
no file or folder (the others are still converted, and it is recorded in ``errors.jsonl``).
"""

from __future__ import annotations

import argparse
import sys

from ..batch.cpus import available_cpus
from ..limits import Limits
from .parse import LIMITS_USAGE, add_engine_argument, add_limit_arguments, limits_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or zip archives")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="the output folder")
    parser.add_argument("--jobs", type=int, default=available_cpus(),
                        help="worker processes on this machine (default: %(default)s, the CPUs this "
                             "process may use: its affinity mask, capped by a cgroup CPU quota)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="run on an existing Dask cluster instead of the local pool (needs the dask "
                             "extra; its workers must see the inputs and OUTDIR)")
    parser.add_argument("--retry-failed", action="store_true",
                        help="parse again the inputs that failed before")
    parser.add_argument("--timeout", type=float, default=Limits().max_seconds, metavar="SECONDS",
                        help="seconds per file: the parse stops itself (Timeout), a helper still busy a "
                             f"little later is killed (default: {Limits().max_seconds:g})")
    add_limit_arguments(parser)
    add_engine_argument(parser)
    parser.add_argument("--memory-mb", type=int, default=2048,
                        help="memory ceiling per worker (default: 2048)")
    parser.add_argument("--corrections", metavar="FILE",
                        help="a CSV or YAML file of corrections applied to the tables (as for panel)")
    parser.add_argument("--progress", choices=("auto", "log", "none"), default="auto",
                        help="auto: a bar on a terminal, log lines otherwise (default: auto)")


def run(args: argparse.Namespace) -> int:
    from ..batch import convert
    from ..batch.inputs import NO_SUCH_INPUT
    from ..batch.progress import render_summary
    from ..batch.run import SCHEDULER_USAGE
    from ..errors import UnreadableInput

    if args.jobs < 1:
        print("govdisclose convert: --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.scheduler and not args.scheduler.startswith("tcp://"):
        print(f"govdisclose convert: {SCHEDULER_USAGE}", file=sys.stderr)
        return 2
    limits = limits_of(args)
    if limits is None:
        print(f"govdisclose convert: {LIMITS_USAGE}", file=sys.stderr)
        return 2
    summary = convert(args.inputs, args.output, jobs=args.jobs, scheduler=args.scheduler,
                      retry_failed=args.retry_failed, limits=limits, timeout=args.timeout,
                      memory_mb=args.memory_mb, progress=args.progress, corrections=args.corrections,
                      engine=args.engine)
    render_summary(summary)
    if summary.missing:  # after the batch: the other inputs are converted
        raise UnreadableInput(NO_SUCH_INPUT, ", ".join(summary.missing))
    return 0
