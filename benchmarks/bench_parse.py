"""Speed and memory of ``govdisclose.parse`` against bare pdfplumber on the same PDFs.

Run by hand (not a test): ``python benchmarks/bench_parse.py [PDF ...] [--repeat N] [--engine NAME]``.
Defaults to the generated fixtures plus ../shared/samples/huaian-2024.pdf when present.
The baseline is what a user would write by hand: ``extract_text`` + ``extract_tables`` on every
page. Three comparisons, each paired: every repeat runs both sides on the same file back to back,
bare first on even repeats and ours first on odd ones, so machine noise hits both alike (the
machine is shared: read the ratios, not the seconds). Each side's best and median over the repeats
are kept; the ratio is ours / bare (below 1: govdisclose is faster).

- **in process**: ``govdisclose.parse(path)`` against the bare extraction, imports warmed;
- **whole process**: ``python -m govdisclose parse FILE`` (JSON to a pipe) against a Python
  process running the bare extraction script (``BARE_SCRIPT``) on the same file: what a user
  waits for at the command line, interpreter start and imports included;
- **imports only**: fresh interpreters running nothing, ``import pdfplumber``, ``import
  govdisclose``, ``import govdisclose.parse`` (the pipeline) and that with the PDF reader
  (everything the parse of a text PDF loads with the pdfium engine: pypdfium2 and the table finder).

Every subprocess (both sides) caches bytecode in a temporary ``PYTHONPYCACHEPREFIX``, even where
``PYTHONDONTWRITEBYTECODE`` is set, and a first unpaired run writes it: as installed by pip, a package
loads its ``.pyc`` files, while a source tree without them compiles every module on each start.
Peak RSS is measured in a fresh subprocess per side on the largest file (or 10 joined pages).
``--engine`` is passed to ``govdisclose.parse(path, engine=...)`` (and ``--engine`` to the command)
when this version of govdisclose accepts it; otherwise asking for one is an error.
"""

from __future__ import annotations

import argparse
import inspect
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"

# The bare side of the whole-process comparison: what a user's own script does, output included.
BARE_SCRIPT = """\
import json, sys
import pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    pages = [{"text": page.extract_text(), "tables": page.extract_tables()} for page in pdf.pages]
json.dump(pages, sys.stdout, ensure_ascii=False)
"""
IMPORTS = {
    "python (nothing)": "pass",
    "import pdfplumber": "import pdfplumber",
    "import govdisclose": "import govdisclose",
    "import govdisclose.parse": "import govdisclose.parse",
    "  + the PDF reader": "import govdisclose.parse, govdisclose.sources.pdf_text, govdisclose.sources.pdfium_page, "
                          "govdisclose.sources.table_cells",
}


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            count += len(page.extract_text() or "")
            count += len(page.extract_tables())
    return count


def engine_arguments(engine: str | None) -> dict[str, str]:
    """``{"engine": engine}`` when asked for and ``parse`` takes one; ``{}`` when not asked for."""
    if engine is None:
        return {}
    import govdisclose

    if "engine" not in inspect.signature(govdisclose.parse).parameters:
        sys.exit(f"--engine {engine}: this govdisclose.parse() takes no engine argument")
    return {"engine": engine}


def cli_engine_arguments(engine: str | None) -> list[str] | None:
    """``["--engine", engine]`` when asked for and ``govdisclose parse`` has the option; ``None``
    when asked for and it has not (the whole-process comparison is then left out)."""
    if engine is None:
        return []
    from govdisclose.commands import parse as command

    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return ["--engine", engine] if "--engine" in parser._option_string_actions else None


def govdisclose_parse(path: Path, engine: str | None = None) -> int:
    import govdisclose

    return len(list(govdisclose.parse(path, **engine_arguments(engine)).cells()))


# The environment of every subprocess: bytecode cached (see the module docstring).
PROCESS_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
PROCESS_ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-parse-pycache-")


def run_process(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=PROCESS_ENV)


@dataclass
class Pair:
    """Timings of the two sides over the repeats of one file."""

    bare: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)

    def best(self) -> tuple[float, float]:
        return min(self.bare), min(self.ours)

    def median(self) -> tuple[float, float]:
        return statistics.median(self.bare), statistics.median(self.ours)


def paired(bare: Callable[[], object], ours: Callable[[], object], repeat: int) -> Pair:
    """Time ``bare`` and ``ours`` back to back ``repeat`` times, alternating which goes first."""
    pair = Pair()
    for index in range(repeat):
        sides = [("bare", bare), ("ours", ours)]
        for name, function in sides if index % 2 == 0 else sides[::-1]:
            start = time.perf_counter()
            function()
            getattr(pair, name).append(time.perf_counter() - start)
    return pair


def peak_rss_mb(side: str, path: Path, engine: str | None) -> float:
    here = str(Path(__file__).parent)
    call = f"b.{side}(p)" if side == "bare_pdfplumber" else f"b.{side}(p, {engine!r})"
    code = (
        f"import resource, sys, pathlib; sys.path.insert(0, {here!r}); import bench_parse as b; "
        f"p = pathlib.Path({str(path)!r}); {call}; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=PROCESS_ENV)
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


def group_of(path: Path) -> str:
    return "real" if SAMPLES in path.resolve().parents else "fixtures"


HEADER = (f"{'file':36} {'pages':>5} {'bare best':>9} {'ours best':>9} {'ratio':>6}"
          f" {'bare med':>9} {'ours med':>9} {'ratio':>6}")


def row(name: str, pages: int, best: tuple[float, float], median: tuple[float, float]) -> str:
    return (f"{name[:36]:36} {pages:5d} {best[0]:9.3f} {best[1]:9.3f} {best[1] / best[0]:6.2f}"
            f" {median[0]:9.3f} {median[1]:9.3f} {median[1] / median[0]:6.2f}")


def compare(title: str, pdfs: list[Path], pages: dict[Path, int],
            make: Callable[[Path], tuple[Callable[[], object], Callable[[], object]]], repeat: int) -> None:
    """Print the paired timings of every file, then the totals of each group and of all files."""
    print(f"\n{title} (seconds; ratio = govdisclose / bare, paired over {repeat} repeats)")
    print(HEADER)
    pairs = {}
    for path in pdfs:
        pairs[path] = paired(*make(path), repeat)
        print(row(path.name, pages[path], pairs[path].best(), pairs[path].median()), flush=True)
    groups = {group_of(path) for path in pdfs}
    for group in sorted(groups) + (["ALL"] if len(groups) > 1 else []):
        chosen = [p for p in pdfs if group == "ALL" or group_of(p) == group]
        n = sum(pages[p] for p in chosen)
        best = tuple(sum(pairs[p].best()[side] for p in chosen) for side in (0, 1))
        median = tuple(sum(pairs[p].median()[side] for p in chosen) for side in (0, 1))
        print(row(f"TOTAL {group}", n, best, median)
              + f"   per page best: bare {best[0] / n:.3f}, ours {best[1] / n:.3f}")


def import_times(repeat: int) -> None:
    print(f"\nimports only (fresh interpreters, seconds, {repeat} rounds in alternating order)")
    timings: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for index in range(repeat):
        names = list(IMPORTS) if index % 2 == 0 else list(IMPORTS)[::-1]
        for name in names:
            start = time.perf_counter()
            run_process([sys.executable, "-c", IMPORTS[name]])
            timings[name].append(time.perf_counter() - start)
    base = min(timings["import pdfplumber"])
    for name, values in timings.items():
        print(f"{name:28} best {min(values):.3f}  median {statistics.median(values):.3f}"
              f"  best / import pdfplumber {min(values) / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="paired runs per file (default: 5)")
    parser.add_argument("--engine", help="govdisclose's extraction engine, when it has a choice")
    parser.add_argument("--skip", nargs="*", default=[], choices=("in-process", "whole-process", "imports", "rss"),
                        help="leave out these parts")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "fixtures" / "generated").glob("*.pdf"))
    sample = SAMPLES / "huaian-2024.pdf"
    if not args.pdfs and sample.exists():
        pdfs.append(sample)
    engine = args.engine
    engine_arguments(engine)  # fails early when parse() takes no engine
    cli_engine = cli_engine_arguments(engine)
    if cli_engine is None:
        print("`govdisclose parse` has no --engine option: whole-process comparison left out")
        args.skip.append("whole-process")
    pages = {path: page_count(path) for path in pdfs}
    env_note = f"engine {engine}" if engine else "default engine"
    print(f"{len(pdfs)} PDFs, {sum(pages.values())} pages, {env_note}, python {sys.version.split()[0]},"
          f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    if "in-process" not in args.skip:
        bare_pdfplumber(pdfs[0]), govdisclose_parse(pdfs[0], engine)  # warm imports and caches
        compare("in process: parse() vs pdfplumber extract_text + extract_tables", pdfs, pages,
                lambda p: (lambda: bare_pdfplumber(p), lambda: govdisclose_parse(p, engine)), args.repeat)
    for code in IMPORTS.values():  # write the bytecode caches
        run_process([sys.executable, "-c", code])
    if "whole-process" not in args.skip:
        ours_command = [sys.executable, "-m", "govdisclose", "parse", *cli_engine]
        bare_command = [sys.executable, "-c", BARE_SCRIPT]
        run_process([*ours_command, str(pdfs[0])]), run_process([*bare_command, str(pdfs[0])])
        compare("whole process: `python -m govdisclose parse FILE` vs a bare pdfplumber script", pdfs, pages,
                lambda p: (lambda: run_process([*bare_command, str(p)]),
                           lambda: run_process([*ours_command, str(p)])), args.repeat)
    if "imports" not in args.skip:
        import_times(max(args.repeat, 5))
    if "rss" not in args.skip:
        largest = max(pdfs, key=pages.__getitem__)
        if pages[largest] < 10:
            largest = ten_page_pdf(pdfs)
        print(f"\npeak RSS on {largest.name} ({page_count(largest)} pages): "
              f"pdfplumber {peak_rss_mb('bare_pdfplumber', largest, engine):.0f} MB, "
              f"govdisclose {peak_rss_mb('govdisclose_parse', largest, engine):.0f} MB")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    shutil.rmtree(PROCESS_ENV["PYTHONPYCACHEPREFIX"], ignore_errors=True)


if __name__ == "__main__":
    main()
