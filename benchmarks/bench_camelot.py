"""Does camelot-py help as a second table engine? Measured on the generated fixtures.

Run by hand: ``python benchmarks/bench_camelot.py``. For each fixture PDF and each camelot
flavour (lattice, stream) it reports seconds per page and how many of the truth's printed
values come out as a cell of their own (a generous measure: position is not checked), next to
govdisclose's own result (cells equal to the truth in value, kind and raw, position included).
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

import camelot
import pdfplumber

import govdisclose

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "generated"


def camelot_cells(pdf: Path, flavor: str) -> tuple[list[str], float]:
    start = time.perf_counter()
    tables = camelot.read_pdf(str(pdf), pages="all", flavor=flavor)
    cells = [str(c).strip() for t in tables for row in t.df.values.tolist() for c in row]
    return cells, time.perf_counter() - start


def main() -> None:
    warnings.filterwarnings("ignore")
    print(f"{'fixture':32} {'pages':>5} {'lattice s/p':>11} {'found':>7} {'stream s/p':>10} {'found':>7} "
          f"{'govdisclose s/p':>15} {'right':>7}")
    for truth_path in sorted(FIXTURES.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        pdf = truth_path.with_name(truth["name"] + ".pdf")
        pages = len(pdfplumber.open(pdf).pages)
        printed = [c["raw"] for c in truth["cells"] if c["raw"]]
        columns = []
        for flavor in ("lattice", "stream"):
            cells, seconds = camelot_cells(pdf, flavor)
            columns += [f"{seconds / pages:11.3f}", f"{sum(r in cells for r in printed):3d}/{len(printed):<3d}"]
        start = time.perf_counter()
        report = govdisclose.parse(pdf)
        seconds = time.perf_counter() - start
        ours = {f"{r.table}/{r.row}/{r.column}": (r.value, r.kind, r.raw) for r in report.cells()}
        right = sum(ours.get(f"{c['table']}/{c['row']}/{c['column']}") == (c["value"], c["kind"], c["raw"])
                    for c in truth["cells"])
        print(f"{truth['name'][:32]:32} {pages:5d} {' '.join(columns)} {seconds / pages:15.3f} "
              f"{right:3d}/{len(truth['cells']):<3d}")


if __name__ == "__main__":
    main()
