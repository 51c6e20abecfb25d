"""The copy of pdfplumber's table code (``govdisclose._vendor.pdfplumber_tables``) is pdfplumber's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from govdisclose._vendor import pdfplumber_tables

COPY = Path(pdfplumber_tables.__file__).parent
ORIGINAL = Path(pdfplumber.__file__).parent
SAME_VERSION = pdfplumber.__version__ == pdfplumber_tables.VERSION
needs_same_version = pytest.mark.skipif(
    not SAME_VERSION,
    reason=f"pdfplumber {pdfplumber.__version__} installed, the copy is of {pdfplumber_tables.VERSION}")


@needs_same_version
@pytest.mark.parametrize("name", pdfplumber_tables.UNCHANGED)
def test_the_copied_files_are_pdfplumbers_byte_for_byte(name):
    assert (COPY / name).read_bytes() == (ORIGINAL / name).read_bytes()


@needs_same_version
def test_the_utils_package_only_leaves_out_the_pdfminer_helpers():
    original = (ORIGINAL / "utils" / "__init__.py").read_text(encoding="utf-8")
    start, end = original.index("from .pdfinternals import"), original.index("from .text import")
    assert (COPY / "utils" / "__init__.py").read_text(encoding="utf-8") == original[:start] + original[end:]


def test_every_file_of_the_copy_is_accounted_for_and_the_licence_is_kept():
    files = {str(path.relative_to(COPY)) for path in COPY.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts}
    assert files == {*pdfplumber_tables.UNCHANGED, "__init__.py", "utils/__init__.py", "LICENSE.txt"}
    assert "Copyright (c) 2015, Jeremy Singer-Vine" in (COPY / "LICENSE.txt").read_text(encoding="utf-8")


def test_the_copy_loads_without_pdfminer():
    code = ("import sys\nfrom govdisclose._vendor.pdfplumber_tables import table, utils\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfminer', 'pdfplumber')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(COPY.parents[2])})
    assert result.stdout.strip() == "[]"
