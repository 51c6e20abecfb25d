"""Page images with every mapped cell drawn on them: pypdfium2 renders, Pillow draws.

``render_page(report, page, source)`` returns a ``PageRender``: the PIL image and, per cell on
that page, its box in pixels. Boxes are filled with the cell kind's tint, outlined in its colour
one pixel inside the box and labelled with ``short_key``; cells a finding points at get a red
outline just outside the box.
Cell boxes are PDF points ``(x0, top, x1, bottom)`` from the top-left of the page's MediaBox (as
pdfplumber gives them); pixels are points × ``resolution / 72``, shifted by the CropBox offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..errors import UnreadableInput, UnsupportedFormat
from ..model import AnnualReport, Cell
from ..sources import sha256_of
from .cells import cells_by_page, flagged_cells
from .palette import FINDING_COLOUR, KIND_COLOURS, TINT_ALPHA, short_key

DEFAULT_RESOLUTION = 144  # pixels per inch: twice the PDF's 72 points
PDF_SOURCES = ("pdf_text", "ocr")  # meta.source of a report read from a PDF
PIXEL_BOX = tuple[int, int, int, int]


@dataclass
class PageRender:
    """One annotated page: the image and where each cell path was drawn (pixels)."""

    page: int
    image: Image.Image
    boxes: dict[str, PIXEL_BOX] = field(default_factory=dict)


def resolve_source(report: AnnualReport, source: str | Path | None) -> Path:
    """The PDF this report was parsed from: ``source`` or the path parse() recorded.

    Raises ``UnreadableInput`` when there is none or it is missing or is another file (its SHA-256
    differs from the report id), ``UnsupportedFormat`` when it is not a PDF (naming the file when the
    report was read from a PDF, else the format the report was read from).
    """
    path = Path(source) if source is not None else getattr(report, "_source_path", None)
    if path is None:
        raise UnreadableInput("the report does not know its source file (pass the PDF: source=, --source)")
    if not path.is_file():
        raise UnreadableInput("no such file", str(path))
    data = path.read_bytes()
    if not data[:1024].lstrip().startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        if report.meta.source in PDF_SOURCES:
            raise UnsupportedFormat("not a PDF; page images are drawn on the PDF this report was parsed from",
                                    str(path))
        raise UnsupportedFormat(f"page images need a PDF; this report was read from {report.meta.source}",
                                str(path))
    if sha256_of(data) != report.meta.sha256:
        raise UnreadableInput("not the file this report was parsed from (SHA-256 differs)", str(path))
    return path


def to_image(report: AnnualReport, page: int, resolution: float = DEFAULT_RESOLUTION,
             source: str | Path | None = None) -> Image.Image:
    """``report.to_image(page)``: the annotated image of ``render_page`` (same arguments, same errors)."""
    return render_page(report, page, source, resolution).image


def render_page(report: AnnualReport, page: int, source: str | Path | None = None,
                resolution: float = DEFAULT_RESOLUTION) -> PageRender:
    """Render 1-based ``page`` of the report's PDF and draw its cells on it."""
    return render_pages(report, [page], source, resolution)[0]


def render_pages(report: AnnualReport, pages: list[int], source: str | Path | None = None,
                 resolution: float = DEFAULT_RESOLUTION) -> list[PageRender]:
    """``render_page`` for several pages, checking and opening the source once."""
    import pypdfium2 as pdfium

    path = resolve_source(report, source)
    scale = resolution / 72
    by_page = cells_by_page(report)
    flagged = flagged_cells(report)
    renders = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pages:
            if not 1 <= page <= len(pdf):
                raise ValueError(f"page {page} is not in 1..{len(pdf)}")
            pdf_page = pdf[page - 1]
            image = pdf_page.render(scale=scale).to_pil().convert("RGB")
            offset = _crop_offset(pdf_page)
            cells = by_page.get(page, {})
            boxes = {
                path: _to_pixels(cell.bbox, scale, offset)  # type: ignore[arg-type]
                for path, cell in cells.items()
            }
            renders.append(PageRender(page, annotate(image, cells, boxes, flagged, scale), boxes))
    finally:
        pdf.close()
    return renders


def annotate(image: Image.Image, cells: dict[str, Cell], boxes: dict[str, PIXEL_BOX],
             flagged: dict[str, list[str]], scale: float) -> Image.Image:
    """Tint, outline and label each cell box; outline flagged cells in red. Returns a new image."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    alpha = round(TINT_ALPHA * 255)
    for path, box in boxes.items():
        draw.rectangle(box, fill=(*KIND_COLOURS[cells[path].kind], alpha))
    result = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(result)
    line = max(1, round(scale / 2))
    font = ImageFont.load_default(size=max(7, round(4.5 * scale)))
    for path, box in boxes.items():
        colour = KIND_COLOURS[cells[path].kind]
        x0, y0, x1, y1 = box  # inset one pixel: neighbours sharing an edge both stay visible
        draw.rectangle((x0 + 1, y0 + 1, x1 - 1, y1 - 1), outline=colour, width=line)
        draw.text((box[0] + line + 1, box[1] + line), short_key(path), fill=colour, font=font)
    red = max(2, round(1.5 * scale))
    for path in flagged:
        if path in boxes:
            x0, y0, x1, y1 = boxes[path]
            draw.rectangle((x0 - red, y0 - red, x1 + red, y1 + red), outline=FINDING_COLOUR, width=red)
    return result


def _crop_offset(pdf_page) -> tuple[float, float]:
    """Points between the MediaBox's top-left and the rendered CropBox's (unrotated pages)."""
    if pdf_page.get_rotation() % 360:
        return (0.0, 0.0)
    media = pdf_page.get_mediabox()
    crop = pdf_page.get_cropbox()
    return (crop[0] - media[0], media[3] - crop[3])


def _to_pixels(bbox: tuple[float, float, float, float], scale: float,
               offset: tuple[float, float]) -> PIXEL_BOX:
    """Points to pixels; at least 3 × 3 pixels, so that the inset outline always fits."""
    x0, x1 = sorted((bbox[0], bbox[2]))
    top, bottom = sorted((bbox[1], bbox[3]))
    dx, dy = offset
    left, upper = round((x0 - dx) * scale), round((top - dy) * scale)
    return (left, upper, max(left + 2, round((x1 - dx) * scale)), max(upper + 2, round((bottom - dy) * scale)))
