"""Throughput of ``govdisclose.convert`` with 1 and 2 workers, against ``parse`` in a loop.

Run by hand (not a test): ``python benchmarks/bench_convert.py [--copies 8] [--chunks 4]``.
The archive is the generated fixtures, each copied ``--copies`` times with a different comment
after ``%%EOF`` (every copy a distinct report, distinct sha256): 28 × 8 = 224 reports.

The archive is cut into ``--chunks`` parts; on each part the three contenders run back to back
in a rotating order, so machine noise hits all alike: the baseline (``parse`` on every file in
this process), ``convert`` with 1 worker and with 2 workers, each into a fresh folder (so each
convert pays its helper start-up once per part: a conservative figure). Reported: wall seconds
and files/s summed over the parts, CPU seconds (this process and its helpers), the overhead of
convert/1 against the loop, measured two ways (against the loop's wall time; and within the same
run, convert/1's wall time against the time its helper spent inside ``parse``, which no other
load can skew between runs), the speed-up of 2 workers over 1, and the helpers' peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "generated"
CONTENDERS = ("loop", "convert/1", "convert/2")


def build_archive(folder: Path, copies: int) -> list[Path]:
    paths = []
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        data = pdf.read_bytes()
        for copy in range(copies):
            target = folder / f"{pdf.stem}-{copy:02d}.pdf"
            target.write_bytes(data + f"\n% bench copy {copy}\n".encode())
            paths.append(target)
    return paths


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(contender: str, files: list[Path], work: Path) -> tuple[float, float, object]:
    import govdisclose

    cpu, wall = cpu_seconds(), time.perf_counter()
    if contender == "loop":
        result = [govdisclose.parse(f) for f in files]
    else:
        out = work / "out"
        result = govdisclose.convert(files, out, jobs=int(contender[-1]))
        assert result.reports == len(files) and result.failed == 0, result
        shutil.rmtree(out)
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--copies", type=int, default=8)
    arguments.add_argument("--chunks", type=int, default=4)
    options = arguments.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-convert-"))
    try:
        archive = work / "archive"
        archive.mkdir()
        files = build_archive(archive, options.copies)
        print(f"{len(files)} reports ({sum(f.stat().st_size for f in files) / 2**20:.1f} MB), "
              f"{options.chunks} parts")
        wall = dict.fromkeys(CONTENDERS, 0.0)
        cpu = dict.fromkeys(CONTENDERS, 0.0)
        parse_seconds, peaks = 0.0, []
        for part in range(options.chunks):
            chunk = files[part::options.chunks]
            order = CONTENDERS[part % 3:] + CONTENDERS[:part % 3]
            for contender in order:
                seconds, cpu_used, result = run(contender, chunk, work)
                wall[contender] += seconds
                cpu[contender] += cpu_used
                if contender == "convert/1":
                    parse_seconds += result.parse_seconds
                if contender != "loop":
                    peaks.append(result.peak_worker_rss_mb)
            print(f"part {part + 1}/{options.chunks} done: " + ", ".join(
                f"{c} {wall[c]:.0f} s" for c in CONTENDERS), flush=True)
        print(f"\n{'run':<10} {'wall s':>8} {'files/s':>8} {'CPU s':>8}")
        for contender in CONTENDERS:
            print(f"{contender:<10} {wall[contender]:8.1f} {len(files) / wall[contender]:8.2f} "
                  f"{cpu[contender]:8.1f}")
        print(f"\noverhead of convert/1 against the loop: wall {100 * (wall['convert/1'] / wall['loop'] - 1):+.1f}%, "
              f"CPU {100 * (cpu['convert/1'] / cpu['loop'] - 1):+.1f}%  (target ≤ 10%)")
        print(f"overhead of convert/1 against its own time in parse: "
              f"{100 * (wall['convert/1'] / parse_seconds - 1):+.1f}%")
        print(f"speed-up of 2 workers over 1: {wall['convert/1'] / wall['convert/2']:.2f}×  "
              f"(target ≥ 1.7×; needs 2 idle cores)")
        print(f"peak RSS per worker: {max(peaks):.0f} MB  (target ≤ 400 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
