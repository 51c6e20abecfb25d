"""``convert(inputs, out)``: discover → skip what is done → parse in parallel → stream the tables.

Resume rules. The manifest keys every input path by size, mtime and library version. A path
whose entry matches is not read again (its failure is retried only with ``retry_failed``). Other
files are hashed: content already converted (under any path, by this version) is reused, and
identical files are parsed once, as the first of their paths in sorted order. Each worker writes
its report and the report's part of the tables (``parts.py``); the parent appends every answer
to the manifest and each report to the tables as soon as its place in them is settled
(``tables.py``), so no report is read again at the end and the parent's memory does not grow
with the reports. Tables are renamed into place when the run ends; a run that did not end (its
``.work`` folder is still there) has the next run write them again, so a killed run followed by a
rerun leaves the same files as one uninterrupted run (``seconds`` in the manifest aside).
"""

from __future__ import annotations

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
from .cpus import available_cpus
from .inputs import InputFile, Limits, discover, is_missing_input, materialize, size_problem
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
    entries = outputs.read_manifest(out)
    before = dict(entries)
    files, problems = discover(list(inputs), exclude=out, limits=limits)
    summary.inputs = len(files) + len(problems)
    summary.missing = [path for path, error in problems if is_missing_input(error)]
    for path, error in problems:
        entries[path] = _error_entry(path, 0, 0, None, type(error).__name__, _message(error))

    _forget_deleted_reports(entries, {file.path for file in files}, out)
    groups, requests = _plan(files, entries, out, limits, retry_failed, summary)
    for request in requests if engine else ():
        request["engine"] = engine
    if (corrections or requests or unfinished or entries != before or (out / outputs.CORRECTED).exists()
            or not all((out / name).exists() for name in outputs.TABLE_FILES)):
        _run(requests, groups, entries, out, corrections or (), summary, jobs, scheduler,
             WorkerOptions(timeout=limits.max_seconds, memory_mb=memory_mb, parser=parser),
             make_progress(progress) if requests else NoProgress(), on_result)
    shutil.rmtree(out / outputs.WORK, ignore_errors=True)  # reached only when the run ended

    current = [entries[f.path] for f in files] + [entries[p] for p, _ in problems]
    failures = [e for e in current if e.status == "error"]
    summary.failed = len(failures)
    summary.errors_by_type = dict(sorted(Counter(entry.error for entry in failures).items()))
    summary.reports = len({e.report_id for e in entries.values() if e.status == "ok"})
    summary.seconds = time.monotonic() - started
    return summary


def _run(requests: list[dict], groups: dict[str, list[InputFile]], entries: dict[str, ManifestEntry],
         out: Path, corrections, summary: ConvertSummary, jobs: int, scheduler: str | None,
         options: WorkerOptions, bar, on_result) -> None:
    """Parse ``requests`` and write every table: reports appended as their place is settled."""
    (out / outputs.WORK).mkdir(exist_ok=True)
    for stale in (out / outputs.WORK).glob("*.partial"):  # tables of a run that was killed
        stale.unlink()
    journal = ManifestJournal(out, entries)
    tables = TableWriter(out, corrections)
    order = ReportOrder(entries, requests)
    if not requests:
        answers = iter(())
    elif scheduler:
        answers = run_dask(requests, scheduler, jobs, options)
    else:
        answers = run_local(requests, jobs, options)
    try:
        for report_id, paths in order.ready(entries):  # those before the first awaited path
            tables.add(report_id, paths)
        _collect(answers, len(requests), groups, entries, journal, tables, order, summary, bar, on_result)
        errors = [{"path": e.path, "error": e.error, "message": e.message, "traceback": e.traceback}
                  for e in (entries[p] for p in sorted(entries)) if e.status == "error"]
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
    outputs.write_manifest(out, entries)  # sorted, one line per path
    remove_stale(out, {e.report_id for e in entries.values() if e.status == "ok"})
    summary.corrected = len(tables.used)
    summary.corrections_unused = [c.where for c in tables.corrections if id(c) not in tables.used]


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
    limits_dict, out_text = asdict(limits), str(out)  # shared by every request
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
                             "limits": limits_dict, "out": out_text})
    return groups, requests


def _collect(answers, total: int, groups: dict[str, list[InputFile]], entries: dict[str, ManifestEntry],
             journal: ManifestJournal, tables: TableWriter, order: ReportOrder, summary: ConvertSummary,
             bar, on_result) -> None:
    """Record each answer in the manifest as it arrives, and append the reports it settles."""
    bar.start(total)
    try:
        for request, answer in answers:
            report_id, paths = request["key"], set(request["paths"])
            files = [file for file in groups[report_id] if file.path in paths]
            if answer["status"] == "ok":  # the helper wrote the report and its part (``worker``)
                summary.parsed += 1
            for file in files:
                entries[file.path] = _entry_of_answer(file, report_id, answer)
            journal.append(entries[file.path] for file in files)
            order.answered(request, entries)
            for ready_id, ready_paths in order.ready(entries):
                tables.add(ready_id, ready_paths)
            summary.attempted += 1
            summary.parse_seconds += answer.get("seconds") or 0.0
            if answer.get("peak_rss_mb") is not None:
                summary.peak_worker_rss_mb = max(summary.peak_worker_rss_mb or 0, answer["peak_rss_mb"])
            bar.advance(answer["status"] != "ok")
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


def _forget_deleted_reports(entries: dict[str, ManifestEntry], given: set[str], out: Path) -> None:
    """Paths of earlier runs, not given this time, whose reports/<id>.json was deleted: their rows
    cannot be written again, so they become errors (``MissingOutput``, in errors.jsonl) instead of
    stopping the run. A path given again is parsed again (``_reusable``)."""
    for path, entry in list(entries.items()):
        if path not in given and entry.status == "ok" and not outputs.report_file(out, entry.report_id).exists():
            entries[path] = _error_entry(path, entry.size, entry.mtime_ns, entry.report_id, "MissingOutput",
                                         f"{outputs.REPORTS}/{entry.report_id}.json was deleted: "
                                         "convert this input again to restore its rows")


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
