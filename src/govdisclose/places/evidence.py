"""The report's own words about where it comes from: name, title, publisher, address, postcode.

Most introductions (or closing lines) print a contact: ``地址：平潭综合实验区北厝镇…；邮编：350400``.
The model does not keep the introduction, so the text is read again from the report's source
file when ``parse`` left its path (PDF: the text layer only, never OCR) or taken from ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..model import AnnualReport

ADDRESS = regex.compile(r"(?:通讯|通信|联系|办公|单位)?地址[：:]\s*(?P<address>[^；;，,。）)\n]{4,60})")
POSTCODE = regex.compile(r"(?:邮编|邮政编码)[：:]?\s*(?P<postcode>\d{6})(?!\d)")
# Words of a title around the agency: the year and the report's name.
TITLE_NOISE = regex.compile(r"(?:19|20)\d{2}年度?|(?:政府|政务)?信息公开.*$")


@dataclass
class Evidence:
    """What the report says about its place. ``name`` is the agency (else the title's words)."""

    name: str | None
    title: str | None = None
    publisher: str | None = None
    addresses: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)


def gather(report: AnnualReport, text: str | None = None) -> Evidence:
    """Evidence from the report's meta, its sections and ``text`` (default: its source file's text)."""
    meta = report.meta
    title = _squeeze(TITLE_NOISE.sub("", _squeeze(meta.title))) if meta.title else None
    body = text if text is not None else source_text(report)
    body = "\n".join([body, *(s.text for s in report.sections)])
    squeezed = regex.sub(r"[ \t\u3000]+", "", body)
    addresses = list(dict.fromkeys(m.group("address") for m in ADDRESS.finditer(squeezed)))
    postcodes = list(dict.fromkeys(m.group("postcode") for m in POSTCODE.finditer(squeezed)))
    return Evidence(name=_squeeze(meta.agency) if meta.agency else title or None, title=title or None,
                    publisher=_squeeze(meta.publisher) if meta.publisher else None,
                    addresses=addresses, postcodes=postcodes)


def source_text(report: AnnualReport) -> str:
    """The text of the file ``parse`` read, or "" when unknown, gone or OCR'd (not read twice)."""
    path: Path | None = report._source_path
    if path is None or not path.is_file() or report.meta.source == "ocr":
        return ""
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    if is_pdf:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    from ..sources import load

    return "\n".join(line.text for line in load(path).lines())


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", text)
