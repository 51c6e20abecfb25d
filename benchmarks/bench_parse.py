"""Speed and memory of ``govdisclose.parse`` against bare pdfplumber on the same PDFs.

Run by hand (not a test): ``python benchmarks/bench_parse.py [PDF ...]``. Defaults to the
generated fixtures plus ../shared/samples/huaian-2024.pdf when present. Both sides run in
this process, interleaved, best of ``--repeat`` runs each, so machine noise hits both alike.
The baseline is what a user would write by hand: ``extract_text`` + ``extract_tables`` on
every page. Peak RSS is measured in a fresh subprocess per side on the largest file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            count += len(page.extract_text() or "")
            count += len(page.extract_tables())
    return count


def govdisclose_parse(path: Path) -> int:
    import govdisclose

    return len(list(govdisclose.parse(path).cells()))


def best_time(function, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mb(side: str, path: Path) -> float:
    here = str(Path(__file__).parent)
    code = (
        f"import resource, sys; sys.path.insert(0, {here!r}); import bench_parse as b; "
        f"b.{side}(__import__('pathlib').Path({str(path)!r})); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(output.stdout.strip())


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def ten_page_pdf(pdfs: list[Path]) -> Path:
    """At least 10 pages made by joining the inputs (for the peak-RSS target on a 10-page report)."""
    import tempfile

    import pypdfium2

    joined = pypdfium2.PdfDocument.new()
    for path in pdfs:
        if len(joined) >= 10:
            break
        joined.import_pages(pypdfium2.PdfDocument(str(path)))
    target = Path(tempfile.mkdtemp()) / "joined-10-pages.pdf"
    joined.save(str(target))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "fixtures" / "generated").glob("*.pdf"))
    sample = ROOT.parent / "shared" / "samples" / "huaian-2024.pdf"
    if not args.pdfs and sample.exists():
        pdfs.append(sample)
    bare_pdfplumber(pdfs[0]), govdisclose_parse(pdfs[0])  # warm imports
    total_bare = total_ours = 0.0
    pages = 0
    print(f"{'file':40} {'pages':>5} {'pdfplumber s':>12} {'govdisclose s':>13} {'ratio':>6}")
    for path in pdfs:
        bare = best_time(bare_pdfplumber, path, args.repeat)
        ours = best_time(govdisclose_parse, path, args.repeat)
        n = page_count(path)
        pages += n
        total_bare += bare
        total_ours += ours
        print(f"{path.name[:40]:40} {n:5d} {bare:12.3f} {ours:13.3f} {ours / bare:6.2f}")
    print(f"{'TOTAL':40} {pages:5d} {total_bare:12.3f} {total_ours:13.3f} {total_ours / total_bare:6.2f}")
    print(f"per page: pdfplumber {total_bare / pages:.3f} s, govdisclose {total_ours / pages:.3f} s")
    largest = max(pdfs, key=page_count)
    if page_count(largest) < 10:
        largest = ten_page_pdf(pdfs)
    print(f"peak RSS on {largest.name} ({page_count(largest)} pages): "
          f"pdfplumber {peak_rss_mb('bare_pdfplumber', largest):.0f} MB, "
          f"govdisclose {peak_rss_mb('govdisclose_parse', largest):.0f} MB")


if __name__ == "__main__":
    main()
