"""The fixture generator is deterministic: regenerating gives the committed truth byte for byte and
PDFs of the same content (tests/regen.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES, fixture_module
from .regen import assert_same_fixture

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def load_generator():
    return fixture_module("generate")


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed (.ci/run installs it)")
def test_regenerated_fixtures_match_committed(tmp_path):
    names = load_generator().generate_all(tmp_path)
    assert sorted(names) == sorted(p.name.removesuffix(".truth.json") for p in FIXTURES.glob("*.truth.json"))
    for name in names:
        for suffix in (".truth.json", ".pdf"):
            assert_same_fixture(tmp_path / f"{name}{suffix}", FIXTURES / f"{name}{suffix}")
