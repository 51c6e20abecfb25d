"""Bulk conversion of archives: ``convert`` (parallel, resumable) and ``read_dir`` (its output).

Modules: ``inputs`` (files, folders, globs, zips; limits), ``worker`` (one parse in a helper
process with time and memory limits), ``cpus`` (the default number of workers), ``pool`` (local
helpers or a Dask cluster), ``parts`` (each report's rows of the tables), ``tables`` (the
tables, streamed in order), ``outputs`` (the output folder), ``index`` (what a run knows about
every input, on disk), ``progress`` (bar, log lines, summary), ``run`` (the orchestration and
resume). The names below are imported on first use, so ``govdisclose.batch.cpus`` alone stays
light.
"""

from __future__ import annotations

import importlib
import typing

if typing.TYPE_CHECKING:
    from .inputs import Limits
    from .outputs import read_dir
    from .run import ConvertSummary, convert

__all__ = ["ConvertSummary", "Limits", "convert", "read_dir"]
_HOMES = {"ConvertSummary": ".run", "convert": ".run", "Limits": ".inputs", "read_dir": ".outputs"}
_SUBMODULES = ("cpus", "index", "inputs", "outputs", "parts", "pool", "progress", "run", "tables", "worker")


def __getattr__(name: str):
    """A public name from its home module, or a submodule (``govdisclose.batch.run``), on first use."""
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value
