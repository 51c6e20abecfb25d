"""Bulk conversion of archives: ``convert`` (parallel, resumable) and ``read_dir`` (its output).

Modules: ``inputs`` (files, folders, globs, zips; limits), ``worker`` (one parse in a helper
process with time and memory limits), ``pool`` (local helpers or Dask), ``outputs`` (the output
folder), ``progress`` (bar, log lines, summary), ``run`` (the orchestration and resume).
"""

from .inputs import Limits
from .outputs import read_dir
from .run import ConvertSummary, convert

__all__ = ["ConvertSummary", "Limits", "convert", "read_dir"]
