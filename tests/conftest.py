"""Shared test helpers: where the real samples and generated fixtures live."""

from __future__ import annotations

import functools
import importlib.util
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
FIXTURES = ROOT / "fixtures" / "generated"


def sample(name: str) -> Path:
    """A real document from ../shared/samples; the test skips when ../shared is absent."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not available (../shared absent)")
    return path



def fixture_module(name: str):
    """A generator module of ``fixtures/`` (``generate``, ``scanned``, ``web`` …), imported once per run.

    The generators are scripts, not a package: they import their siblings by bare name, so their
    folder goes on ``sys.path``, and each is registered in ``sys.modules`` (dataclasses look their
    module up there)."""
    if name in sys.modules:
        return sys.modules[name]
    folder = str(ROOT / "fixtures")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, ROOT / "fixtures" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

# Scans OCR'd by the real engine in every run (slow); every other scan is parsed from its recorded
# OCR tape (tests/ocr_tape.py).
# The pasted table picture is one small OCR request: the engine end to end for a few seconds.
LIVE_SCANS = frozenset({"image_table_t2021_basic"})


@functools.cache
def parse_scan(path: Path):
    """A scan fixture parsed once per test run: from its OCR tape unless it is one of ``LIVE_SCANS``
    or has no tape. A tape that no longer fits the code (a miss) falls back to the real engine and
    warns: re-record with ``python -m tests.ocr_tape``."""
    import govdisclose

    from .ocr_tape import parse_from_tape, tape_path

    if path.stem in LIVE_SCANS or not tape_path(path).exists():
        return govdisclose.parse(path)
    report, replay = parse_from_tape(path)
    if replay.misses:
        warnings.warn(f"{path.name}: {replay.misses} OCR calls not on its tape (re-record: python -m tests.ocr_tape)",
                      stacklevel=2)
    return report


def scan_params(truths: list[Path]) -> list:
    """Truth files as test parameters, the live scans marked ``slow``."""
    return [pytest.param(t, id=t.name.removesuffix(".truth.json"),
                         marks=[pytest.mark.slow] if t.name.removesuffix(".truth.json") in LIVE_SCANS else [])
            for t in truths]
