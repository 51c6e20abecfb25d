"""The pdfplumber adapter on small PDFs made here: fake-bold glyphs, page numbers, margins."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclose.document import TextLine
from govdisclose.sources import load
from govdisclose.sources.pdf_text import _has_duplicate_chars

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def test_duplicate_char_detection():
    char = {"text": "规", "x0": 10.2, "top": 50.0}
    assert not _has_duplicate_chars([char, {"text": "章", "x0": 22.0, "top": 50.0}])
    assert _has_duplicate_chars([char, {"text": "规", "x0": 10.9, "top": 50.3}])


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed")
def test_fake_bold_and_page_numbers(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    path = tmp_path / "bold.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for page in (1, 2):
        pdf.setFont("WQY", 16)
        for offset in (0, 0.4):  # fake bold: the same glyphs drawn twice
            pdf.drawString(100 + offset, 750, "一、总体情况")
        pdf.setFont("WQY", 12)
        pdf.drawString(100, 700, f"第{page}页正文。")
        pdf.drawCentredString(297, 40, f"-{page}-")
        pdf.showPage()
    pdf.save()
    document = load(path)
    texts = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert texts == ["一、总体情况", "第1页正文。", "一、总体情况", "第2页正文。"]
    assert document.page_count == 2 and document.source == "pdf_text"
