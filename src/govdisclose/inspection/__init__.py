"""Visual inspection of what was extracted: annotated page images, per-report HTML, an index.

- ``render.render_page(report, page, source)``: a page of the PDF with every cell's box drawn,
  coloured by kind (``palette.KIND_COLOURS``), red where a finding points; ``render.to_image`` is
  its image, installed by the package root as ``AnnualReport.to_image``.
- ``html_view.write_report_view(report, out_dir, name)``: ``name.html`` + ``name-pN.png``.
- ``index.write_index(convert_dir)``: the index over a ``convert`` output folder.

Named ``inspection`` (not ``inspect``) so that it never reads as the standard library module.
"""

from .html_view import ReportView, write_report_view
from .index import IndexResult, is_convert_output, write_index
from .palette import FINDING_COLOUR, KIND_COLOURS, short_key, tint_on_white
from .render import DEFAULT_RESOLUTION, PageRender, render_page, render_pages, to_image

__all__ = [
    "DEFAULT_RESOLUTION", "FINDING_COLOUR", "KIND_COLOURS", "IndexResult", "PageRender", "ReportView",
    "is_convert_output", "render_page", "render_pages", "short_key", "tint_on_white", "to_image",
    "write_index", "write_report_view",
]
