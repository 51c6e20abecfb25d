"""``convert(inputs, out)``: discover → skip what is done → parse in parallel → write the tables.

Resume rules. The manifest keys every input path by size, mtime and library version. A path
whose entry matches is not read again (its failure is retried only with ``retry_failed``). Other
files are hashed: content already converted (under any path, by this version) is reused, and
identical files are parsed once, as the first of their paths in sorted order. Reports are
written as they arrive and the manifest is checkpointed every ``CHECKPOINT_SECONDS``; the
tables are rebuilt from the manifest at the end, so a killed run followed by a rerun leaves the
same files as one uninterrupted run (``seconds`` in the manifest aside).
"""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import GovDiscloseError, UnreadableInput
from ..sources import format_hint
from ..version import __version__
from . import outputs
from .inputs import InputFile, Limits, discover, is_missing_input, materialize, size_problem
from .outputs import ManifestEntry
from .pool import run_dask, run_local
from .progress import NoProgress, make_progress
from .worker import DEFAULT_PARSER, WorkerOptions

CHECKPOINT_SECONDS = 2.0


@dataclass
class ConvertSummary:
    """What one ``convert`` run did. Counts are of input paths unless named otherwise."""

    out: Path
    inputs: int = 0
    attempted: int = 0  # parses run now (one per distinct content), failed or not
    parsed: int = 0  # of those, the parses that gave a report
    skipped: int = 0  # paths whose earlier result was reused without parsing
    duplicates: int = 0  # paths whose content is another path's
    reports: int = 0  # reports in the folder after the run
    failed: int = 0  # input paths with an error after the run
    missing: list[str] = field(default_factory=list)  # inputs naming no file (also in errors.jsonl)
    errors_by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    parse_seconds: float = 0.0  # time spent inside parse, summed over the workers
    peak_worker_rss_mb: float | None = None
    corrected: int = 0  # corrections applied to the tables (corrections=)
    corrections_unused: list[str] = field(default_factory=list)  # file and line of each matching no report


def convert(
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    retry_failed: bool = False,
    limits: Limits | None = None,
    timeout: float = 300.0,
    memory_mb: int = 2048,
    progress: str = "none",
    parser: str = DEFAULT_PARSER,
    on_result: Callable[[str, dict], None] | None = None,
    corrections: str | Path | list | None = None,
    engine: str | None = None,
) -> ConvertSummary:
    """Convert files, folders, globs and zip archives into the output folder ``out``.

    ``jobs`` worker processes (default: the number of cores); ``scheduler`` ``None`` for the
    local pool, ``"local"`` for a Dask LocalCluster of ``jobs`` workers, ``"tcp://host:port"``
    for an existing Dask cluster (its own size then decides).
    ``limits`` are checked while finding the inputs (archives) and by each parse (pages, size,
    pixels, time); ``timeout`` (seconds) lowers ``limits.max_seconds`` when smaller, and a helper
    still parsing a little after that time is killed. ``memory_mb`` stops one parse too;
    ``progress`` is ``none``, ``log`` or ``auto``. ``corrections`` (a CSV/YAML file or loaded
    ``Correction`` objects) are applied to the tables (cells, reports); ``reports/*.json`` stay
    as parsed. A correction over a number that was read raises ``CorrectionRefused`` unless forced.
    ``parser`` names the parse function (``module:function``); ``on_result(path, answer)`` is
    called after each parse; ``engine`` is the PDF engine each parse uses (``parse(engine=...)``;
    default: the default engine). An input that names no file (or a glob matching none) is recorded as
    an error and listed in ``summary.missing``; the same file reached by two spellings (relative
    and absolute, a symbolic link) is converted once.
    """
    started = time.monotonic()
    if isinstance(corrections, (str, Path)):
        from ..corrections import load_corrections

        corrections = load_corrections(corrections)   # a bad file fails before any parsing
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UnreadableInput("the output folder is a file", str(out))
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    jobs = jobs or os.cpu_count() or 1
    limits = limits or Limits()
    limits = replace(limits, max_seconds=min(limits.max_seconds, timeout))
    summary = ConvertSummary(out=out)
    entries = outputs.read_manifest(out)
    before = dict(entries)
    files, problems = discover(list(inputs), exclude=out, limits=limits)
    summary.inputs = len(files) + len(problems)
    summary.missing = [path for path, error in problems if is_missing_input(error)]
    for path, error in problems:
        entries[path] = _error_entry(path, 0, 0, None, type(error).__name__, _message(error))

    groups, requests = _plan(files, entries, out, limits, retry_failed, summary)
    for request in requests if engine else ():
        request["engine"] = engine
    options = WorkerOptions(timeout=limits.max_seconds, memory_mb=memory_mb, parser=parser)
    if not requests:
        answers = iter(())
    elif scheduler:
        answers = run_dask(requests, scheduler, jobs, options)
    else:
        answers = run_local(requests, jobs, options)
    bar = make_progress(progress) if requests else NoProgress()
    try:
        _collect(answers, len(requests), groups, entries, out, summary, bar, on_result)
    finally:
        getattr(answers, "close", lambda: None)()
        if entries != before:  # also after an interruption: the work done so far
            outputs.write_manifest(out, entries)
    if corrections or entries != before or not all((out / name).exists() for name in outputs.TABLE_FILES):
        summary.corrected, unused = outputs.write_tables(out, entries, corrections or ())
        summary.corrections_unused = [c.where for c in unused]
    shutil.rmtree(out / outputs.WORK, ignore_errors=True)

    current = [entries[f.path] for f in files] + [entries[p] for p, _ in problems]
    failures = [e for e in current if e.status == "error"]
    summary.failed = len(failures)
    summary.errors_by_type = dict(sorted(Counter(entry.error for entry in failures).items()))
    summary.reports = len({e.report_id for e in entries.values() if e.status == "ok"})
    summary.seconds = time.monotonic() - started
    return summary


def _plan(files: list[InputFile], entries: dict[str, ManifestEntry], out: Path, limits: Limits,
          retry_failed: bool, summary: ConvertSummary) -> tuple[dict[str, list[InputFile]], list[dict]]:
    """Reuse what is done; hash the rest, group it by content; one parse request per new content.

    Within a group, paths whose names claim different formats (``format_hint``: a page saved as
    ``.html`` and as ``.pdf``) get a request each, as their answers may differ; ``paths`` in a
    request names the paths its answer is for."""
    todo = []
    for file in files:
        if _reusable(entries.get(file.path), file, out, retry_failed):
            summary.skipped += 1
        else:
            todo.append(file)
    groups, locations = _hash_and_group(todo, entries, out / outputs.WORK, limits)
    done = {(e.report_id, format_hint(e.path)): e for e in entries.values()
            if e.version == _version() and e.report_id
            and (e.status == "ok" and outputs.report_file(out, e.report_id).exists()
                 or e.status == "error" and not retry_failed)}
    requests = []
    for report_id, group in groups.items():  # in the order of each group's first path
        summary.duplicates += len(group) - 1
        by_hint: dict[str, list[InputFile]] = {}
        for file in group:
            by_hint.setdefault(format_hint(file.path), []).append(file)
        for hint, files in by_hint.items():
            if (report_id, hint) in done:
                summary.skipped += len(files)
                for file in files:
                    entries[file.path] = _copy_entry(done[report_id, hint], file)
                continue
            first = files[0]
            requests.append({"key": report_id, "location": str(locations[first.path]),
                             "file_name": first.name, "paths": [file.path for file in files],
                             "limits": asdict(limits)})
    return groups, requests


def _collect(answers, total: int, groups: dict[str, list[InputFile]], entries: dict[str, ManifestEntry],
             out: Path, summary: ConvertSummary, bar, on_result) -> None:
    """Write each answer's report and manifest entries as it arrives; checkpoint the manifest."""
    bar.start(total)
    last_checkpoint = time.monotonic()
    try:
        for request, answer in answers:
            report_id, paths = request["key"], set(request["paths"])
            files = [file for file in groups[report_id] if file.path in paths]
            if answer["status"] == "ok":
                outputs.write_report(out, report_id, answer["report_json"])
                summary.parsed += 1
            for file in files:
                entries[file.path] = _entry_of_answer(file, report_id, answer)
            summary.attempted += 1
            summary.parse_seconds += answer.get("seconds") or 0.0
            if answer.get("peak_rss_mb") is not None:
                summary.peak_worker_rss_mb = max(summary.peak_worker_rss_mb or 0, answer["peak_rss_mb"])
            bar.advance(answer["status"] != "ok")
            if time.monotonic() - last_checkpoint >= CHECKPOINT_SECONDS:
                outputs.write_manifest(out, entries)
                last_checkpoint = time.monotonic()
            if on_result:
                on_result(files[0].path, answer)
    finally:
        bar.stop()


def _reusable(entry: ManifestEntry | None, file: InputFile, out: Path, retry_failed: bool) -> bool:
    if entry is None or entry.version != _version():
        return False
    if (entry.size, entry.mtime_ns) != (file.size, file.mtime_ns):
        return False
    if entry.status == "ok":
        return outputs.report_file(out, entry.report_id).exists()
    return not retry_failed


def _hash_and_group(files: list[InputFile], entries: dict[str, ManifestEntry], work: Path,
                    limits: Limits) -> tuple[dict[str, list[InputFile]], dict[str, Path]]:
    """Group files by content (sorted by path within a group); failures go to ``entries``."""
    groups: dict[str, list[InputFile]] = {}
    locations: dict[str, Path] = {}
    archives: dict[str, zipfile.ZipFile] = {}  # kept open while their members are copied
    try:
        for file in files:
            try:
                problem = size_problem(file, limits)
                if problem:
                    raise problem
                location, sha256 = materialize(file, work, limits, archives)
            except GovDiscloseError as error:
                entries[file.path] = _error_entry(file.path, file.size, file.mtime_ns, None,
                                                  type(error).__name__, _message(error))
                continue
            except OSError as error:
                entries[file.path] = _error_entry(file.path, file.size, file.mtime_ns, None,
                                                  "UnreadableInput", f"cannot be read ({error.strerror})")
                continue
            groups.setdefault(sha256, []).append(file)
            locations[file.path] = location
    finally:
        for archive in archives.values():
            archive.close()
    return groups, locations


def _message(error: GovDiscloseError) -> str:
    return error.args[0] if error.args else type(error).__name__


def _error_entry(path: str, size: int, mtime_ns: int, report_id: str | None, error: str,
                 message: str, seconds: float = 0.0) -> ManifestEntry:
    return ManifestEntry(path, size, mtime_ns, report_id, "error", error, message, seconds, _version())


def _entry_of_answer(file: InputFile, report_id: str, answer: dict) -> ManifestEntry:
    return ManifestEntry(file.path, file.size, file.mtime_ns, report_id, answer["status"],
                         answer.get("error"), answer.get("message"), answer.get("seconds", 0.0), _version(),
                         answer.get("traceback"))


def _copy_entry(done: ManifestEntry, file: InputFile) -> ManifestEntry:
    return ManifestEntry(file.path, file.size, file.mtime_ns, done.report_id, done.status, done.error,
                         done.message, 0.0, _version(), done.traceback)


def _version() -> str:
    return __version__
