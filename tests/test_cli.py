"""The command line: formats, exit codes, one-line errors."""

from __future__ import annotations

import json
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
