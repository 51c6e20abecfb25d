#!/usr/bin/env python3
"""Seconds per page: ``govdisclose.parse`` of scanned PDFs against bare RapidOCR on the same pages.

    python benchmarks/bench_ocr.py [--rounds N] [PDF ...]
    python benchmarks/bench_ocr.py [PDF ...] --dpi 150 200 250

Baseline: one RapidOCR call (same engine and settings as govdisclose: no direction classifier)
on each page image rendered at govdisclose's ``RENDER_DPI``, rendering not counted. Measured: the
whole ``parse()`` (routing, rendering, OCR, orientation check, deskew, rules → grid, re-reads,
mapping, validation). Runs alternate (bare, parse, parse, bare, …) in one process so machine load
hits both alike; the machine is shared, so read the ratio rather than the absolute figures. Peak
RSS is the process's.

``--dpi``: parse each PDF with ``RENDER_DPI`` set to each value in turn and score the numbers
against the fixture's truth (``<name>.truth.json`` beside it): number cells read right, digits
in them, wrong numbers emitted (a number that is not the printed one: the worst outcome), s/page.
Default input: every scan PDF in fixtures/generated/scanned/.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import pypdfium2

import govdisclose
from govdisclose.sources import pdf_ocr
from govdisclose.sources.pdf_ocr import RENDER_DPI, ocr_engine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT / "fixtures" / "generated" / "scanned").glob("scan_*.pdf"))


def page_images(path: Path) -> list:
    pdf = pypdfium2.PdfDocument(str(path))
    images = [page.render(scale=RENDER_DPI / 72).to_numpy()[:, :, :3].copy() for page in pdf]
    pdf.close()
    return images


def warm_up() -> None:
    """Load every model before timing (page and crop engines, direction classifier), as bare's is."""
    blank = np.full((48, 192, 3), 255, dtype=np.uint8)
    ocr_engine()(blank, use_det=False, use_cls=True, use_rec=False)
    ocr_engine("crop")(blank, use_det=True, use_cls=False, use_rec=True)


def bare(images: list) -> float:
    engine = ocr_engine()
    start = time.perf_counter()
    for image in images:
        engine(image, use_det=True, use_cls=False, use_rec=True)
    return time.perf_counter() - start


def ours(path: Path) -> float:
    start = time.perf_counter()
    govdisclose.parse(path)
    return time.perf_counter() - start


def against_bare(pdfs: list[Path], rounds: int) -> None:
    bare_per_page, ours_per_page = [], []
    for path in pdfs:
        images = page_images(path)
        timings = {"bare": [], "ours": []}
        for round_ in range(rounds):
            order = ("bare", "ours") if round_ % 2 == 0 else ("ours", "bare")
            for name in order:
                timings[name].append(bare(images) if name == "bare" else ours(path))
        b = statistics.median(timings["bare"]) / len(images)
        o = statistics.median(timings["ours"]) / len(images)
        bare_per_page.append(b)
        ours_per_page.append(o)
        print(f"{path.name:45s} {len(images)} pages  bare {b:5.2f} s/page  "
              f"govdisclose {o:5.2f} s/page  ×{o / b:.2f}")
    b, o = statistics.mean(bare_per_page), statistics.mean(ours_per_page)
    print(f"{'mean':45s}          bare {b:5.2f} s/page  govdisclose {o:5.2f} s/page  ×{o / b:.2f}")


def score(path: Path) -> tuple[int, int, int, int, int, float, int]:
    """(number cells right, number cells, digits right, digits, wrong numbers emitted, seconds, pages)."""
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    report = govdisclose.parse(path)
    seconds = time.perf_counter() - start
    got = {(r.table, r.row, r.column): r for r in report.cells()}
    right = cells = digits_right = digits = wrong = 0
    for cell in truth["cells"]:
        if cell["kind"] != "number":
            continue
        record = got.get((cell["table"], cell["row"], cell["column"]))
        printed = sum(ch.isdigit() for ch in cell["raw"])
        cells += 1
        digits += printed
        if record is not None and record.kind == "number" and record.value == cell["value"]:
            right += 1
            digits_right += printed
        elif record is not None and record.kind == "number":
            wrong += 1
    return right, cells, digits_right, digits, wrong, seconds, report.meta.page_count


def dpi_comparison(pdfs: list[Path], resolutions: list[int]) -> None:
    ocr_engine()
    for dpi in resolutions:
        pdf_ocr.RENDER_DPI = dpi
        totals = [0, 0, 0, 0, 0, 0.0, 0]
        for path in pdfs:
            result = score(path)
            totals = [a + b for a, b in zip(totals, result, strict=True)]
            right, cells, digits_right, digits, wrong, seconds, pages = result
            print(f"{dpi} dpi  {path.name:40s} cells {right}/{cells}  digits {digits_right}/{digits}  "
                  f"wrong {wrong}  {seconds / pages:5.2f} s/page")
        right, cells, digits_right, digits, wrong, seconds, pages = totals
        print(f"{dpi} dpi  {'all':40s} cells {right}/{cells}  digits {digits_right}/{digits} "
              f"({100 * digits_right / max(digits, 1):.2f}%)  wrong {wrong}  {seconds / pages:5.2f} s/page")
    pdf_ocr.RENDER_DPI = RENDER_DPI


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dpi", type=int, nargs="+", help="compare these render resolutions instead")
    args = parser.parse_args()
    warm_up()
    if args.dpi:
        dpi_comparison(args.pdfs, args.dpi)
    else:
        against_bare(args.pdfs, args.rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
