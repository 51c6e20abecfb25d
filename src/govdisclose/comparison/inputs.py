"""Reading the inputs of ``compare``/``diff``/``panel``: report files, saved report JSON, folders.

A saved report is a JSON object with a ``"meta"`` key (contract 2: ``export.report_json``), read
back with ``AnnualReport.model_validate_json``; anything else goes through ``parse``. A folder is
either a ``convert`` output folder (contract 1: its ``reports/*.json``) or a folder of inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from ..errors import UnreadableInput, UnsupportedFormat
from ..model import AnnualReport
from ..sources import REPORT_SUFFIXES

# File suffixes a folder scan picks up: every report format parse reads, and saved report JSON
# (other files in a folder are ignored).
INPUT_SUFFIXES = REPORT_SUFFIXES | {".json"}


def load_report(source: AnnualReport | str | Path) -> AnnualReport:
    """A report from a report object, a saved report JSON, or any file ``parse`` reads."""
    if isinstance(source, AnnualReport):
        return source
    path = Path(source)
    if path.is_dir():
        raise UnreadableInput("is a directory (give one report file)", str(path))
    head = path.open("rb").read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _saved_report(path)
    from ..parse import parse

    return parse(path)


def _saved_report(path: Path) -> AnnualReport:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnsupportedFormat(f"not valid JSON ({error.msg} at line {error.lineno})", str(path)) from None
    if not isinstance(data, dict) or "meta" not in data:
        raise UnsupportedFormat("a JSON file that is not a saved report (no \"meta\" object)", str(path))
    try:
        return AnnualReport.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(p) for p in first["loc"])
        raise UnsupportedFormat(f"saved report JSON does not match the model ({where}: {first['msg']})",
                                str(path)) from None


def input_files(inputs: list[str | Path]) -> Iterator[Path]:
    """Expand files and folders into report files, sorted within each folder.

    A folder holding ``reports/*.json`` is a convert output folder: only those are read.
    """
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise UnreadableInput("no such file or folder", str(path))
        if path.is_file():
            yield path
        elif (path / "reports").is_dir() and any((path / "reports").glob("*.json")):
            yield from sorted((path / "reports").glob("*.json"))
        else:
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
