#!/usr/bin/env python3
"""Recall and precision of every producer fixture against its truth.

    python benchmarks/producer_recall.py [FOLDER] [--ocr | --tapes]   # default fixtures/generated/producers

Per fixture: cells read right / cells printed (recall), wrong numbers (a value differing from the
truth's, not unreadable), unreadable cells, and whether title/agency/year/template and the six
sections (heading and prose) came out right. Totals per producer and path at the end. Fixtures
read by OCR (truth ``source`` ``ocr``, ~5 s a page) are measured only with ``--ocr``, or with
``--tapes`` from the OCR output recorded beside them (``tests/ocr_tape.py``: no OCR run). Scans of
a print (truth ``source_fixture``) are totalled apart, as ``<producer> (scan)``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import defaultdict
from pathlib import Path

import govdisclose

ROOT = Path(__file__).resolve().parents[1]
META = ("title", "agency", "year", "template")


def section_prose(section) -> str:
    """A parsed section's prose (its sub-items included) without whitespace: the truth's ``text``."""
    return re.sub(r"\s+", "", section.text)


def parse(pdf: Path, tapes: bool) -> govdisclose.AnnualReport:
    """``govdisclose.parse``, or with ``tapes`` OCR answered from the scan's recorded tape if it has one."""
    if tapes:
        sys.path.insert(0, str(ROOT))
        from tests.ocr_tape import parse_from_tape, tape_path

        if tape_path(pdf).exists():
            report, replay = parse_from_tape(pdf)
            if replay.misses:
                print(f"  {pdf.name}: {replay.misses} OCR calls not on the tape (run live)", file=sys.stderr)
            return report
    return govdisclose.parse(pdf)


def measure(pdf: Path, truth: dict, tapes: bool = False) -> dict:
    report = parse(pdf, tapes)
    got = {f"{r.table}/{r.row}/{r.column}": r for r in report.cells()}
    right = wrong = unreadable = 0
    for cell in truth["cells"]:
        record = got.get(f"{cell['table']}/{cell['row']}/{cell['column']}")
        if record is None:
            continue
        if record.kind == "unreadable":
            unreadable += 1
        elif (record.value, record.kind) == (cell["value"], cell["kind"]):
            right += 1
        else:
            wrong += 1
    meta = [name for name in META if getattr(report.meta, name) != truth["meta"][name]]
    parsed = {s.number: s for s in report.sections}
    sections = sum(1 for s in truth["sections"] if (found := parsed.get(s["number"])) is not None
                   and found.heading == s["heading"] and section_prose(found) == s["text"])
    return {"printed": len(truth["cells"]), "right": right, "wrong": wrong, "unreadable": unreadable,
            "meta_wrong": meta, "sections_right": sections, "sections": len(truth["sections"])}


def main(argv: list[str]) -> int:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    tapes = "--tapes" in argv
    ocr = "--ocr" in argv or tapes
    argv = [arg for arg in argv if arg not in ("--ocr", "--tapes")]
    folder = Path(argv[0]) if argv else ROOT / "fixtures" / "generated" / "producers"
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    print(f"{'fixture':36} {'recall':>7} {'wrong':>5} {'unread':>6} {'sections':>8}  meta wrong")
    for path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["source"] == "ocr" and not ocr:
            continue
        result = measure(path.with_name(truth["file"]), truth, tapes)
        print(f"{truth['name']:36} {result['right'] / result['printed']:7.1%} {result['wrong']:5} "
              f"{result['unreadable']:6} {result['sections_right']:>4}/{result['sections']}  "
              f"{', '.join(result['meta_wrong']) or '-'}")
        path_name = "scan" if truth.get("source_fixture") else truth["source"]
        total = totals[f"{truth['producer']} ({path_name})"]
        for key in ("printed", "right", "wrong", "unreadable", "sections_right", "sections"):
            total[key] += result[key]
        total["meta_right"] += len(META) - len(result["meta_wrong"])
        total["meta"] += len(META)
    print()
    print("| producer (path) | cells printed | recall | precision | wrong | meta right | sections right |")
    print("|---|---|---|---|---|---|---|")
    for producer, t in sorted(totals.items()):
        read = t["right"] + t["wrong"]
        precision = t["right"] / read if read else 1.0
        print(f"| {producer} | {t['printed']} | {t['right'] / t['printed']:.1%} | {precision:.3f} "
              f"| {t['wrong']} | {t['meta_right']}/{t['meta']} | {t['sections_right']}/{t['sections']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
