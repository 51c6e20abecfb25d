"""Progress of a batch: a rich bar on a terminal, plain periodic log lines otherwise, a summary table.

A progress object has ``start(total)``, ``advance(failed: bool)`` and ``stop()``; ``total``
counts the parses to run (reused results are not work). ``make_progress`` picks the kind.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

LOG_EVERY_SECONDS = 10.0


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, failed: bool) -> None:
        pass

    def stop(self) -> None:
        pass


class LogProgress:
    """One line every ``every`` seconds and one at the end: done/total, files/s, errors, ETA."""

    def __init__(self, stream: TextIO | None = None, every: float = LOG_EVERY_SECONDS):
        self.stream = stream or sys.stderr
        self.every = every

    def start(self, total: int) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.started = self.last = time.monotonic()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        eta = (self.total - self.done) / rate if rate else 0
        return (f"govdisclose convert: {self.done}/{self.total} files, {rate:.2f} files/s, "
                f"{self.failed} errors, ETA {_clock(eta)}")

    def stop(self) -> None:
        pass


class RichProgress:
    """A live bar: files done, files/s, ETA, errors so far."""

    def __init__(self, console=None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s"), TimeRemainingColumn(),
            TextColumn("[red]{task.fields[failed]} errors"),
            console=console or Console(stderr=True), transient=False,
        )

    def start(self, total: int) -> None:
        self.failed, self.started = 0, time.monotonic()
        self.task = self.progress.add_task("convert", total=total, rate="-", failed=0)
        self.progress.start()

    def advance(self, failed: bool) -> None:
        self.failed += failed
        done = self.progress.tasks[0].completed + 1
        rate = f"{done / max(time.monotonic() - self.started, 1e-9):.2f}"
        self.progress.update(self.task, advance=1, rate=rate, failed=self.failed)

    def stop(self) -> None:
        self.progress.stop()


def make_progress(mode: str = "auto"):
    """``auto``: a bar when stderr is a terminal, log lines otherwise; ``log``; ``none``."""
    if mode == "none":
        return NoProgress()
    if mode == "log" or not sys.stderr.isatty():
        return LogProgress()
    return RichProgress()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def render_summary(summary, console=None) -> None:
    """The final table: inputs, parses, reuse, reports, errors by type, time, worker memory."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"govdisclose convert → {summary.out}", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    rows = [
        ("input files", summary.inputs), ("parsed now", summary.parsed),
        ("parses that failed", summary.attempted - summary.parsed),
        ("skipped (done before)", summary.skipped), ("duplicates (same content)", summary.duplicates),
        ("reports in folder", summary.reports), ("failed inputs", summary.failed),
    ]
    rows += [(f"  {error}", count) for error, count in sorted(summary.errors_by_type.items())]
    if summary.corrected or summary.corrections_unused:
        rows.append(("corrections applied", summary.corrected))
        rows += [(f"  unused: {where}", "no report") for where in summary.corrections_unused]
    rows.append(("seconds", f"{summary.seconds:.1f}"))
    if summary.attempted:
        rows.append(("files/s", f"{summary.attempted / max(summary.seconds, 1e-9):.2f}"))
    if summary.peak_worker_rss_mb is not None:
        rows.append(("peak worker memory (MB)", f"{summary.peak_worker_rss_mb:.0f}"))
    for label, value in rows:
        table.add_row(label, str(value))
    (console or Console()).print(table)
