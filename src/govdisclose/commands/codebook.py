"""``govdisclose codebook``: every cell key and harmonised variable, as Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("md", "csv", "json"), default="md",
                        help="md: the tables of docs/codebook.md (default); csv: one line per variable "
                             "and per cell key; json: {rules, variables, cells}")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ..codebook import codebook, render
    from ..export import write_atomic

    text = render(codebook(), args.format)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
