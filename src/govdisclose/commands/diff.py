"""``govdisclose diff A B``: compare two reports of one agency (any order), year over year."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", help="a report file or saved report JSON")
    parser.add_argument("b", help="another report of the same agency (either order)")
    parser.add_argument("--format", choices=("summary", "json", "changes", "html"), default="summary",
                        help="summary: terminal view (default); json: the whole Comparison; changes: JSON "
                             "Lines, one record per changed cell {table,row,column,before,after,delta}; "
                             "html: one self-contained page")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ..comparison import compare_reports, load_report
    from ..comparison.text import changes_jsonl, summary_text
    from ..export import write_atomic

    comparison, before, after = compare_reports(load_report(args.a), load_report(args.b))
    if args.format == "json":
        text = comparison.model_dump_json(indent=2) + "\n"
    elif args.format == "changes":
        text = changes_jsonl(comparison)
    elif args.format == "html":
        from ..comparison.html import render_html

        text = render_html(comparison, before, after)
    else:
        text = summary_text(comparison)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
