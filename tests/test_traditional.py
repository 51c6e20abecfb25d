"""Reports in traditional characters (繁體) parse like their simplified originals: every cell (raw as
printed), year, template, the six sections, the truth's findings plus one TRADITIONAL finding.

The traditional inputs are built here from the generated fixtures with OpenCC's s2t: text dumps
and an HTML page converted as text, a PDF laid out again by the fixture generator with its strings
converted, a legacy dump.
"""

from __future__ import annotations

import copy
import sys

import opencc
import pytest

import govdisclose
from govdisclose.catalogue.sections import SECTIONS
from govdisclose.catalogue.traditional_only import TRADITIONAL_ONLY, TRADITIONAL_ONLY_TEXT, computed
from govdisclose.document import Document, Grid, Span, TextLine
from govdisclose.normalize import traditional_share
from govdisclose.recognise.script import TRADITIONAL_SHARE, read_script

from .conftest import FIXTURES, fixture_module
from .truth import assert_every_cell, assert_findings, assert_meta, assert_sections, load_truth

TO_TRADITIONAL = opencc.OpenCC("s2t").convert
DUMPS = FIXTURES / "dumps"
DUMP_NAMES = sorted(p.name.removesuffix(".truth.json") for p in DUMPS.glob("*.truth.json"))
FLAT_DUMPS = ["crawler2019_flat", "crawler2021_flat"]  # the body printed on one line
BODY_MARKER = "==================== 正文 ===================="
PDF_NAME = "t2019_data2020_procurement_10k"  # prints amounts as 840.5534万元: a raw with Han


def traditional_truth(truth: dict) -> dict:
    """The truth of the traditional version: every cell's raw as printed there (numbers unchanged)."""
    truth = copy.deepcopy(truth)
    for cell in truth["cells"]:
        cell["raw"] = TO_TRADITIONAL(cell["raw"])
    return truth


def assert_traditional_finding(report) -> None:
    notes = [f for f in report.findings if f.rule == "TRADITIONAL"]
    assert len(notes) == 1 and notes[0].severity == "info" and notes[0].cells == []
    assert notes[0].message.startswith("the text is in traditional characters (")
    assert notes[0].message.endswith("of Han characters) and was converted to simplified before recognition; "
                                     "cell raw text is kept as printed")
    report.findings.remove(notes[0])  # the rest must be the simplified original's findings


def traditional_dump(text: str) -> str:
    """A text dump in traditional characters. A crawler dump's header field names (标题:, 发布时间:)
    are the crawler's own words and stay; their values and the body are the page's and convert."""
    head, marker, body = text.partition(BODY_MARKER)
    if not marker:
        return TO_TRADITIONAL(text)
    fields = []
    for line in head.splitlines(keepends=True):
        name, colon, value = line.partition(":")
        fields.append(name + colon + TO_TRADITIONAL(value))
    return "".join(fields) + marker + TO_TRADITIONAL(body)


def _parse_traditional_dump(name: str, folder) -> tuple[dict, object]:
    truth = load_truth(DUMPS / f"{name}.truth.json")
    text = (DUMPS / truth["file"]).read_text(encoding="utf-8")
    path = folder / truth["file"]
    path.write_text(traditional_dump(text), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    return truth, govdisclose.parse(path)


def _assert_dump(truth: dict, report) -> None:
    assert_traditional_finding(report)
    assert_meta(report, truth, source="text")
    assert_sections(report, truth)
    assert [s.canonical_heading for s in report.sections] == [s.canonical for s in SECTIONS]
    assert_every_cell(report, traditional_truth(truth), unreadable=truth["expected_unreadable"])
    assert_findings(report, truth, with_values=False)


@pytest.mark.parametrize("name", [name for name in DUMP_NAMES if name not in FLAT_DUMPS])
def test_dump_cells_meta_sections_and_findings(name, tmp_path):
    _assert_dump(*_parse_traditional_dump(name, tmp_path))


@pytest.mark.parametrize("name", FLAT_DUMPS)
def test_flat_crawler_dump(name, tmp_path):
    _assert_dump(*_parse_traditional_dump(name, tmp_path))


def test_raw_keeps_the_traditional_print(tmp_path):
    truth, report = _parse_traditional_dump("layout2019", tmp_path)
    printed = sorted(r.raw for r in report.cells() if "萬元" in r.raw)
    assert printed == sorted(TO_TRADITIONAL(c["raw"]) for c in truth["cells"] if "万元" in c["raw"])
    assert printed == ["2387.4782萬元"] and not any("万元" in r.raw for r in report.cells())



def _traditional_op(op: tuple) -> tuple:
    if op[0] in ("text", "text_c"):
        return (*op[:3], TO_TRADITIONAL(op[3]), *op[4:])
    if op[0] == "text_spread":
        return (*op[:3], tuple(TO_TRADITIONAL(token) for token in op[3]), *op[4:])
    return op


@pytest.fixture(scope="module")
def pdf_case(tmp_path_factory):
    """The fixture PDF laid out by the generator again, each drawn string in traditional characters."""
    pytest.importorskip("reportlab")
    generate = fixture_module("generate")
    pdf_layout = sys.modules["pdf_layout"]
    built = generate.build(next(f for f in generate.FIXTURES if f.name == PDF_NAME))
    for page in built.layout.pages:
        page.ops[:] = [_traditional_op(op) for op in page.ops]
    decorations = generate.decorations(built.text, built.options)
    if decorations.running_header:
        decorations.running_header = TO_TRADITIONAL(decorations.running_header)
    info = generate.DocInfo(title=TO_TRADITIONAL(built.text.title),
                            author=generate.AGENCIES[built.fixture.agency].office)
    path = tmp_path_factory.mktemp("traditional_pdf") / f"{PDF_NAME}.pdf"
    pdf_layout.render(built.layout, str(path), info, decorations)
    return load_truth(FIXTURES / f"{PDF_NAME}.truth.json"), govdisclose.parse(path)


def test_pdf_every_cell_as_printed(pdf_case):
    truth, report = pdf_case
    assert_traditional_finding(report)
    assert_meta(report, truth, source="pdf_text")
    assert_sections(report, truth)
    assert_every_cell(report, traditional_truth(truth))
    assert_findings(report, truth)
    amounts = [r.raw for r in report.cells() if r.raw.endswith("萬元")]
    assert amounts == [TO_TRADITIONAL(c["raw"]) for c in truth["cells"] if c["raw"].endswith("万元")]
    assert amounts, "the fixture prints amounts in 万元"


def test_html_page(tmp_path):
    truth = load_truth(FIXTURES / "web" / "web2021_utf8_chrome.truth.json")
    page = (FIXTURES / "web" / truth["file"]).read_text(encoding="utf-8")
    path = tmp_path / truth["file"]
    path.write_text(TO_TRADITIONAL(page), encoding="utf-8")
    report = govdisclose.parse(path)
    assert_traditional_finding(report)
    # sources/html.py picks the body, the title line and 发布时间/发布机构 in the chrome with simplified
    # words before conversion: the title and those stay unread (/work/notes/requests-recognise.md #2)
    read_before = ("title", "published", "publisher")
    meta = {key: value for key, value in truth["meta"].items() if key not in read_before}
    assert_meta(report, {"meta": meta}, source="html")
    assert_sections(report, truth)
    assert_every_cell(report, traditional_truth(truth))
    assert_findings(report, truth)


def test_legacy_dump(tmp_path):
    legacy = FIXTURES / "legacy"
    truth = load_truth(legacy / "legacy2013_dump.truth.json")
    path = tmp_path / truth["file"]
    path.write_text(traditional_dump((legacy / truth["file"]).read_text(encoding="utf-8")), encoding="utf-8")
    report = govdisclose.parse(path)
    assert_traditional_finding(report)
    assert (report.meta.title, report.meta.agency, report.meta.year, report.meta.template) == (
        truth["meta"]["title"], truth["meta"]["agency"], truth["meta"]["year"], "legacy")
    sections = [{"number": s.number, "heading": s.heading, "kind": s.kind} for s in report.sections]
    assert sections == truth["sections"]
    records = [{"row": r.row, "column": r.column, "value": r.value, "kind": r.kind, "raw": r.raw,
                "unit": r.unit, "row_label": r.row_label} for r in report.cells()]
    assert records == truth["records"]
    facts = [{"indicator": f.indicator, "value": f.value, "section": f.section} for f in report.facts]
    assert facts == truth["facts"]
    assert [f.rule for f in report.findings] == truth["finding_rules"]


# ------------------------------------------------------------------------------ detection

def _document(*texts: str, cells: tuple[str, ...] = ()) -> Document:
    blocks: list = [TextLine(text, words=[Span(text)]) for text in texts]
    if cells:
        blocks.append(Grid(rows=[[Span(cell) for cell in cells]]))
    return Document(source="text", blocks=blocks, info={"title": texts[0]})


def test_simplified_document_is_left_alone():
    document = _document("云溪市人民政府2024年政府信息公开工作年度报告", "一、总体情况",
                         "全年主动公开政府信息1234条。")
    reading = read_script(document)
    assert (reading.converted, reading.share, reading.printed) == (False, 0.0, {})
    assert reading.document is document


def test_a_few_traditional_names_in_simplified_text_do_not_convert():
    text = "本机关收到香港某某資訊科技有限公司的申请，已依法答复。" + "全年主动公开政府信息一千余条，" * 20
    reading = read_script(_document(text))
    assert not reading.converted


def test_traditional_document_converts_every_text_and_keeps_the_printed_forms():
    document = _document("雲溪市人民政府2024年政府信息公開工作年度報告", "一、總體情況",
                         cells=("收費金額（萬元）", "96.5萬元", "/"))
    reading = read_script(document)
    assert reading.converted and reading.share >= TRADITIONAL_SHARE
    lines = reading.document.lines()
    assert [line.text for line in lines] == ["云溪市人民政府2024年政府信息公开工作年度报告", "一、总体情况"]
    assert [word.text for word in lines[0].words] == ["云溪市人民政府2024年政府信息公开工作年度报告"]
    grid = reading.document.blocks[-1]
    assert [cell.text for cell in grid.rows[0]] == ["收费金额（万元）", "96.5万元", "/"]
    assert reading.document.info["title"] == "云溪市人民政府2024年政府信息公开工作年度报告"
    assert reading.printed["万"] == "萬" and reading.printed["总"] == "總"
    assert document.blocks[0].text.startswith("雲溪市")  # the original is not modified


def test_a_character_printed_in_both_forms_is_not_restored():
    document = _document("政府信息公開工作年度報告總體情況", "本年收費金額万元", cells=("12萬元",))
    assert "万" not in read_script(document).printed


def test_split_as_simplified_splits_a_traditional_flat_body_like_its_original():
    """What sources/text.py does with a traditional one-line body: pieces at the simplified split's offsets, in
    the printed characters; splitting the traditional text directly misses the table rows."""
    from govdisclose.normalize import split_as_simplified, to_simplified
    from govdisclose.sources.flat_text import split_flat_text

    body = (DUMPS / "crawler2021_flat.txt").read_text(encoding="utf-8").partition(BODY_MARKER)[2].strip()
    simplified = split_flat_text(body)
    printed = split_as_simplified(split_flat_text, TO_TRADITIONAL(body))
    assert len(simplified) > 50 and len(split_flat_text(TO_TRADITIONAL(body))) < len(simplified) - 10
    assert [offset for offset, _ in printed] == [offset for offset, _ in simplified]
    assert [to_simplified(piece) for _, piece in printed] == [piece for _, piece in simplified]
    assert [piece for _, piece in printed] == [TO_TRADITIONAL(piece) for _, piece in simplified]
    assert split_as_simplified(split_flat_text, body) == simplified  # simplified text: split as is


def test_the_traditional_only_characters_are_those_the_installed_opencc_changes():
    """``catalogue/traditional_only.py`` is data taken from OpenCC: regenerate it when this fails
    (``python -m govdisclose.catalogue.traditional_only``)."""
    installed = computed()
    assert sorted(set(installed) ^ TRADITIONAL_ONLY) == []  # a short message, not a diff of 5,000 characters
    assert installed == TRADITIONAL_ONLY_TEXT
    assert {"國", "頁", "說", "乾"} <= TRADITIONAL_ONLY and not {"国", "页", "说", "后"} & TRADITIONAL_ONLY
    assert traditional_share("中華人民共和國 国") == (2, 8)
