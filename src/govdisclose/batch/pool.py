"""Where the parses run: a local pool of helper processes (the default), or a Dask cluster.

Both take requests (``{"key", "location", "file_name", "paths", "limits"}``; see ``worker``)
and yield ``(request, answer)`` pairs as answers arrive, in any order. Both run every parse in a
``WorkerProcess`` helper, so the per-file time and memory limits and the answers are the same
whichever runs them. On a Dask cluster (a scheduler address; Dask is imported only then) the
workers must see the input paths and OUTDIR (a shared file system).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator

from .worker import WorkerOptions, WorkerProcess, error_answer


def run_local(requests: list[dict], jobs: int, options: WorkerOptions) -> Iterator[tuple[dict, dict]]:
    """``jobs`` threads, each feeding its own helper process from a shared queue."""
    todo: queue.Queue = queue.Queue()
    for request in requests:
        todo.put(request)
    done: queue.Queue = queue.Queue()
    stop = threading.Event()
    workers = [WorkerProcess(options) for _ in range(max(1, min(jobs, len(requests))))]

    def feed(worker: WorkerProcess) -> None:
        try:
            while not stop.is_set():
                try:
                    request = todo.get_nowait()
                except queue.Empty:
                    return
                done.put((request, worker.run(request)))
        finally:
            worker.close()

    threads = [threading.Thread(target=feed, args=(w,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        for _ in requests:
            yield done.get()
    finally:
        stop.set()
        for worker in workers:  # an interrupted batch: stop the helpers now
            worker.close()
        for thread in threads:
            thread.join(timeout=5)


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


def run_dask(requests: list[dict], scheduler: str, jobs: int,
             options: WorkerOptions) -> Iterator[tuple[dict, dict]]:
    """Run on the Dask cluster whose scheduler is at ``scheduler`` (``tcp://HOST:PORT``); its
    workers decide the parallelism (``jobs`` is not used)."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError as error:
        from ..errors import MissingDependency

        raise MissingDependency("--scheduler needs the dask extra: pip install 'govdisclose[dask]'") from error
    client = Client(scheduler)
    try:
        if not requests:
            return
        futures = client.map(dask_task, requests, options=options, pure=False)
        by_future = dict(zip((f.key for f in futures), requests, strict=False))
        for future in as_completed(futures):
            request = by_future[future.key]
            try:
                answer = future.result()
            except Exception as error:  # noqa: BLE001  (a lost worker, a cancelled task)
                answer = error_answer(type(error).__name__, f"the Dask task failed: {error}")
            yield request, answer
    finally:
        with contextlib.suppress(Exception):  # the cluster may be gone already
            client.run(close_helpers)
        client.close()
