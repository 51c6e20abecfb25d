"""Inspection: annotated page PNGs (pixels), the per-report HTML view and the index (in Chromium)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

import govdisclose
from govdisclose.cli import main
from govdisclose.errors import UnreadableInput, UnsupportedFormat
from govdisclose.export import report_json
from govdisclose.inspection import (
    FINDING_COLOUR,
    KIND_COLOURS,
    render_page,
    short_key,
    tint_on_white,
    write_index,
    write_report_view,
)
from govdisclose.model import AnnualReport, Finding

from .browser import load_page, render_dom, requires_chromium
from .conftest import FIXTURES, sample

RESOLUTION = 144
SCALE = RESOLUTION / 72
NAMES = ("t2021_t4_broken", "t2021_t3_1_broken", "t2021_blanks_and_na")


@pytest.fixture(scope="module")
def reports() -> dict[str, AnnualReport]:
    return {name: govdisclose.parse(FIXTURES / f"{name}.pdf") for name in NAMES}


def truth(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))


def truth_cell(name: str, path: str) -> dict:
    table, row, column = path.split("/")
    return next(c for c in truth(name)["cells"] if (c["table"], c["row"], c["column"]) == (table, row, column))


def pixel_box(report: AnnualReport, path: str) -> tuple[int, int, int, int]:
    """The cell's box in pixels, computed here from its PDF points (these fixtures have no CropBox offset)."""
    x0, top, x1, bottom = report.cell(path).bbox
    return round(x0 * SCALE), round(top * SCALE), round(x1 * SCALE), round(bottom * SCALE)


def dominant_colour(image, box, inset=5):
    x0, y0, x1, y1 = box
    region = image.crop((x0 + inset, y0 + inset, x1 - inset, y1 - inset))
    return max(region.getcolors(region.width * region.height))[1]


def close(colour, expected, tolerance=2):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


# --- PNG pixels ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "kind", "raw"), [
    ("requests/new/natural_person", "number", None),
    ("requests/carried_over/natural_person", "blank", ""),
    ("active_disclosure/rules/issued", "not_applicable", "/"),
])
def test_cell_box_has_the_colour_of_its_kind(reports, path, kind, raw):
    name = "t2021_blanks_and_na"
    expected = truth_cell(name, path)
    assert expected["kind"] == kind and (raw is None or expected["raw"] == raw)
    report = reports[name]
    image = report.to_image(report.cell(path).page, resolution=RESOLUTION)
    x0, y0, x1, y1 = pixel_box(report, path)
    assert close(dominant_colour(image, (x0, y0, x1, y1)), tint_on_white(kind))
    assert image.getpixel((x0 + 1, (y0 + y1) // 2)) == KIND_COLOURS[kind]  # the outline, inset 1 px
    assert image.getpixel(((x0 + x1) // 2, y1 - 1)) == KIND_COLOURS[kind]


def test_unreadable_cell_and_a_new_finding_are_drawn(reports):
    report = reports["t2021_blanks_and_na"].model_copy(deep=True)
    path = "requests/granted/natural_person"
    cell = report.cell(path)
    cell.kind, cell.value = "unreadable", None
    report.findings = [Finding(rule="UNREADABLE", severity="error", message="test", cells=[path])]
    image = render_page(report, cell.page, FIXTURES / "t2021_blanks_and_na.pdf", RESOLUTION).image
    x0, y0, x1, y1 = pixel_box(report, path)
    assert close(dominant_colour(image, (x0, y0, x1, y1)), tint_on_white("unreadable"))
    assert image.getpixel((x0 - 2, (y0 + y1) // 2)) == FINDING_COLOUR


@pytest.mark.parametrize(("name", "flagged", "not_flagged"), [
    ("t2021_t4_broken", "review_litigation/review/total", "review_litigation/litigation_direct/total"),
    ("t2021_t3_1_broken", "requests/new/natural_person", "requests/new/commercial_enterprise"),
])
def test_cell_a_finding_points_at_has_a_red_outline(reports, name, flagged, not_flagged):
    report = reports[name]
    assert flagged in truth(name)["findings"][0]["cells"]
    image = report.to_image(report.cell(flagged).page, resolution=RESOLUTION)
    x0, y0, x1, y1 = pixel_box(report, flagged)
    middle = (y0 + y1) // 2
    assert image.getpixel((x0 - 2, middle)) == FINDING_COLOUR
    assert image.getpixel(((x0 + x1) // 2, y1 + 2)) == FINDING_COLOUR
    assert close(dominant_colour(image, (x0, y0, x1, y1)), tint_on_white("number"))
    x0, y0, x1, y1 = pixel_box(report, not_flagged)
    assert image.getpixel((x1 + 2, (y0 + y1) // 2)) != FINDING_COLOUR


def test_boxes_follow_a_crop_box(tmp_path):
    """pdfplumber measures from the MediaBox, pdfium renders the CropBox: boxes shift by the offset."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(FIXTURES / "t2021_t4_broken.pdf")
    top = pdf[3].get_mediabox()[3]
    pdf[3].set_cropbox(20, 30, 575, 812)
    pdf.save(tmp_path / "cropped.pdf")
    pdf.close()
    report = govdisclose.parse(tmp_path / "cropped.pdf")
    image = report.to_image(4, resolution=RESOLUTION)
    assert image.size == (round(555 * SCALE), round(782 * SCALE))
    x0, y0, x1, y1 = report.cell("review_litigation/review/total").bbox
    x0, y0, x1, y1 = ((x0 - 20) * SCALE, (y0 - (top - 812)) * SCALE, (x1 - 20) * SCALE, (y1 - (top - 812)) * SCALE)
    assert image.getpixel((round(x0) - 2, round((y0 + y1) / 2))) == FINDING_COLOUR
    box = (round(x0), round(y0), round(x1), round(y1))
    assert close(dominant_colour(image, box), tint_on_white("number"))


def test_to_image_of_a_saved_report_needs_the_same_pdf(reports):
    report = reports["t2021_t4_broken"]
    saved = AnnualReport.model_validate_json(report_json(report))
    assert saved == report  # the recorded source path is not data
    with pytest.raises(UnreadableInput, match="pass the PDF"):
        saved.to_image(4)
    with pytest.raises(UnreadableInput, match="SHA-256 differs"):
        saved.to_image(4, source=FIXTURES / "t2021_basic.pdf")
    image = saved.to_image(4, source=FIXTURES / "t2021_t4_broken.pdf", resolution=72)
    assert image.size == (596, 842) and image.mode == "RGB"  # A4: 595.28 × 841.89 points


def test_to_image_names_the_real_problem_with_the_source(reports, tmp_path):
    """A PDF report given a file that is not a PDF says so; a report read from HTML says that."""
    not_pdf = tmp_path / "x.txt"
    not_pdf.write_text("纯文本", encoding="utf-8")
    with pytest.raises(UnsupportedFormat) as caught:
        reports["t2021_t4_broken"].to_image(4, source=not_pdf)
    assert str(caught.value) == (f"{not_pdf}: not a PDF; page images are drawn on the PDF this report "
                                 "was parsed from")
    html = FIXTURES / "web" / "web2021_utf8_chrome.html"
    with pytest.raises(UnsupportedFormat) as caught:
        govdisclose.parse(html).to_image(1)
    assert str(caught.value) == f"{html}: page images need a PDF; this report was read from html"


def test_short_key():
    assert short_key("requests/unavailable.not_held/natural_person") == "una.nh/np"
    assert short_key("review_litigation/review/total") == "rev/tot"
    assert short_key("active_disclosure/fees/amount_10k_yuan") == "fee/a1y"


# --- the HTML view ---------------------------------------------------------------------------------

def grid_text(dom, anchor: str) -> str:
    """The printed text of a grid cell (without its small key label)."""
    td = dom.get_element_by_id(anchor)
    return (td.find("a").text if td.find("a") is not None else td.text) or ""


@pytest.mark.slow
@requires_chromium
def test_report_view_loads_and_links_findings_to_cells(reports, tmp_path):
    name = "t2021_t4_broken"
    view = write_report_view(reports[name], tmp_path, "view")
    assert [p.name for p in view.images] == ["view-p3.png", "view-p4.png"]
    text, errors = load_page(view.html)
    assert errors == []
    dom = lxml.html.fromstring(text)
    for cell in truth(name)["cells"]:  # every printed value, in the cell with its key
        anchor = f"cell-{cell['table']}--{cell['row']}--{cell['column']}"
        assert grid_text(dom, anchor).replace("\u200b", "") == cell["raw"], anchor
    finding = dom.get_element_by_id("finding-1")
    assert finding.get("data-rule") == "T4-1"
    links = [a.get("href") for a in finding.iter("a")]
    assert links == [f"#cell-review_litigation--review--{c}" for c in ("total", "upheld", "corrected", "other",
                                                                        "pending")]
    total = dom.get_element_by_id("cell-review_litigation--review--total")
    assert "flag" in total.get("class") and total.get("data-rules") == "T4-1"
    assert "flag" not in dom.get_element_by_id("cell-review_litigation--litigation_direct--total").get("class")
    box = dom.get_element_by_id("box-review_litigation--review--total")  # its box on the page image
    assert box.get("href") == "#cell-review_litigation--review--total" and "flag" in box.get("class")
    assert dom.get_element_by_id("page-4").find(".//img").get("src") == "view-p4.png"


@pytest.mark.slow
@requires_chromium
def test_view_without_page_images_shows_the_grids(reports, tmp_path):
    report = reports["t2021_blanks_and_na"].model_copy(deep=True)
    report.meta.source = "text"
    for _, table in [("", report.tables.active_disclosure), ("", report.tables.requests)]:
        for columns in table.rows.values():
            for cell in columns.values():
                cell.page, cell.bbox = None, None
    view = write_report_view(report, tmp_path, "grids")
    assert view.images == [] and view.no_images_reason is None
    text, errors = load_page(view.html)
    assert errors == []
    dom = lxml.html.fromstring(text)
    assert not dom.find_class("pages") and not dom.find_class("note")
    na = dom.get_element_by_id("cell-active_disclosure--rules--issued")
    assert (grid_text(dom, na.get("id")), na.get("class")) == ("/", "k-not_applicable")
    blank = dom.get_element_by_id("cell-requests--carried_over--natural_person")
    assert blank.get("class") == "k-blank"


# --- the command and the index ---------------------------------------------------------------------

def build_convert_folder(reports: dict[str, AnnualReport], root: Path) -> Path:
    """A convert output folder as contracts.md §1 defines it, written by hand."""
    out = root / "converted"
    (out / "reports").mkdir(parents=True)
    lines = []
    for number, (name, report) in enumerate(reports.items()):
        source = root / f"{name}.pdf"
        if number < 2:  # the last report's PDF has gone: its view shows the grids only
            shutil.copy(FIXTURES / f"{name}.pdf", source)
        (out / "reports" / f"{report.report_id}.json").write_text(report_json(report), encoding="utf-8")
        kinds = Counter(record.kind for record in report.cells())
        lines.append({
            "report_id": report.report_id, "status": "ok", "paths": [str(source)], "file_name": source.name,
            "agency": report.meta.agency, "year": report.meta.year, "template": report.meta.template,
            "source": report.meta.source, "page_count": report.meta.page_count,
            "cells_by_kind": {k: kinds.get(k, 0) for k in KIND_COLOURS},
            "findings_by_severity": dict(Counter(f.severity for f in report.findings)),
            "findings_by_rule": dict(Counter(f.rule for f in report.findings)),
        })
    lines.append({"report_id": "0" * 64, "status": "ok", "paths": [], "file_name": "gone.pdf"})  # no JSON
    (out / "reports.jsonl").write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                                       encoding="utf-8")
    error = {"path": str(root / "broken.pdf"), "error": "CorruptDocument", "message": "the PDF cannot be opened"}
    (out / "errors.jsonl").write_text(json.dumps(error) + "\n", encoding="utf-8")
    return out


def visible_rows(dom) -> list[list[str]]:
    """(file, year, rules) of the index rows that are shown, in order."""
    rows = dom.get_element_by_id("reports").find("tbody").findall("tr")
    return [[row.find(f'td[@data-key="{key}"]').text_content() for key in ("file", "year", "rules")]
            for row in rows if row.get("hidden") is None]


@pytest.mark.slow
@requires_chromium
def test_index_of_a_convert_folder_sorts_and_filters(reports, tmp_path, capsys):
    out = build_convert_folder(reports, tmp_path)
    assert main(["inspect", str(out)]) == 0
    index = out / "inspect" / "index.html"
    assert capsys.readouterr().out.strip() == f"{index}  (3 reports, 2 with page images)"
    views = {r.report_id: out / "inspect" / f"{r.report_id}.html" for r in reports.values()}
    assert all(view.is_file() for view in views.values())
    assert len(list((out / "inspect").glob("*.png"))) == 5  # t4: pages 3-4, t3_1: pages 2-4
    assert ("Page images not available: none of the recorded input paths is still the PDF"
            in views[reports["t2021_blanks_and_na"].report_id].read_text("utf-8"))
    text, errors = load_page(index)
    assert errors == []
    dom = lxml.html.fromstring(text)
    assert visible_rows(dom) == [
        ["t2021_t4_broken.pdf", "2023", "T4-1×1"], ["t2021_t3_1_broken.pdf", "2022", "T3-1×2"],
        ["t2021_blanks_and_na.pdf", "2024", ""], ["gone.pdf", "", ""], ["broken.pdf", "", ""],
    ]
    links = [a.get("href") for a in dom.find_class("view")]
    assert links == [f"{r.report_id}.html" for r in reports.values()]
    assert dom.get_element_by_id("shown").text == "5 of 5 reports"
    statuses = [td.text for td in dom.xpath('//td[@data-key="status"]')]
    assert statuses == ["ok", "ok", "ok", "no report JSON", "CorruptDocument"]

    dom = lxml.html.fromstring(render_dom(index, fragment="rule=T4-1"))
    assert visible_rows(dom) == [["t2021_t4_broken.pdf", "2023", "T4-1×1"]]
    assert dom.get_element_by_id("shown").text == "1 of 5 reports"

    dom = lxml.html.fromstring(render_dom(index, fragment="rule=*&sort=year&order=desc"))
    assert [row[1] for row in visible_rows(dom)] == ["2023", "2022"]
    dom = lxml.html.fromstring(render_dom(index, fragment="sort=error&order=desc&q=blanks"))
    assert visible_rows(dom) == [["t2021_blanks_and_na.pdf", "2024", ""]]
    header = dom.xpath('//th[@data-key="error"]')[0]
    assert header.get("aria-sort") == "descending"


@pytest.mark.slow
@requires_chromium
def test_index_via_convert(tmp_path):
    convert = getattr(govdisclose, "convert", None)
    if convert is None:
        pytest.skip("govdisclose.convert is not available")
    archive = tmp_path / "reports.zip"  # a zip member's pages are drawn from the archive
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FIXTURES / "t2021_t4_broken.pdf", "2023/t2021_t4_broken.pdf")
    convert([archive], tmp_path / "out", jobs=1)
    result = write_index(tmp_path / "out")
    assert (len(result.views), result.with_images) == (1, 1)
    text, errors = load_page(result.index, fragment="rule=T4-1")
    assert errors == []
    assert visible_rows(lxml.html.fromstring(text)) == [["t2021_t4_broken.pdf", "2023", "T4-1×1"]]


def test_inspect_command_on_a_file_and_on_a_saved_report(tmp_path, capsys):
    pdf = FIXTURES / "t2021_t4_broken.pdf"
    assert main(["inspect", str(pdf), "-o", str(tmp_path / "a")]) == 0
    assert capsys.readouterr().out.strip() == f"{tmp_path / 'a' / 't2021_t4_broken.html'}  (2 page images)"
    saved = tmp_path / "t4.json"
    assert main(["parse", str(pdf), "-o", str(saved)]) == 0
    assert main(["inspect", str(saved), "-o", str(tmp_path / "b"), "--source", str(pdf)]) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["t4-p3.png", "t4-p4.png", "t4.html"]
    capsys.readouterr()
    assert main(["inspect", str(saved), "-o", str(tmp_path / "c")]) == 0  # no source: grids only
    assert "no page images" in capsys.readouterr().out
    assert main(["inspect", str(saved), "-o", str(tmp_path / "d"), "--source", str(FIXTURES / "t2021_basic.pdf")]) == 3
    assert "SHA-256 differs" in capsys.readouterr().err
    assert main(["inspect", str(tmp_path)]) == 3
    assert "no reports.jsonl" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["inspect", str(tmp_path / "bad.json"), "-o", str(tmp_path / "e")]) == 3
    assert "not a saved report JSON" in capsys.readouterr().err


@pytest.mark.slow
@requires_chromium
def test_real_report_view(tmp_path):
    view = write_report_view(govdisclose.parse(sample("huaian-2024.pdf")), tmp_path, "huaian", strict=True)
    assert [p.name for p in view.images] == ["huaian-p3.png", "huaian-p4.png", "huaian-p5.png"]
    text, errors = load_page(view.html)
    assert errors == []
    assert grid_text(lxml.html.fromstring(text), "cell-requests--new--total") == "3119"
