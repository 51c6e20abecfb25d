"""Parse functions for the convert tests, loaded by the helper processes as ``module:function``."""

from __future__ import annotations

import time
from pathlib import Path

import govdisclose


def slow_or_greedy_parse(path: str) -> govdisclose.AnnualReport:
    """``slow*`` sleeps past any test timeout, ``greedy*`` holds 600 MB; others parse normally."""
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(120)
    if name.startswith("greedy"):
        hoard = bytearray(600 * 2**20)
        hoard[::4096] = b"x" * len(hoard[::4096])  # touch every page so it is resident
        time.sleep(120)
    return govdisclose.parse(path)


def refuse(path: str) -> govdisclose.AnnualReport:
    """Fails at once with a typed error naming the file: a quick answer for tests of the pool."""
    raise govdisclose.errors.NotAnnualReport(f"refused {Path(path).name}")
