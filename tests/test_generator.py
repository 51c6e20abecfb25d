"""The fixture generator is deterministic: regenerating gives the committed truth byte for byte and
PDFs of the same content (tests/regen.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT
from .regen import assert_same_fixture

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def load_generator():
    spec = importlib.util.spec_from_file_location("fixture_generate", ROOT / "fixtures" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed (.ci/run installs it)")
def test_regenerated_fixtures_match_committed(tmp_path):
    names = load_generator().generate_all(tmp_path)
    assert sorted(names) == sorted(p.name.removesuffix(".truth.json") for p in FIXTURES.glob("*.truth.json"))
    for name in names:
        for suffix in (".truth.json", ".pdf"):
            assert_same_fixture(tmp_path / f"{name}{suffix}", FIXTURES / f"{name}{suffix}")
