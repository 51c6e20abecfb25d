"""Shared test helpers: where the real samples and generated fixtures live."""

from __future__ import annotations

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
