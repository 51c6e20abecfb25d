"""Word documents: every cell of the generated DOCX fixtures, merged cells, .doc conversion, errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import govdisclose
from govdisclose.document import Grid
from govdisclose.errors import CorruptDocument, ExtractionFailed, MissingDependency
from govdisclose.sources import docx as docx_source
from govdisclose.sources import load

from .conftest import FIXTURES, fixture_module
from .regen import assert_same_folder
from .truth import (
    assert_every_cell,
    assert_findings,
    assert_meta,
    assert_sections,
    load_truth,
    parsed_cases,
    truth_files,
)

WEB = FIXTURES / "web"
TRUTHS = truth_files(WEB, source="docx")
case = parsed_cases(TRUTHS)


def test_fixtures_cover_both_eras():
    assert {load_truth(p)["meta"]["template"] for p in TRUTHS} == {"2019", "2021"}


def test_every_cell(case):
    truth, report = case
    assert_every_cell(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_findings(report, truth)


def test_meta_and_sections(case):
    truth, report = case
    meta = truth["meta"]
    assert_meta(report, truth, source="docx")
    assert_sections(report, truth)
    for number in (2, 3, 4):
        assert report.section(number).text == ""
    running_header = f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    assert all(running_header not in s.text for s in report.sections)  # page headers are not body text


def test_every_path_selects_its_cell(case):
    """``table[t]/row[r]/cell[c]`` is python-docx's ``tables[t-1].rows[r-1].cells[c-1]``."""
    truth, report = case
    word = docx.Document(str(WEB / truth["file"]))
    for record in report.cells():
        t, r, c = (int(part.split("[")[1].rstrip("]")) for part in record.path.split("/"))
        assert word.tables[t - 1].rows[r - 1].cells[c - 1].text == record.raw, record


def test_some_paths_exactly():
    report = govdisclose.parse(WEB / "word2021_merged.docx")
    assert report.cell("requests/new/total").path == "table[2]/row[4]/cell[10]"
    assert report.cell("active_disclosure/licensing/decisions").path == "table[1]/row[7]/cell[2]"
    assert report.cell("review_litigation/review/upheld").path == "table[3]/row[4]/cell[1]"
    document = load(WEB / "word2021_merged.docx")
    assert [(b.text, b.path) for b in document.blocks[:3]] == [
        ("南屏市卫生健康委员会", "paragraph[1]"), ("2024年政府信息公开工作年度报告", "paragraph[2]"),
        (document.blocks[2].text, "paragraph[3]")]


def test_title_line_break_splits_lines():
    document = load(WEB / "word2019_procurement.docx")
    assert [(b.text, b.path) for b in document.blocks[:2]] == [
        ("南屏市人民政府", "paragraph[1]"), ("2019年政府信息公开工作年度报告", "paragraph[1]")]


def test_word_list_numbers_are_rendered():
    """Headings numbered by a Word list (chineseCounting, "%1、") read as typed ones would."""
    path = WEB / "word2021_t3_broken.docx"
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert "一、总体情况" not in xml and ">总体情况<" in xml
    wanted = {"paragraph[4]", "paragraph[11]"}
    headings = [b.text for b in load(path).blocks if getattr(b, "path", None) in wanted]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况"]


def test_decimal_list_numbers_count_through_the_list(tmp_path):
    word = docx.Document()
    for text in ("属于国家秘密", "其他法律行政法规禁止公开"):
        word.add_paragraph(text, style="List Number")
    word.add_paragraph("正文")
    word.add_paragraph("重复申请", style="List Number")
    path = tmp_path / "n.docx"
    word.save(path)
    assert [b.text for b in load(path).blocks] == [
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "正文", "3.重复申请"]


def test_merged_cells_expanded(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "A"     # gridSpan 2 + vMerge over two rows
    table.cell(0, 2).merge(table.cell(0, 3)).text = "B"     # gridSpan 2
    table.cell(1, 2).text, table.cell(1, 3).text = "1", ""
    table.cell(2, 0).merge(table.cell(2, 1)).text = "C"
    table.cell(2, 2).text, table.cell(2, 3).text = "/", "2"
    path = tmp_path / "t.docx"
    word.save(path)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    (grid,) = [b for b in load(path).blocks if isinstance(b, Grid)]
    texts = [[None if c is None else c.text for c in row] for row in grid.rows]
    assert texts == [["A", None, "B", None], [None, None, "1", ""], ["C", None, "/", "2"]]
    assert grid.rows[1][2].path == "table[1]/row[2]/cell[3]"


def test_layout_table_is_read_as_paragraphs(tmp_path):
    word = docx.Document()
    outer = word.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "一、总体情况"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "行政许可", "12"
    path = tmp_path / "layout.docx"
    word.save(path)
    blocks = load(path).blocks
    assert [(type(b).__name__, getattr(b, "path", None)) for b in blocks] == [
        ("TextLine", "table[1]/row[1]/cell[1]/paragraph[1]"), ("Grid", None)]
    assert blocks[1].rows[0][1].path == "table[1]/row[1]/cell[1]/table[1]/row[1]/cell[2]"


# ---------------------------------------------------------------- errors

def _zip(path: Path, members: dict[str, str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "r.docx"
    path.write_text("一、总体情况", encoding="utf-8")
    with pytest.raises(CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: named .docx but the content is not a ZIP archive"


def test_docx_zip_without_document(tmp_path):
    path = _zip(tmp_path / "r.docx", {"word/styles.xml": "<x/>"})
    with pytest.raises(CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: named .docx but the ZIP archive holds no word/document.xml"


def test_docx_with_broken_package(tmp_path):
    path = _zip(tmp_path / "r.docx", {"word/document.xml": "<broken"})
    with pytest.raises(CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == (
        f"{path}: the Word document cannot be opened "
        "(KeyError: \"There is no item named '[Content_Types].xml' in the archive\")")


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _doc(tmp_path: Path, suffix: str = ".doc") -> Path:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(OLE2)
    return path


def _fake_soffice(folder: Path, script: str) -> None:
    folder.mkdir()
    tool = folder / "soffice"
    tool.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    tool.chmod(0o755)


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_without_libreoffice(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = _doc(tmp_path, suffix)
    with pytest.raises(MissingDependency) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == (f"{path}: reading .doc/.wps files needs LibreOffice (the soffice command) "
                                 "on PATH; install LibreOffice Writer or save the file as .docx")


COPY_DOCX = """\
echo "$@" > "$FAKE_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  shift
done
mkdir -p "$out" && cp "$FAKE_DOCX" "$out/input.docx"
"""


def test_doc_converted_by_libreoffice(tmp_path, monkeypatch):
    """A stand-in soffice on PATH: the command line it gets, and the DOCX it writes is parsed."""
    _fake_soffice(tmp_path / "bin", COPY_DOCX)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_DOCX", str(WEB / "word2021_merged.docx"))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "args.txt"))
    report = govdisclose.parse(_doc(tmp_path, ".wps"))
    assert report.meta.source == "docx" and report.meta.file_name == "report.wps"
    docx_report = govdisclose.parse(WEB / "word2021_merged.docx")
    assert report.cell("requests/new/total") == docx_report.cell("requests/new/total")
    args = (tmp_path / "args.txt").read_text(encoding="utf-8").split()
    assert args[:2] == ["--headless", "--norestore"] and args[3:5] == ["--convert-to", "docx"]
    assert args[2].startswith("-env:UserInstallation=file://") and args[-1].endswith("/input.wps")


def test_doc_conversion_fails(tmp_path, monkeypatch):
    _fake_soffice(tmp_path / "bin", 'echo "Error: source file could not be loaded" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    path = _doc(tmp_path)
    with pytest.raises(CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == (f"{path}: LibreOffice could not convert the file "
                                 "(exit 1: Error: source file could not be loaded)")


def test_doc_conversion_times_out(tmp_path, monkeypatch):
    _fake_soffice(tmp_path / "bin", "sleep 30\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setattr(docx_source, "SOFFICE_TIMEOUT", 0.5)
    path = _doc(tmp_path)
    with pytest.raises(ExtractionFailed) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: LibreOffice did not convert the file within 0.5 s"


# ---------------------------------------------------------------- regeneration

def test_regenerated_web_fixtures_match_committed(tmp_path):
    """HTML and truth byte for byte; DOCX part by part (fixed core properties and zip times)."""
    pytest.importorskip("reportlab")
    module = fixture_module("web")
    names = module.generate_all(tmp_path)
    assert len(names) >= 6
    assert_same_folder(tmp_path, WEB)
