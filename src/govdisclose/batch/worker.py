"""One parse at a time in a helper process that can be stopped: per-file time and memory limits.

``WorkerProcess.run(request)`` sends one request to a helper process (``python -m
govdisclose.batch.worker``) and waits for its answer while watching the clock and the helper's
resident memory; past either limit it kills the helper, answers ``Timeout`` or ``TooLarge``, and
starts a fresh helper for the next request. A crashed helper is an error answer too, so one
pathological file never stops a batch. The kill is the hard backstop: ``parse`` stops by itself
at ``limits.max_seconds`` (checked between pages), so the kill comes ``kill_grace(timeout)`` later.

Protocol: JSON lines. The helper prints ``{"ready": true}`` once imported, then for every
request ``{"location", "file_name", "limits", "out", "key"}`` (other keys are the parent's) one
answer: ``{"status": "ok", "seconds", "peak_rss_mb"}`` or ``{"status": "error", "error",
"message", "seconds", "peak_rss_mb"}``, plus ``"traceback"`` for an ``InternalError`` (a bug).
With ``out`` the helper writes ``out/reports/<key>.json`` and the report's part of the tables
(``parts.save_report``) itself, so reports never travel through the parent; without it, the
ok answer carries the report as ``"report_json"``.
The helper's log records and warnings go nowhere (its stderr is not shown either).
``limits`` (optional) holds the fields of ``govdisclose.Limits``; they are passed as
``parse(location, limits=Limits(**limits))`` to a parser that takes a ``limits`` keyword, and a
custom parser taking only a path is called with the path alone. ``engine`` (optional) is passed
the same way (``parse(location, engine=...)``, the PDF engine).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_PARSER = "govdisclose.parse:parse"
_STARTUP_SECONDS = 120.0  # importing the parser in a fresh process, on a busy machine
_POLL_SECONDS = 0.05
# The kill waits this long past the time limit (share of it, at least KILL_GRACE_MIN seconds),
# giving the parse's own check between pages the chance to answer first.
KILL_GRACE_SHARE = 0.1
KILL_GRACE_MIN = 5.0


def kill_grace(timeout: float) -> float:
    return max(KILL_GRACE_MIN, KILL_GRACE_SHARE * timeout)


@dataclass(frozen=True)
class WorkerOptions:
    """Limits and the parse function (``module:function`` taking a path) run by the helpers.

    ``timeout`` is the per-file time limit the helper is killed at (after ``kill_grace``)."""

    timeout: float = 300.0
    memory_mb: int = 2048
    parser: str = DEFAULT_PARSER


def error_answer(error: str, message: str, seconds: float = 0.0, traceback: str | None = None) -> dict:
    answer = {"status": "error", "error": error, "message": message, "seconds": round(seconds, 3),
              "peak_rss_mb": None}
    if traceback:
        answer["traceback"] = traceback
    return answer


class WorkerProcess:
    """A helper process owned by one thread of the parent; restarted after a kill or crash."""

    def __init__(self, options: WorkerOptions):
        self.options = options
        self._process: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()

    def run(self, request: dict) -> dict:
        try:
            self._ensure_started()
        except RuntimeError as error:
            return error_answer("WorkerFailed", str(error))
        start = time.monotonic()
        process = self._process
        try:
            process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            process.stdin.flush()
        except OSError:  # the helper died since its last answer; its exit is reported below
            pass
        while True:
            try:
                answer = self._answers.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                answer = None
            elapsed = time.monotonic() - start
            if answer is not None:
                return answer
            if process.poll() is not None:
                self._process = None
                return error_answer("WorkerCrashed", f"the worker process died (exit code "
                                    f"{process.returncode}) while parsing", elapsed)
            if elapsed > self.options.timeout + kill_grace(self.options.timeout):
                self.close()
                return error_answer("Timeout", f"parsing took longer than {self.options.timeout:g} s "
                                    "and was stopped", elapsed)
            rss = resident_mb(process.pid)
            if rss is not None and rss > self.options.memory_mb:
                self.close()
                return error_answer("TooLarge", f"parsing used more than {self.options.memory_mb} MB "
                                    "of memory and was stopped", elapsed)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._answers = queue.Queue()
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "govdisclose.batch.worker", "--parser", self.options.parser],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=environment,
        )
        answers, stdout = self._answers, self._process.stdout
        threading.Thread(target=_pump, args=(stdout, answers), daemon=True).start()
        try:
            ready = answers.get(timeout=_STARTUP_SECONDS)
        except queue.Empty:
            ready = None
        if not (ready or {}).get("ready"):
            self.close()
            reason = (ready or {}).get("message", "no answer")
            raise RuntimeError(f"the worker process did not start ({reason})")


def _pump(stdout, answers: queue.Queue) -> None:
    """Move the helper's answer lines into a queue (a thread per helper; ends with the helper)."""
    for line in stdout:
        try:
            answers.put(json.loads(line))
        except json.JSONDecodeError:
            continue


def resident_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux /proc, else psutil when installed, else None)."""
    try:
        with open(f"/proc/{pid}/statm") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:  # noqa: BLE001  (psutil missing or the process gone)
        return None


# --- the helper process ------------------------------------------------------------------------

def load_parser(spec: str) -> Callable:
    module_name, _, function_name = spec.partition(":")
    return getattr(importlib.import_module(module_name), function_name)


def takes_limits(parse: Callable) -> bool:
    """True when ``parse`` accepts a ``limits`` keyword (``govdisclose.parse`` does)."""
    return takes_keyword(parse, "limits")


def takes_keyword(parse: Callable, name: str) -> bool:
    """True when ``parse`` accepts the keyword ``name`` (``govdisclose.parse``: limits, engine)."""
    try:
        parameters = inspect.signature(parse).parameters.values()
    except (TypeError, ValueError):  # a builtin or C function without a signature
        return False
    return any(p.name == name and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
               or p.kind == p.VAR_KEYWORD for p in parameters)


def convert_one(parse: Callable, request: dict) -> dict:
    """Parse one file into an answer; every exception becomes an error answer (an unexpected
    one as ``InternalError`` with its traceback)."""
    from ..errors import GovDiscloseError, InternalError
    from ..export import report_json
    from ..limits import Limits

    start = time.perf_counter()
    try:
        options = {}
        if request.get("limits") is not None and takes_limits(parse):
            options["limits"] = Limits(**request["limits"])
        if request.get("engine") is not None and takes_keyword(parse, "engine"):
            options["engine"] = request["engine"]
        report = parse(request["location"], **options)
        if request.get("file_name"):
            report.meta.file_name = request["file_name"]
        if request.get("out"):
            from pathlib import Path

            from .parts import save_report

            save_report(Path(request["out"]), request["key"], report_json(report))
            answer = {"status": "ok"}
        else:
            answer = {"status": "ok", "report_json": report_json(report)}
    except MemoryError:
        answer = error_answer("TooLarge", "parsing ran out of memory")
    except Exception as error:  # noqa: BLE001  (a bug in a parser: recorded, the batch goes on)
        if not isinstance(error, GovDiscloseError):
            error = InternalError.of(error)
        message = error.args[0] if error.args else type(error).__name__
        answer = error_answer(type(error).__name__, message, traceback=getattr(error, "traceback", None))
    answer["seconds"] = round(time.perf_counter() - start, 3)
    answer["peak_rss_mb"] = peak_rss_mb()
    return answer


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def serve(parser_spec: str) -> None:
    """The helper's loop: answers on the original stdout; stray prints go to stderr."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.getLogger().addHandler(logging.NullHandler())  # no last-resort printing of library warnings
    logging.captureWarnings(True)
    try:
        parse = load_parser(parser_spec)
    except Exception as error:  # noqa: BLE001  (reported to the parent, which records it)
        channel.write(json.dumps({"ready": False, "message": f"{type(error).__name__}: {error}"}) + "\n")
        channel.flush()
        return
    channel.write(json.dumps({"ready": True}) + "\n")
    channel.flush()
    for line in sys.stdin:
        answer = convert_one(parse, json.loads(line))
        channel.write(json.dumps(answer, ensure_ascii=False) + "\n")
        channel.flush()


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description="govdisclose batch helper process")
    arguments.add_argument("--parser", default=DEFAULT_PARSER)
    serve(arguments.parse_args().parser)
