"""``convert(inputs, out)``: discover → skip what is done → parse in parallel → stream the tables.

Resume rules. The manifest keys every input path by size, mtime and library version. A path
whose entry matches is not read again (its failure is retried only with ``retry_failed``). Other
files are hashed: content already converted (under any path, by this version) is reused, and
identical files are parsed once, as the first of their paths in sorted order. Each worker writes
its report and the report's part of the tables (``parts.py``); the parent appends every answer
to the manifest and each report to the tables as soon as its place in them is settled
(``tables.py``), so no report is read again at the end and the parent's memory does not grow
with the reports. What the run knows per input (the inputs found, the manifest, the requests,
what is awaited) is kept in an SQLite file (``index.py``), so it does not grow with the inputs
either: requests are built one at a time as the pool asks for them. Tables are renamed into
place when the run ends; a run that did not end (its ``.work`` folder is still there) has the
next run write them again, so a killed run followed by a rerun leaves the same files as one
uninterrupted run (``seconds`` in the manifest aside).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import GovDiscloseError, UnreadableInput
from ..sources import format_hint
from ..version import __version__
from . import outputs
from .cpus import available_cpus
from .index import RunIndex
from .inputs import InputFile, Limits, is_missing_input, materialize, size_problem, walk
from .outputs import ManifestEntry, ManifestJournal
from .pool import run_dask, run_local
from .progress import NoProgress, make_progress
from .tables import ReportOrder, TableWriter, remove_stale
from .worker import DEFAULT_PARSER, WorkerOptions

SCHEDULER_USAGE = ("--scheduler takes a Dask scheduler's address (tcp://HOST:PORT); to run on this machine "
                   "leave it out: the local pool is the default (--jobs N workers)")


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

    ``jobs`` worker processes on this machine (default: ``available_cpus()``, the CPUs this
    process may use: affinity mask capped by the cgroup quota). ``scheduler`` ``None`` for that
    local pool, or a Dask cluster's scheduler address ``"tcp://host:port"`` (its workers then
    decide the parallelism; the workers must see the inputs and ``out``).
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
    if scheduler and "://" not in scheduler:
        raise ValueError(SCHEDULER_USAGE)
    if isinstance(corrections, (str, Path)):
        from ..corrections import load_corrections

        corrections = load_corrections(corrections)   # a bad file fails before any parsing
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UnreadableInput("the output folder is a file", str(out))
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    jobs = jobs or available_cpus()
    limits = limits or Limits()
    limits = replace(limits, max_seconds=min(limits.max_seconds, timeout))
    summary = ConvertSummary(out=out)
    unfinished = (out / outputs.WORK).exists()  # the last run was killed: its tables are not trusted
    with _run_index(out) as index:
        index.load(outputs.iter_manifest(out))
        with index.transaction():
            changed = _find(inputs, index, out, limits, summary)
            changed |= _forget_deleted_reports(index, out)
            changed |= _plan(index, out, limits, retry_failed, summary)
        requests = index.count_requests()
        if (corrections or requests or unfinished or changed or (out / outputs.CORRECTED).exists()
                or not all((out / name).exists() for name in outputs.TABLE_FILES)):
            _run(_requests(index, out, limits, engine), requests, index, out, corrections or (), summary, jobs,
                 scheduler, WorkerOptions(timeout=limits.max_seconds, memory_mb=memory_mb, parser=parser),
                 make_progress(progress) if requests else NoProgress(), on_result)
        errors = index.errors_of_inputs()
        summary.failed = sum(errors.values())
        summary.errors_by_type = errors
        summary.reports = index.count_reports()
    shutil.rmtree(out / outputs.WORK, ignore_errors=True)  # reached only when the run ended
    summary.seconds = time.monotonic() - started
    return summary


@contextlib.contextmanager
def _run_index(out: Path) -> Iterator[RunIndex]:
    """The run's index: ``OUTDIR/.index.sqlite``, or one in a temporary folder when OUTDIR cannot
    be written (a rerun with nothing to do writes nothing there); deleted when the run ends."""
    scratch = None if os.access(out, os.W_OK) else tempfile.TemporaryDirectory(prefix="govdisclose-")
    location = (Path(scratch.name) if scratch else out) / outputs.INDEX
    index = RunIndex(location)
    try:
        yield index
    finally:
        index.close()
        location.unlink(missing_ok=True)
        if scratch:
            scratch.cleanup()


def _find(inputs: Iterable[str | Path], index: RunIndex, out: Path, limits: Limits, summary: ConvertSummary) -> bool:
    """Record the files and problems ``inputs`` name; each problem becomes its path's error entry.
    True when that changed the manifest."""
    for found in walk(inputs, index.first_seen, exclude=out, limits=limits):
        if isinstance(found, InputFile):
            index.add_input(found)
        else:
            path, error = found
            index.add_problem(path, type(error).__name__, _message(error), is_missing_input(error))
    summary.inputs = index.count_inputs()
    changed = False
    for path, error, message, missing in index.problems():
        changed |= index.put(_error_entry(path, 0, 0, None, error, message))
        if missing:
            summary.missing.append(path)
    return changed


def _run(requests: Iterator[dict], total: int, index: RunIndex, out: Path, corrections, summary: ConvertSummary,
         jobs: int, scheduler: str | None, options: WorkerOptions, bar, on_result) -> None:
    """Parse ``requests`` (``total`` of them) and write every table: reports appended as their
    place is settled."""
    (out / outputs.WORK).mkdir(exist_ok=True)
    for stale in (out / outputs.WORK).glob("*.partial"):  # tables of a run that was killed
        stale.unlink()
    journal = ManifestJournal(out, index.entries())
    tables = TableWriter(out, corrections)
    order = ReportOrder(index)
    if not total:
        answers = iter(())
    elif scheduler:
        answers = run_dask(requests, scheduler, jobs, options)
    else:
        answers = run_local(requests, jobs, options, total=total)
    try:
        for report_id, paths in order.ready():  # those before the first awaited path
            tables.add(report_id, paths)
        _collect(answers, total, index, journal, tables, order, summary, bar, on_result)
        errors = ({"path": e.path, "error": e.error, "message": e.message, "traceback": e.traceback}
                  for e in index.entries("status = 'error'"))
        tables.commit(errors)
        marker = out / outputs.CORRECTED
        if tables.corrections:
            marker.touch()
        else:
            marker.unlink(missing_ok=True)
    finally:
        getattr(answers, "close", lambda: None)()
        tables.close()
        journal.close()
    outputs.write_manifest(out, index.entries())  # sorted, one line per path
    remove_stale(out, _OkReports(index))
    summary.corrected = len(tables.used)
    summary.corrections_unused = [c.where for c in tables.corrections if id(c) not in tables.used]


def _plan(index: RunIndex, out: Path, limits: Limits, retry_failed: bool, summary: ConvertSummary) -> bool:
    """Reuse what is done; hash the rest, group it by content; one parse request per new content.

    Within a group, paths whose names claim different formats (``format_hint``: a page saved as
    ``.html`` and as ``.pdf``) get a request each, as their answers may differ; the request's
    paths are those its answer is for. The requests are rows of the index, in the order of each
    content's first path; the paths they are for are marked as awaited. True when the manifest
    changed (a file that cannot be read, a result reused for a new path)."""
    changed = False
    archives: dict[str, zipfile.ZipFile] = {}  # kept open while their members are copied
    try:
        for file in index.inputs():
            if _reusable(index.get(file.path), file, out, retry_failed):
                summary.skipped += 1
                continue
            try:
                problem = size_problem(file, limits)
                if problem:
                    raise problem
                location, sha256 = materialize(file, out / outputs.WORK, limits, archives)
            except GovDiscloseError as error:
                changed |= index.put(_error_entry(file.path, file.size, file.mtime_ns, None,
                                                  type(error).__name__, _message(error)))
                continue
            except OSError as error:
                changed |= index.put(_error_entry(file.path, file.size, file.mtime_ns, None, "UnreadableInput",
                                                  f"cannot be read ({error.strerror})"))
                continue
            index.set_content(file.path, sha256, format_hint(file.path), str(location))
    finally:
        for archive in archives.values():
            archive.close()
    summary.duplicates = index.duplicates()
    index.plan_requests()
    for number, report_id, hint in index.requests():
        paths = index.content_paths(report_id, hint)
        done = _done(index, report_id, hint, out, retry_failed)
        if done is None:
            index.await_answer(report_id, paths)
            continue
        summary.skipped += len(paths)
        for path in paths:
            changed |= index.put(_copy_entry(done, index.input(path)))
        index.drop_request(number)
    return changed


def _done(index: RunIndex, report_id: str, hint: str, out: Path, retry_failed: bool) -> ManifestEntry | None:
    """An earlier result for this content and format hint, by this version, that can be reused."""
    for entry in index.content_done(report_id, _version()):
        if format_hint(entry.path) == hint and (
                entry.status == "ok" and outputs.report_file(out, report_id).exists()
                or entry.status == "error" and not retry_failed):
            return entry
    return None


def _requests(index: RunIndex, out: Path, limits: Limits, engine: str | None) -> Iterator[dict]:
    """The parse requests, built from the index one at a time as the pool asks for them."""
    limits_dict, out_text = asdict(limits), str(out)  # shared by every request
    for _, report_id, hint in index.requests():
        paths = index.content_paths(report_id, hint)
        request = {"key": report_id, "location": index.location(paths[0]),
                   "file_name": index.input(paths[0]).name, "paths": paths, "limits": limits_dict, "out": out_text}
        if engine:
            request["engine"] = engine
        yield request


def _collect(answers, total: int, index: RunIndex, journal: ManifestJournal, tables: TableWriter,
             order: ReportOrder, summary: ConvertSummary, bar, on_result) -> None:
    """Record each answer in the manifest as it arrives, and append the reports it settles."""
    bar.start(total)
    try:
        for request, answer in answers:
            report_id, paths = request["key"], request["paths"]
            if answer["status"] == "ok":  # the helper wrote the report and its part (``worker``)
                summary.parsed += 1
            entries = [_entry_of_answer(index.input(path), report_id, answer) for path in paths]
            for entry in entries:
                index.put(entry)
            journal.append(entries)  # stored in the index above: their paths are settled
            for ready_id, ready_paths in order.ready():
                tables.add(ready_id, ready_paths)
            summary.attempted += 1
            summary.parse_seconds += answer.get("seconds") or 0.0
            if answer.get("peak_rss_mb") is not None:
                summary.peak_worker_rss_mb = max(summary.peak_worker_rss_mb or 0, answer["peak_rss_mb"])
            bar.advance(answer["status"] != "ok")
            if on_result:
                on_result(paths[0], answer)
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


class _OkReports:
    """The report ids some path's entry is ``ok`` with (``in`` asks the index)."""

    def __init__(self, index: RunIndex):
        self.index = index

    def __contains__(self, report_id: object) -> bool:
        return isinstance(report_id, str) and self.index.has_report(report_id)


def _message(error: GovDiscloseError) -> str:
    return error.args[0] if error.args else type(error).__name__


def _forget_deleted_reports(index: RunIndex, out: Path) -> bool:
    """Paths of earlier runs, not given this time, whose reports/<id>.json was deleted: their rows
    cannot be written again, so they become errors (``MissingOutput``, in errors.jsonl) instead of
    stopping the run. A path given again is parsed again (``_reusable``). True when any was found."""
    changed = False
    for entry in index.entries("status = 'ok' AND path NOT IN (SELECT path FROM input)"):
        if not outputs.report_file(out, entry.report_id).exists():
            changed |= index.put(_error_entry(entry.path, entry.size, entry.mtime_ns, entry.report_id,
                                              "MissingOutput", f"{outputs.REPORTS}/{entry.report_id}.json was "
                                              "deleted: convert this input again to restore its rows"))
    return changed


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
