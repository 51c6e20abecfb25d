"""Where the parses run: a local pool of helper processes (the default), or a Dask cluster.

Both take requests (``{"key", "location", "file_name", "paths", "limits"}``; see ``worker``), as
a list or drawn lazily from an iterator, and yield ``(request, answer)`` pairs as answers
arrive, in any order. Both run every parse in a ``WorkerProcess`` helper, so the per-file time
and memory limits and the answers are the same whichever runs them. On a Dask cluster (a
scheduler address; Dask is imported only then) the workers must see the input paths and OUTDIR
(a shared file system).
"""

from __future__ import annotations

import contextlib
import itertools
import queue
import threading
import traceback
from collections.abc import Iterable, Iterator

from .worker import WorkerOptions, WorkerProcess, error_answer

WINDOW_PER_JOB = 2  # requests sent to the pool and not yet answered, per helper


def run_local(requests: Iterable[dict], jobs: int, options: WorkerOptions,
              total: int | None = None) -> Iterator[tuple[dict, dict]]:
    """``jobs`` threads, each feeding its own helper process from a shared queue.

    ``requests`` are drawn as answers come back, at most ``WINDOW_PER_JOB`` per helper ahead,
    and only by the thread iterating this generator: a lazy source (one reading an SQLite
    database) is never touched by the pool's threads, and no list of every request is held.
    ``total`` is their number when ``requests`` has no ``len`` (it sizes the pool)."""
    total = len(requests) if total is None else total
    source = iter(requests)
    todo: queue.Queue = queue.Queue()
    done: queue.Queue = queue.Queue()
    stop = threading.Event()
    workers = [WorkerProcess(options) for _ in range(max(1, min(jobs, total)))]

    def feed(worker: WorkerProcess) -> None:
        try:
            while not stop.is_set():
                request = todo.get()
                if request is None:  # the batch ended
                    return
                done.put((request, _answer(worker, request)))
        finally:
            worker.close()

    threads = [threading.Thread(target=feed, args=(w,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()

    def send(count: int) -> int:
        """Queue up to ``count`` more requests; the number queued (fewer once the source ends)."""
        sent = 0
        for request in itertools.islice(source, count):
            todo.put(request)
            sent += 1
        return sent

    try:
        in_flight = send(WINDOW_PER_JOB * len(workers))
        while in_flight:
            pair = done.get()
            in_flight += send(1) - 1
            yield pair
    finally:
        stop.set()
        for _ in threads:
            todo.put(None)
        for worker in workers:  # an interrupted batch: stop the helpers now
            worker.close()
        for thread in threads:
            thread.join(timeout=5)


def _answer(worker: WorkerProcess, request: dict) -> dict:
    """The helper's answer to ``request``; an exception on the parent's side of the helper (a
    bug) is this request's ``InternalError`` answer, the helper restarted: the batch goes on, and
    the thread feeding the helper never dies with answers still awaited."""
    try:
        return worker.run(request)
    except Exception as error:  # noqa: BLE001
        worker.close()
        return error_answer("InternalError", f"the request could not be run ({type(error).__name__}: "
                            f"{error}): a bug in govdisclose", traceback=traceback.format_exc())


# --- Dask ----------------------------------------------------------------------------------------

_helpers = threading.local()


def dask_task(request: dict, options: WorkerOptions) -> dict:
    """Run on a Dask worker: one helper process per worker thread, kept between tasks."""
    helper = getattr(_helpers, "worker", None)
    if helper is None or helper.options != options:
        if helper is not None:
            helper.close()
        helper = _helpers.worker = WorkerProcess(options)
        _all_helpers.append(helper)
    return helper.run(request)


_all_helpers: list[WorkerProcess] = []


def close_helpers() -> int:
    """Stop this Dask worker's helper processes (run on every worker when a batch ends)."""
    count = len(_all_helpers)
    for helper in _all_helpers:
        helper.close()
    _all_helpers.clear()
    _helpers.__dict__.clear()
    return count


def run_dask(requests: Iterable[dict], scheduler: str, jobs: int,
             options: WorkerOptions) -> Iterator[tuple[dict, dict]]:
    """Run on the Dask cluster whose scheduler is at ``scheduler`` (``tcp://HOST:PORT``); its
    workers decide the parallelism (``jobs`` is not used). As ``run_local``: requests are drawn
    by the iterating thread only, ``WINDOW_PER_JOB`` per worker thread ahead of the answers (the
    cluster's threads when the batch starts), so no list of every request or future is held."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError as error:
        from ..errors import MissingDependency

        raise MissingDependency("--scheduler needs the dask extra: pip install 'govdisclose[dask]'") from error
    source = iter(requests)
    client = Client(scheduler)
    try:
        submitted: dict[str, dict] = {}  # future key → its request, until answered
        running = as_completed()

        def submit(count: int) -> None:
            for request in itertools.islice(source, count):
                future = client.submit(dask_task, request, options=options, pure=False)
                submitted[future.key] = request
                running.add(future)

        submit(WINDOW_PER_JOB * max(1, sum(client.nthreads().values())))
        for future in running:  # as_completed takes the futures added while it is iterated
            request = submitted.pop(future.key)
            try:
                answer = future.result()
            except Exception as error:  # noqa: BLE001  (a lost worker, a cancelled task)
                answer = error_answer(type(error).__name__, f"the Dask task failed: {error}")
            submit(1)
            yield request, answer
    finally:
        with contextlib.suppress(Exception):  # the cluster may be gone already
            client.run(close_helpers)
        client.close()
