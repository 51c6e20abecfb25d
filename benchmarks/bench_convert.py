"""Scale benchmark of ``govdisclose convert``: wall time with 1 and 2 workers, and memory.

Run by hand (not a test): ``python benchmarks/bench_convert.py [--files 2000] [--pdf-share 0.5]``
(``--files 100`` for a quick try). The archive is made in a temporary folder from the generated
fixtures: PDFs (each copy gets a different comment after ``%%EOF``) and text dumps (each copy a
different number of trailing blank lines), ``--pdf-share`` of them PDFs, every copy a distinct
report (distinct sha256). Each ``--jobs`` value converts the whole archive into a fresh folder, in
its own ``python`` process, so the figures are those of a real ``govdisclose convert`` run.

Recorded: wall seconds and the speed-up of the most workers over 1 (target ≥ 1.8×, needs two idle
cores; also given with the parses' own slow-down divided out, and each run's share of wall time
its workers spent inside ``parse``, which shows whether the pool or the machine is the limit);
the parent's peak RSS (its own ``ru_maxrss``; target ≤ 150 MB) and the tail (from the last
answer to the end of ``convert``); each worker's peak RSS (``/proc/<pid>/status`` VmHWM,
sampled, or psutil where there is no /proc); and the parent's RSS sampled against the number of
reports done. The projection to 10,000 and 100,000 reports adds to the measured peak the slope of
that line (least squares over the second half of the run, where the tables are being streamed;
counted only when positive) and the parent's per-input bookkeeping (what the run knows about its
inputs: the run index on disk, the requests built from it, the table order; most of it made
when the batch is planned, so before the first report arrives and invisible to that slope),
measured on synthetic inputs with the real classes.

``--tiny 2000,10000,20000`` measures instead the parent's peak RSS converting that many tiny
text dumps with 2 workers (each parse done once per distinct dump by ``memo_parse``, so the run
is the parent's work, not the parses'), and the slope per 1,000 inputs between the two largest
sizes (below some thousands the fixed costs, Arrow's memory pool and SQLite's page cache, are
still filling).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "generated"
PROJECT_TO = (10_000, 100_000)
MIN_FILES_TO_PROJECT = 800

# The convert run, in its own process: prints the summary, its peak RSS and the tail as JSON.
CHILD = """
import json, resource, sys, time
import govdisclose
last = [0.0]
def hook(path, answer):
    last[0] = time.monotonic()
start = time.monotonic()
options = {"parser": sys.argv[4]} if len(sys.argv) > 4 else {}
summary = govdisclose.convert([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), on_result=hook, **options)
end = time.monotonic()
print(json.dumps({"seconds": end - start, "tail": end - last[0], "reports": summary.reports,
                  "failed": summary.failed, "parse_seconds": summary.parse_seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_archive(folder: Path, files: int, pdf_share: float) -> dict[str, int]:
    """``files`` distinct inputs, ``pdf_share`` of them PDFs; returns the count of each kind."""
    pdfs = sorted(FIXTURES.glob("*.pdf"))
    dumps = sorted((FIXTURES / "dumps").glob("*.txt"))
    made = {"pdf": 0, "txt": 0}
    for number in range(files):
        kind = "pdf" if made["pdf"] < pdf_share * (number + 1) else "txt"
        sources = pdfs if kind == "pdf" else dumps
        source = sources[made[kind] % len(sources)]
        copy = made[kind] // len(sources)
        data = source.read_bytes()
        data += f"\n% bench copy {copy}\n".encode() if kind == "pdf" else b"\n" * (copy + 1)
        (folder / f"{number:06d}-{source.name}").write_bytes(data)
        made[kind] += 1
    return made


def build_tiny(folder: Path, files: int) -> None:
    """``files`` distinct text dumps (each copy a different number of trailing newlines), for
    the parent's memory against the number of inputs (``--tiny``)."""
    dumps = [path.read_bytes() for path in sorted((FIXTURES / "dumps").glob("*.txt"))]
    for number in range(files):
        copy = number // len(dumps)
        (folder / f"{number:06d}.txt").write_bytes(dumps[number % len(dumps)] + b"\n" * (copy + 1))


_parsed: dict[bytes, object] = {}


def memo_parse(path: str):
    """``govdisclose.parse`` run once per distinct dump (trailing newlines aside) in each helper,
    then copied with this file's sha256: every input still a distinct report, written and
    streamed as usual, at a fraction of the parse time (the parent's work is unchanged)."""
    import hashlib

    import govdisclose

    data = Path(path).read_bytes()
    key = data.rstrip(b"\n")
    if key not in _parsed:
        _parsed[key] = govdisclose.parse(path)
    report = _parsed[key].model_copy(deep=True)
    report.meta.sha256 = hashlib.sha256(data).hexdigest()
    return report


def process_rss(pid: int) -> tuple[float | None, float | None]:
    """(current RSS, peak RSS) of a process in MB: /proc VmRSS/VmHWM, else psutil (no peak)."""
    try:
        with open(f"/proc/{pid}/status") as stream:
            fields = dict(line.split(":", 1) for line in stream if ":" in line)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        pass
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20, None
    except Exception:  # noqa: BLE001  (psutil missing, the process gone)
        return None, None


def children_of(pid: int) -> list[int]:
    """The child processes of ``pid`` (the helpers are started by the pool's threads)."""
    try:
        children = []
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as stream:
                    children += [int(child) for child in stream.read().split()]
            except OSError:  # the thread ended meanwhile
                continue
        return children
    except OSError:
        try:
            import psutil

            return [child.pid for child in psutil.Process(pid).children()]
        except Exception:  # noqa: BLE001
            return []


def run(archive: Path, out: Path, jobs: int, every: float, parser: str | None = None) -> dict:
    """One convert in a child process, sampled every ``every`` seconds."""
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    command = [sys.executable, "-c", CHILD, str(archive), str(out), str(jobs), *([parser] if parser else [])]
    child = subprocess.Popen(command,
                             stdout=subprocess.PIPE, text=True, env=environment, cwd=ROOT)
    samples: list[tuple[int, float]] = []  # (reports done, parent RSS MB)
    worker_peaks: dict[int, float] = {}
    while child.poll() is None:
        rss, _ = process_rss(child.pid)
        for pid in children_of(child.pid):
            current, peak = process_rss(pid)
            if current is not None:
                worker_peaks[pid] = max(worker_peaks.get(pid, 0.0), peak or current)
        try:
            done = sum(1 for _ in os.scandir(out / "reports"))
        except OSError:
            done = 0
        if rss is not None:
            samples.append((done, rss))
        time.sleep(every)
    result = json.loads(child.stdout.read().strip().splitlines()[-1])
    return result | {"samples": samples, "worker_peaks": sorted(worker_peaks.values(), reverse=True)}


def bookkeeping_kb_per_input(count: int = 50_000) -> float:
    """Parent memory per input held for the whole run, built as ``run`` builds it: the run's
    ``RunIndex`` (a previous manifest of every path, the inputs found, their hashes, one parse
    request each, the paths awaited), every request built as the pool would ask for it, and the
    ``ReportOrder`` releasing every report once all are answered. RSS growth over ``count``
    synthetic inputs, per input; it includes the index's page cache (a fixed few MB, not per
    input), so it is an upper bound."""
    import hashlib
    from dataclasses import replace

    from govdisclose.batch.index import RunIndex
    from govdisclose.batch.inputs import InputFile
    from govdisclose.batch.outputs import ManifestEntry
    from govdisclose.batch.run import _requests
    from govdisclose.batch.tables import ReportOrder
    from govdisclose.limits import Limits

    folder = Path(tempfile.mkdtemp(prefix="bench-convert-index-"))
    before, _ = process_rss(os.getpid())
    index = RunIndex(folder / "index.sqlite")
    try:
        def file(i: int) -> InputFile:
            return InputFile(f"/data/archive/province/city/county-{i:06d}/report-2024-{i:06d}.pdf", 123456, i)

        def sha(i: int) -> str:
            return hashlib.sha256(str(i).encode()).hexdigest()

        index.load(ManifestEntry(file(i).path, 1, 1, sha(i), "ok", None, None, 0.1, "0") for i in range(count))
        with index.transaction():
            for i in range(count):
                index.first_seen(file(i).path)
                index.add_input(file(i))
                index.set_content(file(i).path, sha(i), "pdf", file(i).path)
            index.plan_requests()
            for _, report_id, hint in index.requests():
                index.await_answer(report_id, index.content_paths(report_id, hint))
        order = ReportOrder(index)
        for request in _requests(index, folder, Limits(), None):
            entry = index.get(request["paths"][0]) or ManifestEntry(request["paths"][0], 1, 1, None, "", None,
                                                                   None, 0.0, "0")
            index.put(replace(entry, report_id=request["key"], status="ok", seconds=0.2))  # settles the path
        released = sum(1 for _ in order.ready())
        assert released == count, released
        after, _ = process_rss(os.getpid())
    finally:
        index.close()
        shutil.rmtree(folder, ignore_errors=True)
    return (after - before) * 1024 / count


def slope(samples: list[tuple[int, float]]) -> tuple[float, float]:
    """(intercept MB, MB per report) of parent RSS against reports done, least squares over the
    samples of the second half of the run (start-up and the first row group aside)."""
    total = max((done for done, _ in samples), default=0)
    points = [(done, rss) for done, rss in samples if done >= total / 2]
    if len({done for done, _ in points}) < 2:
        return (points[-1][1] if points else 0.0), 0.0
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    per_report = sxy / sxx
    return mean_y - per_report * mean_x, per_report


def tiny(sizes: list[int], every: float) -> None:
    """The parent's peak RSS converting ``sizes`` tiny inputs with 2 workers, and its slope."""
    peaks = {}
    for files in sizes:
        work = Path(tempfile.mkdtemp(prefix="bench-convert-tiny-"))
        try:
            (work / "archive").mkdir()
            build_tiny(work / "archive", files)
            result = run(work / "archive", work / "out", 2, every, parser="bench_convert:memo_parse")
            assert result["reports"] == files and result["failed"] == 0, result
            peaks[files] = result["peak_rss_mb"]
            samples = result["samples"]
            planned = next((rss for done, rss in samples if done), samples[-1][1])
            _, per_report = slope(samples)
            print(f"{files:,} tiny inputs, --jobs 2: {result['seconds']:.0f} s, parent peak RSS "
                  f"{result['peak_rss_mb']:.1f} MB (sampled: {planned:.1f} MB when the first report was "
                  f"written, {max(rss for _, rss in samples):.1f} MB at most; while streaming "
                  f"{per_report * 1000:+.2f} MB per 1,000 reports)", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if len(sizes) > 1:  # the two largest: below some thousands, fixed costs are still filling
        low, high = sizes[-2], sizes[-1]
        per_thousand = (peaks[high] - peaks[low]) / (high - low) * 1000
        print(f"slope {low:,} → {high:,}: {per_thousand:+.2f} MB per 1,000 inputs; projected (counted only when "
              "positive) " + ", ".join(f"{n:,}: {peaks[high] + max(per_thousand, 0) * (n - high) / 1000:.0f} MB"
                                       for n in PROJECT_TO))


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--files", type=int, default=2000)
    arguments.add_argument("--pdf-share", type=float, default=0.5)
    arguments.add_argument("--jobs", default="1,2", help="worker counts to run, comma-separated")
    arguments.add_argument("--every", type=float, default=0.25, help="sampling interval, seconds")
    arguments.add_argument("--tiny", default="", help="instead: the parent's peak RSS for these numbers "
                           "of tiny text inputs (comma-separated, e.g. 2000,20000), --jobs 2, memoised parse")
    options = arguments.parse_args()
    if options.tiny:
        tiny(sorted(int(n) for n in options.tiny.split(",")), options.every)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-convert-"))
    try:
        archive = work / "archive"
        archive.mkdir()
        made = build_archive(archive, options.files, options.pdf_share)
        size = sum(f.stat().st_size for f in archive.iterdir()) / 2**20
        print(f"{options.files} inputs ({made['pdf']} PDFs, {made['txt']} text dumps, {size:.0f} MB)", flush=True)
        per_input_kb = bookkeeping_kb_per_input()
        print(f"parent bookkeeping per input (synthetic, 50,000 inputs): {per_input_kb:.2f} KB", flush=True)
        results = {}
        for jobs in (int(j) for j in options.jobs.split(",")):
            out = work / f"out-{jobs}"
            result = results[jobs] = run(archive, out, jobs, options.every)
            shutil.rmtree(out)
            assert result["reports"] == options.files and result["failed"] == 0, result
            _, per_report = slope(result["samples"])
            peaks = result["worker_peaks"]
            print(f"\n--jobs {jobs}: {result['seconds']:.1f} s wall ({options.files / result['seconds']:.1f} files/s), "
                  f"{result['parse_seconds']:.1f} s inside parse (workers busy "
                  f"{100 * result['parse_seconds'] / (jobs * result['seconds']):.0f}% of the wall), tail after "
                  f"the last answer {result['tail']:.2f} s")
            top_done, top = max(result["samples"], key=lambda sample: sample[1])
            print(f"  parent peak RSS {result['peak_rss_mb']:.0f} MB (target ≤ 150); sampled "
                  f"{min(r for _, r in result['samples']):.0f} → {top:.0f} MB, the most with {top_done} "
                  "reports written")
            print(f"  worker peak RSS (VmHWM) {', '.join(f'{p:.0f}' for p in peaks[:8])} MB "
                  f"({len(peaks)} helper processes)")
            growth = max(per_report, 0.0) + per_input_kb / 1024  # MB per further report
            if options.files < MIN_FILES_TO_PROJECT:
                print(f"  (no projection under {MIN_FILES_TO_PROJECT} files: the first Parquet row group, "
                      "~160 reports of cells held in memory, is still filling)")
                continue
            print(f"  parent RSS slope while streaming {per_report * 1000:+.2f} MB per 1,000 reports; "
                  f"projected peak " + ", ".join(
                      f"{n:,} reports: {result['peak_rss_mb'] + growth * (n - options.files):.0f} MB"
                      for n in PROJECT_TO))
        if len(results) > 1:
            one, most = results[min(results)], results[max(results)]
            print(f"\nspeed-up of {max(results)} workers over {min(results)}: "
                  f"{one['seconds'] / most['seconds']:.2f}× (target ≥ 1.8×); with each parse as fast as in the "
                  f"1-worker run (other load on the machine slows parses, not the pool): "
                  f"{one['seconds'] / most['seconds'] * most['parse_seconds'] / one['parse_seconds']:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
