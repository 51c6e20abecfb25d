"""``govdisclose.parse`` with each PDF engine against bare pdfplumber, paired per repeat.

Run by hand (not a test): ``python benchmarks/bench_engines.py [--repeat N] [PDF ...]``. Defaults
to the text-layer fixtures (generated, pairs, producers without the Type 3 one, legacy) and
../shared/samples/huaian-2024.pdf when present. Each repeat runs the three sides on one file
back to back, in a rotating order, so machine noise hits them alike; per file the median of the
repeats is kept, and the ratios are of the summed medians. The baseline is what a user would
write by hand: pdfplumber's ``extract_text`` + ``extract_tables`` on every page.
``--profile`` prints where ``parse(engine="pdfium")`` spends its time (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "huaian-2024.pdf"
OCR_BOUND = {"chromium2021_type3_ocr"}


def bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def parse_with(engine: str):
    def run(path: Path) -> None:
        import govdisclose

        govdisclose.parse(path, engine=engine)
    return run


SIDES = {"bare pdfplumber": bare_pdfplumber, "parse pdfplumber": parse_with("pdfplumber"),
         "parse pdfium": parse_with("pdfium")}


def default_files() -> list[Path]:
    generated = ROOT / "fixtures" / "generated"
    files = sorted(p for folder in (generated, generated / "pairs", generated / "producers", generated / "legacy")
                   for p in folder.glob("*.pdf") if p.stem not in OCR_BOUND)
    return files + ([SAMPLE] if SAMPLE.exists() else [])


def measure(files: list[Path], repeat: int) -> dict[str, dict[Path, float]]:
    medians: dict[str, dict[Path, float]] = {side: {} for side in SIDES}
    names = list(SIDES)
    for path in files:
        for function in SIDES.values():
            function(path)  # warm: imports, fonts
        times: dict[str, list[float]] = {side: [] for side in SIDES}
        for round_ in range(repeat):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for side in order:
                start = time.perf_counter()
                SIDES[side](path)
                times[side].append(time.perf_counter() - start)
        for side in SIDES:
            medians[side][path] = statistics.median(times[side])
    return medians


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def report(label: str, files: list[Path], medians: dict[str, dict[Path, float]]) -> None:
    pages = sum(page_count(p) for p in files)
    bare = sum(medians["bare pdfplumber"][p] for p in files)
    print(f"{label}: {len(files)} files, {pages} pages")
    for side in SIDES:
        total = sum(medians[side][p] for p in files)
        print(f"  {side:17s} {total / pages:.4f} s/page  {total / bare:.2f}x bare")


def profile(files: list[Path]) -> None:
    import cProfile
    import pstats

    parse = parse_with("pdfium")
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        parse(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    files = args.files or default_files()
    if args.profile:
        profile(files)
        return
    medians = measure(files, args.repeat)
    fixtures = [p for p in files if p != SAMPLE]
    if fixtures:
        report("fixtures", fixtures, medians)
    if SAMPLE in files:
        report("huaian-2024.pdf", [SAMPLE], medians)


if __name__ == "__main__":
    main()
