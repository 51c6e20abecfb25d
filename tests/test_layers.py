"""Imports run one way: every module under ``src/govdisclose`` imports only its own layer or lower ones.

``LAYERS`` lists the layers bottom to top. The flow in the design (sources → document →
recognise/mapping → model → validate/compare/export → commands) is the data's path; imports point
at the definitions the data is made of, so the vocabularies sit below their producers:
``document`` (and the table rows cut from it) below the sources that fill it, ``model`` (the
pydantic types) below the recognisers and mappers that fill it and above the sources, which know
nothing about reports. ``parse`` runs the pipeline (it calls ``validate``); comparison, panel,
exports and inspection read finished reports; batch runs ``parse`` over many files; the CLI, its
commands and the package root (the public surface, which re-exports everything) sit on top.

Every import counts, module-level, function-level and under ``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from pathlib import Path

import govdisclose

PACKAGE = Path(govdisclose.__file__).parent
ROOT = "__init__"  # the package root's entry in LAYERS (a name imported from ``govdisclose`` itself)

# Bottom to top: (layer, top-level modules and subpackages of govdisclose in it).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vendored", ("_vendor",)),  # third-party code copied in: imports nothing of ours
    ("foundation", ("errors", "limits", "normalize", "catalogue", "version")),
    ("document", ("document", "table_rows", "codepoints", "page_breaks")),
    ("sources", ("sources",)),
    ("model", ("model",)),
    ("recognise/mapping", ("recognise", "mapping", "legacy")),
    ("validate", ("validate",)),
    ("parse", ("parse",)),
    ("compare/export", ("export", "summary", "schema", "comparison", "panel", "inspection",
                        "harmonise", "corrections", "places", "codebook", "panel_export")),
    ("batch", ("batch", "frames")),
    ("commands", ("commands", "cli", "__main__", ROOT)),
)
LEVEL = {part: level for level, (_, parts) in enumerate(LAYERS) for part in parts}
LAYER_NAME = {part: name for name, parts in LAYERS for part in parts}


def top_level_parts() -> set[str]:
    """Names of the package's top-level modules and subpackages (``__init__`` for the root)."""
    return {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/__init__.py")}


def module_of(path: Path) -> str:
    """Dotted name of a module file: ``govdisclose.sources.pdf_ocr``, ``govdisclose`` for the root."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted target) of every import in ``source``; ``from a import b`` targets ``a.b``."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def part_of(dotted: str, parts: set[str]) -> str | None:
    """The top-level part of govdisclose a dotted name lies in; ``None`` outside the package.
    A name imported from the root that is not a module (``govdisclose.__version__``) is the root's."""
    names = dotted.split(".")
    if names[0] != "govdisclose":
        return None
    return names[1] if len(names) > 1 and names[1] in parts else ROOT


def violations(source: str, module: str, is_package: bool, parts: set[str]) -> list[str]:
    """Imports of ``module`` that reach a layer above its own, one line each."""
    own = part_of(module, parts) or ROOT
    found = []
    for line, target in imports_of(source, module, is_package):
        part = part_of(target, parts)
        if part is not None and LEVEL[part] > LEVEL[own]:
            found.append(f"{module}:{line} ({LAYER_NAME[own]}) imports {target} ({LAYER_NAME[part]})")
    return found


def test_every_module_is_in_exactly_one_layer():
    listed = [part for _, parts in LAYERS for part in parts]
    assert len(listed) == len(set(listed)), "a module is listed in two layers"
    assert sorted(top_level_parts() - set(listed)) == [], "modules with no layer: add them to LAYERS"
    assert sorted(set(listed) - top_level_parts()) == [], "LAYERS names modules that do not exist"


def test_imports_run_one_way():
    parts = top_level_parts()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        found += violations(source, module_of(path), path.name == "__init__.py", parts)
    assert found == [], "imports of a higher layer:\n" + "\n".join(found)


def test_an_upward_import_is_found_even_inside_a_function():
    """The checker itself: relative, absolute and function-level imports are all resolved."""
    parts = top_level_parts()
    model = "from .normalize import nfkc\n\ndef draw(report):\n    from .inspection.render import render_page"
    assert violations(model, "govdisclose.model", False, parts) == [
        "govdisclose.model:4 (model) imports govdisclose.inspection.render.render_page (compare/export)"]
    columns = "from ..document import Span\nfrom ..mapping import rows\nimport govdisclose.parse\n"
    assert violations(columns, "govdisclose.sources.ocr_columns", False, parts) == [
        "govdisclose.sources.ocr_columns:2 (sources) imports govdisclose.mapping.rows (recognise/mapping)",
        "govdisclose.sources.ocr_columns:3 (sources) imports govdisclose.parse (parse)"]
    version = "from .. import __version__\nfrom . import outputs\n"
    assert violations(version, "govdisclose.batch.run", False, parts) == [
        "govdisclose.batch.run:1 (batch) imports govdisclose.__version__ (commands)"]
    assert violations("from . import __version__\n", "govdisclose.cli", False, parts) == []  # the top
