"""Limits and broken inputs (issue 8): ``parse(path, limits=...)``, the CLI's limit options and
``convert`` passing its limits to the helper processes.

Every case asserts the exact error type, the exact one-line message and the CLI exit code; the
files that must still parse are compared cell by cell with the intact fixture's truth file.
Inputs are built here from ``fixtures/generated/t2021_basic.pdf`` (4 pages) in a few seconds.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

import govdisclose
from govdisclose import Limits
from govdisclose.batch import outputs, worker
from govdisclose.cli import main as cli_main
from govdisclose.limits import Deadline
from govdisclose.sources import load, pdf_text

from .conftest import FIXTURES, fixture_module

GOOD = FIXTURES / "t2021_basic.pdf"
TRUTH = json.loads((FIXTURES / "t2021_basic.truth.json").read_text(encoding="utf-8"))
WORD = FIXTURES / "web" / "word2021_merged.docx"
# Billion laughs: ten levels of ten references, 10^9 "lol"s if expanded.
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
    for level in range(1, 10))


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_error(path: Path, error_class: type, message: str, capsys, *options: str,
                 limits: Limits | None = None) -> None:
    """The API raises exactly ``error_class(message)``; the CLI prints it as one line, exit 3 or 4."""
    with pytest.raises(govdisclose.GovDiscloseError) as raised:
        govdisclose.parse(path, limits=limits)
    assert type(raised.value) is error_class
    assert str(raised.value) == f"{path}: {message}"
    code, out, err = run_cli(["parse", str(path), *options], capsys)
    line = f"govdisclose: {error_class.__name__}: {path}: {message}\n"
    assert (code, out, err) == (error_class.exit_code, "", line)


def cells(report: govdisclose.AnnualReport) -> list[tuple]:
    return [(c.table, c.row, c.column, c.value, c.kind, c.raw) for c in report.cells()]


TRUTH_CELLS = [(c["table"], c["row"], c["column"], c["value"], c["kind"], c["raw"]) for c in TRUTH["cells"]]


def assert_parses_like_the_original(path: Path) -> None:
    report = govdisclose.parse(path)
    assert sorted(cells(report)) == sorted(TRUTH_CELLS)
    assert [f.rule for f in report.findings] == [f["rule"] for f in TRUTH["findings"]] == []
    assert (report.meta.title, report.meta.agency, report.meta.year, report.meta.page_count) == (
        TRUTH["meta"]["title"], TRUTH["meta"]["agency"], TRUTH["meta"]["year"], TRUTH["meta"]["page_count"])
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


# --------------------------------------------------------------------------- inputs built once


def _load_generator():
    return fixture_module("generate")


def render_encrypted(path: Path, user_password: str) -> Path:
    """t2021_basic drawn again by the fixture generator, encrypted (RC4 128-bit, owner password set)."""
    pdfencrypt = pytest.importorskip("reportlab.lib.pdfencrypt")
    generate = _load_generator()
    import pdf_layout  # on sys.path once the generator is loaded

    fixture = next(f for f in generate.FIXTURES if f.name == "t2021_basic")
    built = generate.build(fixture)
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", canCopy=0, strength=128)
    original = pdf_layout.rl_canvas.Canvas
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_layout.rl_canvas, "Canvas",
                      lambda *args, **kwargs: original(*args, encrypt=encryption, **kwargs))
        info = pdf_layout.DocInfo(title=built.text.title, author=generate.AGENCIES[fixture.agency].office)
        pdf_layout.render(built.layout, str(path), info, generate.decorations(built.text, built.options))
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    document.save(str(path))
    document.close()
    return path


def word_with(path: Path, document_xml) -> Path:
    """The DOCX fixture with ``word/document.xml`` changed by ``document_xml(text) -> text``."""
    packed = io.BytesIO()
    with zipfile.ZipFile(WORD) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                data = document_xml(data.decode("utf-8")).encode("utf-8")
            target.writestr(entry, data)
    path.write_bytes(packed.getvalue())
    return path


def _laughing_word(text: str) -> str:
    declaration_end = text.index("?>") + 2
    text = f"{text[:declaration_end]}<!DOCTYPE w:document [{LAUGHS}]>{text[declaration_end:]}"
    return re.sub(r"(<w:t(?: [^>]*)?>)", r"\1&lol9;", text, count=1)


def _padded_word(text: str) -> str:
    """Two MB of spaces inside the body: packs about 1000:1, a zip bomb's signature."""
    return text.replace("<w:body>", "<w:body>" + " " * (2 * 2**20), 1)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("limits")
    data = GOOD.read_bytes()
    files = {}

    def write(name: str, content: bytes) -> None:
        files[name] = folder / name
        files[name].write_bytes(content)

    write("empty.pdf", b"")
    write("empty.html", b"")
    write("error_page.pdf", "<!DOCTYPE html>\n<html><head><title>404 页面不存在</title></head>"
                            "<body><h1>页面不存在</h1></body></html>".encode())
    write("truncated.pdf", data[:int(len(data) * 0.6)])
    start = re.search(rb"startxref\s+(\d+)", data)
    write("bad_startxref.pdf", data[:start.start(1)] + b"12345" + data[start.end(1):])
    table = data.rindex(b"\nxref\n")
    trailer = data.index(b"trailer", table)
    wrong_offsets = re.sub(rb"\d{10} 00000 n", b"0000000999 00000 n", data[table:trailer])
    write("bad_offsets.pdf", data[:table] + wrong_offsets + data[trailer:])  # startxref intact
    write("laughs.html", f"<!DOCTYPE html [{LAUGHS}]>\n<html><body><p>&lol9;</p></body></html>".encode())
    files["owner_only.pdf"] = render_encrypted(folder / "owner_only.pdf", "")
    files["user_password.pdf"] = render_encrypted(folder / "user_password.pdf", "secret")
    files["pages_2000.pdf"] = blank_pdf(folder / "pages_2000.pdf", 2000)
    pages = blank_pdf(folder / "pages_600.pdf", 600).read_bytes()
    assert pages.count(b"/Count 600") == 1
    write("count_lies.pdf", pages.replace(b"/Count 600", b"/Count 1  "))  # the page tree says 1
    files["laughs.docx"] = word_with(folder / "laughs.docx", _laughing_word)
    files["zip_bomb.docx"] = word_with(folder / "zip_bomb.docx", _padded_word)
    return files


# --------------------------------------------------------------------------- typed errors


@pytest.mark.parametrize("name", ["empty.pdf", "empty.html"])
def test_zero_byte_file_is_empty(name, inputs, capsys):
    assert_error(inputs[name], govdisclose.CorruptDocument, "the file is empty", capsys)


def test_html_saved_as_pdf(inputs, capsys):
    assert_error(inputs["error_page.pdf"], govdisclose.CorruptDocument,
                 "named .pdf but holds an HTML page, not a PDF (a saved error page?)", capsys)


def test_file_size_is_checked_before_reading(inputs, capsys, monkeypatch):
    size = GOOD.stat().st_size
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    assert_error(GOOD, govdisclose.TooLarge, f"{size} bytes, more than the limit of 52428", capsys,
                 "--max-file-mb", "0.05", limits=Limits(max_file_bytes=52428))


def test_page_count_is_checked_before_any_page_is_read(inputs, capsys, monkeypatch):
    monkeypatch.setattr(pdf_text, "route_page", lambda page, number: pytest.fail(f"page {number} was read"))
    started = time.monotonic()
    assert_error(inputs["pages_2000.pdf"], govdisclose.TooLarge, "2000 pages, more than the limit of 500",
                 capsys)
    assert time.monotonic() - started < 5  # measured 0.1 s (two parses, imports done)
    assert_error(GOOD, govdisclose.TooLarge, "4 pages, more than the limit of 3", capsys, "--max-pages", "3",
                 limits=Limits(max_pages=3))
    assert_error(inputs["count_lies.pdf"], govdisclose.TooLarge, "more pages than the limit of 500", capsys)


def test_truncated_pdf_is_corrupt_and_says_it_is_cut_short(inputs, capsys):
    # Measured: pdfplumber (pdfminer) and pdfium open none of t2021_basic or the Huai'an sample cut
    # at 30-99 %, so there are no pages to keep: CorruptDocument, not a TRUNCATED finding.
    assert_error(inputs["truncated.pdf"], govdisclose.CorruptDocument,
                 "the PDF is cut short (it has no end-of-file marker) and cannot be read", capsys)


def test_user_password_is_encrypted(inputs, capsys):
    assert_error(inputs["user_password.pdf"], govdisclose.EncryptedDocument,
                 "the PDF is encrypted: a password is needed to open it", capsys)


def test_html_entity_bomb_is_not_expanded(inputs, capsys):
    started = time.monotonic()
    with pytest.raises(govdisclose.NotAnnualReport) as raised:  # its message is the recogniser's
        govdisclose.parse(inputs["laughs.html"])
    assert time.monotonic() - started < 5  # measured 0.01 s
    code, out, err = run_cli(["parse", str(inputs["laughs.html"])], capsys)
    assert (code, out, err) == (4, "", f"govdisclose: NotAnnualReport: {raised.value}\n")
    assert "lol" not in str(raised.value)
    document = load(inputs["laughs.html"])
    assert [block.text for block in document.blocks] == ["]>", "&lol9;"]  # the reference stays text


def test_word_entity_bomb_is_refused_before_parsing(inputs, capsys):
    started = time.monotonic()
    assert_error(inputs["laughs.docx"], govdisclose.CorruptDocument,
                 "word/document.xml declares a DOCTYPE, which Word files never do (an entity bomb?)", capsys)
    assert time.monotonic() - started < 5  # measured 0.1 s


def test_word_zip_bomb_is_refused_before_unpacking(inputs, capsys):
    part = zipfile.ZipFile(inputs["zip_bomb.docx"]).getinfo("word/document.xml")
    ratio = part.file_size / part.compress_size
    assert ratio > 100
    assert_error(inputs["zip_bomb.docx"], govdisclose.TooLarge,
                 f"word/document.xml is packed {ratio:.0f}:1, more than the limit of 100:1", capsys)


def test_tiny_timeout_stops_a_real_report(capsys):
    assert_error(GOOD, govdisclose.Timeout, "parsing took longer than the limit of 1e-06 s", capsys,
                 "--timeout", "0.000001", limits=Limits(max_seconds=0.000001))


def test_deadline_is_checked_before_each_page():
    checked = []

    class CountingDeadline(Deadline):
        def check(self) -> None:
            checked.append(len(checked) + 1)

    document = pdf_text.read_pdf(GOOD, deadline=CountingDeadline(Limits()))
    assert checked == [1, 2, 3, 4] and document.page_count == 4


def test_limits_must_be_positive(capsys):
    for option in ("--max-pages", "--max-file-mb", "--timeout"):
        code, out, err = run_cli(["parse", str(GOOD), option, "0"], capsys)
        assert (code, out) == (2, "")
        assert err == "govdisclose parse: --max-pages, --max-file-mb and --timeout must be positive\n"


# --------------------------------------------------------------------------- still parses


@pytest.mark.parametrize("name", ["bad_startxref.pdf", "bad_offsets.pdf", "owner_only.pdf"])
def test_broken_xref_and_owner_password_parse_like_the_original(name, inputs):
    assert_parses_like_the_original(inputs[name])


def test_pdfminer_is_asked_only_about_files_pdfium_repaired_or_counts_otherwise(inputs, monkeypatch):
    """pdfium reads the file; pdfminer's page-tree check (``_pdfminer_check``) runs only where it
    could answer otherwise: a cross-reference table pdfium rebuilt, more pages than the limit, or
    more page dictionaries than pdfium's page count (``_needs_pdfminer_check``)."""
    asked = []
    check = pdf_text._pdfminer_check
    monkeypatch.setattr(pdf_text, "_pdfminer_check", lambda path, *rest: asked.append(path.name) or check(path, *rest))
    for name in ("bad_startxref.pdf", "bad_offsets.pdf", "owner_only.pdf"):
        govdisclose.parse(inputs[name])
    govdisclose.parse(GOOD)
    for name in ("pages_2000.pdf", "count_lies.pdf"):
        with pytest.raises(govdisclose.TooLarge):
            govdisclose.parse(inputs[name])
    assert asked == ["bad_startxref.pdf", "bad_offsets.pdf", "pages_2000.pdf", "count_lies.pdf"]


def test_bad_offsets_alone_are_unreadable_to_pdfminer(inputs):
    """Why ``read_pdf`` reads again with ``startxref`` pointing nowhere: pdfminer trusts the table."""
    import pdfplumber

    with pdfplumber.open(inputs["bad_offsets.pdf"]) as pdf:
        assert len(pdf.pages) == 0


# --------------------------------------------------------------------------- convert


def test_worker_passes_limits_only_to_parsers_that_take_them(tmp_path):
    seen = []

    def path_only(path):
        seen.append(path)
        raise govdisclose.NotAnnualReport("not one")

    def with_limits(path, *, limits=None):
        seen.append((path, limits))
        raise govdisclose.NotAnnualReport("not one")

    request = {"location": "a.pdf", "file_name": "a.pdf", "limits": {"max_pages": 7}}
    for parse in (path_only, with_limits):
        answer = worker.convert_one(parse, request)
        assert (answer["status"], answer["error"], answer["message"]) == (
            "error", "NotAnnualReport", "not one")
    assert seen == ["a.pdf", ("a.pdf", Limits(max_pages=7))]
    assert worker.takes_limits(govdisclose.parse) and not worker.takes_limits(path_only)
    assert worker.kill_grace(300) == 30 and worker.kill_grace(15) == 5


def test_convert_passes_limits_and_timeout_to_the_workers(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "report.pdf").write_bytes(GOOD.read_bytes())
    (inputs / "empty.pdf").write_bytes(b"")
    page = ("<!DOCTYPE html>\n<html><head><title>404 页面不存在</title></head>"
            "<body><p>页面不存在</p></body></html>")
    for name in ("error_page.html", "error_page.pdf"):  # the same bytes; each name gets its own answer
        (inputs / name).write_text(page, encoding="utf-8")
    code, out, _ = run_cli(["convert", str(inputs), "-o", str(tmp_path / "pages"), "--jobs", "1",
                            "--progress", "none", "--max-pages", "3"], capsys)
    assert code == 0
    errors = [json.loads(line) for line in (tmp_path / "pages" / outputs.ERRORS).read_text().splitlines()]
    answers = {Path(e["path"]).name: (e["error"], e["message"]) for e in errors}
    assert answers.pop("error_page.html")[0] == "NotAnnualReport"  # its message is the recogniser's
    assert answers == {
        "report.pdf": ("TooLarge", "4 pages, more than the limit of 3"),
        "empty.pdf": ("CorruptDocument", "the file is empty"),
        "error_page.pdf": ("CorruptDocument",
                           "named .pdf but holds an HTML page, not a PDF (a saved error page?)"),
    }
    summary = govdisclose.convert([inputs / "report.pdf"], tmp_path / "time", jobs=1, timeout=0.000001)
    errors = [json.loads(line) for line in (tmp_path / "time" / outputs.ERRORS).read_text().splitlines()]
    # The parse stopped itself (its own message; the kill 5 s later says "... and was stopped").
    assert [(e["error"], e["message"]) for e in errors] == [
        ("Timeout", "parsing took longer than the limit of 1e-06 s")]
    assert (summary.failed, summary.reports) == (1, 0)
