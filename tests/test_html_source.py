"""HTML pages: every cell of the generated web fixtures, chrome, encodings, merged cells, errors."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

import govdisclose
from govdisclose.document import Grid, TextLine
from govdisclose.errors import CorruptDocument, ExtractionFailed
from govdisclose.sources import detect_format, load
from govdisclose.sources.html import PARSER, decode_html, grid_of

from .conftest import FIXTURES
from .truth import (
    assert_every_cell,
    assert_findings,
    assert_meta,
    assert_sections,
    load_truth,
    parsed_cases,
    report_cells,
    truth_files,
)

WEB = FIXTURES / "web"
TRUTHS = truth_files(WEB, source="html")
case = parsed_cases(TRUTHS)


def test_fixtures_cover_both_eras_and_encodings():
    truths = [load_truth(p) for p in TRUTHS]
    assert {t["meta"]["template"] for t in truths} == {"2019", "2021"}
    assert {t["encoding"] for t in truths} == {"utf-8", "gbk", "gb2312"}
    assert {Path(t["file"]).suffix for t in truths} == {".html", ".htm", ".shtml"}


def test_every_cell(case):
    truth, report = case
    assert_every_cell(report, truth)


def test_findings_exactly(case):
    truth, report = case
    assert_findings(report, truth)


def test_meta(case):
    truth, report = case
    assert truth["meta"]["page_count"] is None
    assert_meta(report, truth, source="html")


def test_sections_without_chrome(case):
    truth, report = case
    assert_sections(report, truth)
    for number in (1, 5, 6):
        assert report.section(number).text.strip()
    for number in (2, 3, 4):
        assert report.section(number).text == ""  # tables only
    text = "".join(s.text for s in report.sections)
    for chrome in ("首页", "当前位置", "您的位置", "打印", "关闭窗口", "相关链接", "主办单位", "备案号",
                   "移动版", "统计代码"):
        assert chrome not in text


def test_every_path_selects_its_cell(case):
    """Each value's path is an XPath that finds the printed cell in the page."""
    truth, report = case
    text, _ = decode_html((WEB / truth["file"]).read_bytes())
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=PARSER)
    for record in report.cells():
        (element,) = root.getroottree().xpath(record.path)
        assert element.tag == "td"
        assert " ".join(element.text_content().replace("\xa0", " ").split()) == record.raw, record


def test_some_paths_exactly():
    report = govdisclose.parse(WEB / "web2021_utf8_chrome.html")
    content = "/html/body/div[2]/div[2]/div[2]"
    assert report.cell("requests/new/total").path == f"{content}/table[2]/tr[4]/td[8]"
    assert report.cell("active_disclosure/licensing/decisions").path == f"{content}/table[1]/tr[7]/td[2]"
    after_review = report.cell("review_litigation/litigation_after_review/total")
    assert after_review.path == f"{content}/table[3]/tr[4]/td[15]"
    old = govdisclose.parse(WEB / "web2019_gbk_layout.htm")
    assert old.cell("requests/new/total").path == \
        "/html/body/table/tr[2]/td/table/tr/td[2]/table/tr[3]/td/table[2]/tr[4]/td[8]"


def test_blank_nbsp_and_slash_cells():
    report = govdisclose.parse(WEB / "web2021_utf8_chrome.html")
    rules = report.tables.active_disclosure.rows["rules"]
    assert {(c.kind, c.raw, c.value) for c in rules.values()} == {("not_applicable", "/", None)}
    blanks = [r for r in report.cells() if r.kind == "blank"]
    assert blanks and all(r.raw == "" and r.value is None and r.table == "requests" for r in blanks)
    assert "&nbsp;" in (WEB / "web2021_utf8_chrome.html").read_text(encoding="utf-8")


def test_layout_tables_are_not_grids():
    document = load(WEB / "web2019_gbk_layout.htm")
    grids = [b for b in document.blocks if isinstance(b, Grid)]
    assert len(grids) == 3  # tables 二, 三, 四; the page's layout tables were read as blocks
    assert document.info["encoding"] == "gb18030"
    first = [b.text for b in document.blocks[:2]]
    assert first == ["云溪市东湖区人民政府", "2020年政府信息公开工作年度报告"]  # the breadcrumb is chrome
    assert all(isinstance(b, (TextLine, Grid)) for b in document.blocks)


def test_title_outside_the_body_and_lines_have_paths():
    document = load(WEB / "web2021_utf8_chrome.html")
    title = document.blocks[0]
    assert title.text == "云溪市人民政府2023年政府信息公开工作年度报告"
    assert title.path == "/html/body/div[2]/div[2]/h1"
    assert document.blocks[1].path == "/html/body/div[2]/div[2]/div[2]/p[1]"
    assert document.info["url"] == "http://www.yunxi.gov.cn/zwgk/nb/202401/t20240118_88231.html"


def test_rowspan_colspan_expansion():
    root = lxml.html.fragment_fromstring(
        "<table><tr><td rowspan='2' colspan='2'>A</td><td>B</td></tr>"
        "<tr><td>&nbsp;</td></tr>"
        "<tr><td>C</td><td colspan='0'>D</td><td rowspan='0'>E</td></tr><tr><td>F</td></tr></table>",
        parser=PARSER)
    grid = grid_of(root, root.getroottree())
    texts = [[None if c is None else c.text for c in row] for row in grid.rows]
    assert texts == [["A", None, "B"], [None, None, ""], ["C", "D", "E"], ["F", None, None]]
    assert grid.rows[2][1].path == "/html/body/table/tr[3]/td[2]"


# ---------------------------------------------------------------- encodings

GBK_PAGE = "<html><body><p>二、主动公开政府信息情况（单位：件）</p></body></html>"


@pytest.mark.parametrize(("data", "encoding"), [
    (b"\xef\xbb\xbf" + GBK_PAGE.encode("utf-8"), "utf-8"),
    (b"\xff\xfe" + GBK_PAGE.encode("utf-16-le"), "utf-16-le"),
    (GBK_PAGE.encode("utf-8"), "utf-8"),
    (GBK_PAGE.encode("gbk"), "gb18030"),
    (GBK_PAGE.replace("<html>", '<html><meta charset="GB2312">').encode("gbk"), "gb18030"),
    (GBK_PAGE.replace("<html>", '<html><meta http-equiv="Content-Type" content="text/html; charset=gbk">')
     .encode("gbk"), "gb18030"),
    # A page that declares GBK but is UTF-8: the declaration does not decode it, UTF-8 does.
    (GBK_PAGE.replace("<html>", '<html><meta charset="gbk">').encode("utf-8"), "utf-8"),
    # A page that declares Latin-1 but is GBK: Latin-1 decodes it but yields no Han text.
    (GBK_PAGE.replace("<html>", '<html><meta charset="iso-8859-1">').encode("gbk"), "gb18030"),
    # A character GBK does not have (U+4DAE) in a GB18030 page with no declaration.
    ((GBK_PAGE + "䶮").encode("gb18030"), "gb18030"),
])
def test_decoding(data, encoding):
    text, used = decode_html(data)
    assert used == encoding
    assert "二、主动公开政府信息情况（单位：件）" in text


def test_entities_are_not_expanded(tmp_path):
    path = tmp_path / "r.html"
    path.write_text('<!DOCTYPE html [<!ENTITY x "EXPANDED"><!ENTITY y SYSTEM "file:///etc/hostname">]>'
                    "<html><body><p>一、总体情况&x;&y;&nbsp;</p></body></html>", encoding="utf-8")
    document = load(path)
    assert [b.text for b in document.blocks] == ["一、总体情况&x;&y;"]


# ---------------------------------------------------------------- detection and errors

def test_detected_by_content_whatever_the_suffix(tmp_path):
    page = (WEB / "web2021_utf8_chrome.html").read_bytes()
    for name in ("report.txt", "report", "report.doc"):
        path = tmp_path / name
        path.write_bytes(page)
        assert detect_format(path, page[:4096], page) == "html"
    report = govdisclose.parse(tmp_path / "report")
    assert report.meta.source == "html" and report.cell("requests/new/total").kind == "number"


@pytest.mark.parametrize("head", [b"<!DOCTYPE html><html>", b"\xef\xbb\xbf\n  <html lang='zh'>",
                                  b"<table><tr>", b"<?xml version='1.0'?>\n<!DOCTYPE html>",
                                  b"<!-- saved -->\n<html>"])
def test_html_markers(head, tmp_path):
    assert detect_format(tmp_path / "x.bin", head) == "html"


@pytest.mark.parametrize(("content", "suffix", "error"), [
    (b"\x00\x01\x02\xff binary", ".html", "named .html but the content is not HTML"),
    (b"just words, no markup", ".htm", "named .htm but the content is not HTML"),
    (b"", ".shtml", "the file is empty"),  # any empty file, whatever its suffix (notes/contracts.md)
])
def test_named_html_but_not_html(tmp_path, content, suffix, error):
    path = tmp_path / f"page{suffix}"
    path.write_bytes(content)
    with pytest.raises(CorruptDocument) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: {error}"


def test_cli_reads_html(tmp_path):
    from govdisclose.cli import main

    out = tmp_path / "cells.jsonl"
    assert main(["parse", str(WEB / "web2019_gbk_layout.htm"), "--format", "cells", "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 198 and {r["source"] for r in records} == {"html"}
    assert all(r["path"].startswith("/html/body/") and r.get("page") is None for r in records)


def _report_markup() -> tuple[str, str]:
    """(title h1, report body) markup taken from the chrome fixture, to re-wrap in other pages."""
    root = lxml.html.document_fromstring((WEB / "web2021_utf8_chrome.html").read_bytes(), parser=PARSER)
    body = root.get_element_by_id("zoom")
    inner = (body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    return lxml.html.tostring(root.find(".//h1"), encoding="unicode"), inner


NAV = ('<div>云溪市人民政府门户网站</div><ul><li><a href="/a">'
       '云溪市人民政府2021年政府信息公开工作年度报告</a></li></ul><div>当前位置：首页 &gt; 年度报告</div>')
FOOT = '<div>主办单位：云溪市人民政府办公室 备案号：浙ICP备1号</div><div>【关闭窗口】</div>'


def test_page_without_a_wrapper(tmp_path):
    """Body parts straight under <body>; a link to another year's report is not the title."""
    title, body = _report_markup()
    path = tmp_path / "nowrap.html"
    path.write_text(f"<html><body>{NAV}{title}{body}{FOOT}</body></html>", encoding="utf-8")
    report = govdisclose.parse(path)
    assert (report.meta.title, report.meta.year) == ("云溪市人民政府2023年政府信息公开工作年度报告", 2023)
    assert report.section(6).text.endswith("无其他需要报告的事项。")  # footer lines dropped
    expected = govdisclose.parse(WEB / "web2021_utf8_chrome.html")
    assert report_cells(report) == report_cells(expected) and report.findings == expected.findings


def test_page_without_a_title(tmp_path):
    _, body = _report_markup()
    path = tmp_path / "notitle.html"
    path.write_text(f"<html><body>{NAV}{body}{FOOT}</body></html>", encoding="utf-8")
    report = govdisclose.parse(path)
    assert (report.meta.title, report.meta.agency, report.meta.year) == (None, "云溪市人民政府", 2023)


def test_heading_row_and_caption_become_lines(tmp_path):
    """A section heading printed as the first full-width row of its table still opens the section."""
    title, body = _report_markup()
    heading = ("<p style=\"text-indent:2em\"><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>"
               "\n<table")
    assert body.count(heading) == 1
    start = body.index(heading)
    open_tag_end = body.index(">", start + len(heading)) + 1
    body = (body[:start] + body[start + len(heading) - len("<table"):open_tag_end]
            + '<caption>（单位：件）</caption>'
            + '<tr><td colspan="15">四、政府信息公开行政复议、行政诉讼情况</td></tr>'
            + body[open_tag_end:])
    path = tmp_path / "heading_row.html"
    path.write_text(f"<html><body>{title}{body}</body></html>", encoding="utf-8")
    document = load(path)
    lines = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert "（单位：件）" in lines and "四、政府信息公开行政复议、行政诉讼情况" in lines
    report = govdisclose.parse(path)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report_cells(report) == report_cells(govdisclose.parse(WEB / "web2021_utf8_chrome.html"))


def test_markdown_opening_with_a_tag_stays_text(tmp_path):
    head = '<div align="center">\n\n# 青崖县人民政府2024年政府信息公开工作年度报告\n'.encode()
    assert detect_format(tmp_path / "r.md", head) == "text"
    assert detect_format(tmp_path / "r.bin", head) == "html"
    assert detect_format(tmp_path / "r.md", b"<!DOCTYPE html><html>") == "html"


@pytest.mark.parametrize(("chrome", "head", "info"), [
    ("<div>时间：2024-01-18 09:30　文章来源：青崖县政务服务中心</div>", "",
     {"published": "2024-01-18 09:30", "publisher": "青崖县政务服务中心"}),
    ("<div>统计时间：2024-01-01　成文日期：2023-12-30</div>", "", {}),
    ("<div>发布日期：2024年1月18日</div>",
     ('<meta name="PubDate" content="2024-01-19 10:00"><meta name="ContentSource" content="青崖县人民政府">'
     '<meta name="Url" content="http://www.qingya.gov.cn/nb/1.html">'),
     {"published": "2024-01-19 10:00", "publisher": "青崖县人民政府", "url": "http://www.qingya.gov.cn/nb/1.html"}),
])
def test_publication_metadata(tmp_path, chrome, head, info):
    _, body = _report_markup()
    path = tmp_path / "info.html"
    path.write_text(f"<html><head>{head}</head><body>{chrome}<div>{body}</div></body></html>",
                    encoding="utf-8")
    document = load(path)
    assert {k: v for k, v in document.info.items() if k != "encoding"} == info


def test_page_whose_content_comes_from_scripts(tmp_path):
    path = tmp_path / "app.html"
    page = '<!DOCTYPE html><html><body><div id="app"></div><script>load("/api/nb")</script></body></html>'
    path.write_text(page, encoding="utf-8")
    with pytest.raises(ExtractionFailed) as caught:
        govdisclose.parse(path)
    assert str(caught.value) == f"{path}: the page holds no text (its content may be loaded by scripts)"
