#!/usr/bin/env python3
"""Seconds per page: ``govdisclose.parse`` of scanned PDFs against bare RapidOCR on the same pages.

    python benchmarks/bench_ocr.py [--rounds N] [PDF ...]

Baseline: one RapidOCR call (same engine and settings as govdisclose: no direction classifier)
on each page image rendered at govdisclose's ``RENDER_DPI``, rendering not counted. Measured: the
whole ``parse()`` (routing, rendering, OCR, deskew, rules → grid, re-reads, mapping, validation).
Runs alternate (bare, parse, parse, bare, …) in one process so machine load hits both alike; the
machine is shared, so read the ratio rather than the absolute figures. Peak RSS is the process's.
Default input: every PDF in fixtures/generated/scanned/.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import pypdfium2

import govdisclose
from govdisclose.sources.pdf_ocr import RENDER_DPI, ocr_engine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT / "fixtures" / "generated" / "scanned").glob("scan_*.pdf"))


def page_images(path: Path) -> list:
    pdf = pypdfium2.PdfDocument(str(path))
    images = [page.render(scale=RENDER_DPI / 72).to_numpy()[:, :, :3].copy() for page in pdf]
    pdf.close()
    return images


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    ocr_engine()  # load the models before timing
    bare_per_page, ours_per_page = [], []
    for path in args.pdfs:
        images = page_images(path)
        timings = {"bare": [], "ours": []}
        for round_ in range(args.rounds):
            order = ("bare", "ours") if round_ % 2 == 0 else ("ours", "bare")
            for name in order:
                timings[name].append(bare(images) if name == "bare" else ours(path))
        b = statistics.median(timings["bare"]) / len(images)
        o = statistics.median(timings["ours"]) / len(images)
        bare_per_page.append(b)
        ours_per_page.append(o)
        print(f"{path.name:45s} {len(images)} pages  bare {b:5.2f} s/page  govdisclose {o:5.2f} s/page  ×{o / b:.2f}")
    b, o = statistics.mean(bare_per_page), statistics.mean(ours_per_page)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'mean':45s}          bare {b:5.2f} s/page  govdisclose {o:5.2f} s/page  ×{o / b:.2f}")
    print(f"peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
