"""``govdisclose inspect PATH``: see where every number came from.

PATH is a report file (parsed now), a saved report JSON (``--source`` gives its PDF for page
images), or a ``convert`` output folder (recognised by its ``reports.jsonl``), for which an index
page over all its reports is written. Prints the path of the page to open.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a report file, a saved report JSON, or a convert output folder")
    parser.add_argument("-o", "--output", help="folder to write into (default: inspect-<name> here for a "
                                                "file, OUTDIR/inspect for a convert folder)")
    parser.add_argument("--source", help="the PDF a saved report JSON was parsed from (for page images)")
    parser.add_argument("--resolution", type=_resolution, default=144,
                        help="page image pixels per inch, 18 to 600 (default 144)")
    parser.add_argument("--no-images", action="store_true", help="write the HTML grids without page images")


def _resolution(text: str) -> float:
    value = float(text)
    if not 18 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text} is not between 18 and 600")
    return value


def run(args: argparse.Namespace) -> int:
    from ..errors import UnreadableInput
    from ..inspection import is_convert_output, write_index, write_report_view

    path = Path(args.path)
    if path.is_dir():
        if not is_convert_output(path):
            raise UnreadableInput("a folder must be a convert output folder (no reports.jsonl found)", str(path))
        result = write_index(path, args.output, resolution=args.resolution, images=not args.no_images)
        print(f"{result.index}  ({len(result.views)} reports, {result.with_images} with page images)")
        return 0
    report = _load(path)
    out_dir = Path(args.output) if args.output else Path(f"inspect-{path.stem}")
    # A --source that cannot be drawn is an error; otherwise the view falls back to the grids.
    view = write_report_view(report, out_dir, path.stem, source=args.source, resolution=args.resolution,
                             strict=args.source is not None, images=not args.no_images)
    if view.images:
        note = f"{len(view.images)} page images"
    else:
        note = f"no page images: {view.no_images_reason}" if view.no_images_reason else "grids only"
    print(f"{view.html}  ({note})")
    return 0


def _load(path: Path):
    """Parse a report file, or read a saved report JSON back (contracts.md §2)."""
    if path.suffix.lower() == ".json":
        from pydantic import ValidationError

        from ..errors import CorruptDocument
        from ..model import AnnualReport

        try:
            return AnnualReport.model_validate_json(path.read_bytes())
        except ValidationError as error:
            raise CorruptDocument(f"not a saved report JSON ({error.error_count()} validation errors)",
                                  str(path)) from error
    from ..parse import parse

    return parse(path)
