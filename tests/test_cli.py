"""The command line: formats, exit codes, one-line errors."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from .conftest import sample


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govdisclose", *args], capture_output=True, text=True, timeout=120)


def test_parse_json_and_cells(tmp_path):
    path = sample("huaian-2024.pdf")
    result = run("parse", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["meta", "sections", "tables", "findings", "facts"]
    assert data["tables"]["requests"]["rows"]["new"]["total"]["value"] == 3119
    out = tmp_path / "cells.jsonl"
    result = run("parse", str(path), "--format", "cells", "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 200
    first = records[0]
    assert {k: first[k] for k in ("table", "row", "column", "value", "kind", "raw", "page", "source")} == {
        "table": "active_disclosure", "row": "rules", "column": "issued", "value": 1, "kind": "number",
        "raw": "1", "page": 3, "source": "pdf_text"}
    assert first["agency"] == "淮安市人民政府" and first["year"] == 2024 and first["template"] == "2021"
    fees = next(r for r in records if r["row"] == "fees")
    assert (fees["value"], fees["unit"]) == (96171.6, "10k_yuan")
    assert not list(tmp_path.glob(".*.tmp"))


def test_summary_shows_tables_and_findings():
    result = run("parse", str(sample("huaian-2024.pdf")), "--format", "summary")
    assert result.returncode == 0
    assert "淮安市人民政府" in result.stdout and "3985758" in result.stdout and "no findings" in result.stdout


@pytest.mark.parametrize("content, name, code, message", [
    (None, "missing.pdf", 3, "no such file"),
    (b"", "empty.pdf", 3, "CorruptDocument"),
    (b"<html>404 not found</html>", "error-page.pdf", 3, "not a PDF"),
    (b"%PDF-1.4\n1 0 obj garbage", "truncated.pdf", 3, "CorruptDocument"),
    (b"\x00\x01\x02binary", "data.bin", 3, "UnsupportedFormat"),
    ("会议通知\n请各单位准时参加。\n".encode(), "notice.txt", 4, "NotAnnualReport"),
])
def test_errors_are_one_line_with_exit_code(tmp_path, content, name, code, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("parse", str(path))
    assert result.returncode == code
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_usage_error_is_exit_2():
    assert run("parse").returncode == 2
    assert run("parse", "x", "--format", "yaml").returncode == 2


# Runs ``cli.entry`` as the process's entry point, recording what the parse command's ``run``
# finds when it starts: the collector's state, pydantic's plugin switch, which modules are loaded.
ENTRY_PROBE = """
import gc, json, os, sys
from govdisclose.commands import parse as command
seen = {}
real_run = command.run
def run(args):
    seen.update(collecting=gc.isenabled(), frozen=gc.get_freeze_count() > 0,
                plugins=os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
                not_loaded=[name for name in command.imports(args) if name not in sys.modules])
    return real_run(args)
command.run = run
sys.argv = ["govdisclose", "parse", sys.argv[1], "-o", sys.argv[2]]
from govdisclose.cli import entry
try:
    entry()
except SystemExit as exit:
    print(json.dumps({**seen, "code": exit.code, "frozen_at_exit": gc.get_freeze_count() > 0}))
"""


@pytest.mark.parametrize("plugins_set, plugins_seen", [(None, "__all__"), ("", "")])
def test_entry_loads_before_the_work_then_collects_as_usual(tmp_path, plugins_set, plugins_seen):
    """The process entry loads the command's modules with the collector off, then turns it back
    on (the loaded modules frozen out of its scans) before the work; pydantic's plugins are off
    unless the user set the switch (empty: on)."""
    from .conftest import FIXTURES

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins_set is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins_set
    output = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-c", ENTRY_PROBE, str(FIXTURES / "t2021_basic.pdf"), str(output)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"collecting": True, "frozen": True, "plugins": plugins_seen,
                                         "not_loaded": [], "code": 0, "frozen_at_exit": True}
    assert json.loads(output.read_text(encoding="utf-8"))["meta"]["agency"] == "云溪市人民政府"


def test_main_in_process_leaves_the_collector_alone(tmp_path):
    from govdisclose.cli import main

    from .conftest import FIXTURES

    frozen = gc.get_freeze_count()
    assert main(["parse", str(FIXTURES / "t2021_basic.pdf"), "-o", str(tmp_path / "r.json")]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen


@pytest.mark.parametrize("name, engine, readers", [
    ("a.pdf", None, ["govdisclose.sources.pdf_text", "govdisclose.sources.pdfium_page", "govdisclose.sources.pdf_bytes",
                     "govdisclose.sources.table_cells"]),
    ("a.PDF", "pdfplumber", ["govdisclose.sources.pdf_text"]),
    ("a.html", "pdfium", ["govdisclose.sources.html"]),
    ("a.docx", None, ["govdisclose.sources.docx"]),
    ("a.md", None, ["govdisclose.sources.text"]),
    ("a.doc", None, []),
])
def test_parse_command_names_the_reader_of_the_suffix(name, engine, readers):
    import argparse

    from govdisclose.commands import parse as command

    modules = command.imports(argparse.Namespace(file=name, engine=engine))
    assert list(modules) == ["govdisclose.parse", "govdisclose.export", *readers]
