"""Recorded OCR: replay what RapidOCR returned for a scan, so most OCR tests cost no OCR.

A *tape* (``<scan>.ocr.json`` beside the scan) lists every engine call one ``govdisclose.parse``
of that scan made, in order: which engine (``page`` or ``crop``), the image's shape, the flags, and
what came back (boxes, texts, scores, direction-classifier labels). ``parse_from_tape`` parses with
engines that answer from the tape; everything else (rendering, rules, deskew, columns, mapping,
validation) runs for real. A call the tape does not hold, or holds for an image of another size
(more than ``SHAPE_SLACK`` pixels off: the code changed, not the pixels), is passed to the real
engine and counted in ``Replay.misses``; re-record the tapes when that happens:

    python -m tests.ocr_tape            # records a tape beside every scan fixture
    python -m tests.ocr_tape FILE.pdf   # one PDF (e.g. fixtures/generated/producers/*_ocr.pdf)

The tests that run the engine end to end (``LIVE_SCANS``) keep the real OCR covered.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

import govdisclose
from govdisclose.sources.pdf_ocr import engine as engine_module

ROOT = Path(__file__).resolve().parents[1]
SCAN_FOLDERS = tuple(ROOT / "fixtures" / "generated" / folder
                     for folder in ("scanned", "scanned_unruled", "scanned_producers"))
TAPE_SUFFIX = ".ocr.json"
SHAPE_SLACK = 4  # pixels an image may differ by (another pdfium/OpenCV) and still be the same call


_REAL_ENGINES: dict[str, object] = {}


def real_engine(kind: str):
    """The real RapidOCR engine of ``kind``, built as ``ocr_engine`` builds it (not the stand-ins)."""
    if kind not in _REAL_ENGINES:
        from rapidocr import RapidOCR

        params = engine_module.PAGE_PARAMS if kind == "page" else engine_module.CROP_PARAMS
        _REAL_ENGINES[kind] = RapidOCR(params=params)
    return _REAL_ENGINES[kind]


def tape_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + TAPE_SUFFIX)


def _plain(result) -> dict:
    """What a RapidOCR result holds that govdisclose reads, as JSON-ready lists."""
    boxes = getattr(result, "boxes", None)
    return {
        "boxes": None if boxes is None else np.asarray(boxes, dtype=float).round(2).tolist(),
        "txts": list(getattr(result, "txts", None) or []),
        "scores": [round(float(s), 5) for s in (getattr(result, "scores", None) or [])],
        "cls_res": [[str(label), round(float(score), 5)] for label, score in (getattr(result, "cls_res", None) or [])],
    }


def _result(answer: dict) -> SimpleNamespace:
    boxes = None if answer["boxes"] is None else np.asarray(answer["boxes"], dtype=np.float32)
    return SimpleNamespace(boxes=boxes, txts=tuple(answer["txts"]) or None,
                           scores=tuple(answer["scores"]) or None,
                           cls_res=[tuple(pair) for pair in answer["cls_res"]] or None)


@dataclass
class Recorder:
    """Engines that call the real ones and write down every call; the parse that records sees the
    answers as the tape holds them (boxes rounded to 0.01 px), as every replay will."""

    calls: list[dict] = field(default_factory=list)

    def engine(self, kind: str):
        real = real_engine(kind)

        def call(image, **flags):
            answer = _plain(real(image, **flags))
            self.calls.append({"kind": kind, "shape": list(np.shape(image)), "flags": flags, **answer})
            return _result(answer)  # what a replay will see (boxes rounded), so replays take the same path
        return call


@dataclass
class Replay:
    """Engines that answer from a tape, in call order per engine kind; misses go to the real engine."""

    calls: list[dict]
    misses: int = 0
    _next: dict[str, int] = field(default_factory=dict)

    def engine(self, kind: str):
        queue = [c for c in self.calls if c["kind"] == kind]

        def call(image, **flags):
            index = self._next.get(kind, 0)
            self._next[kind] = index + 1
            if index < len(queue) and self._matches(queue[index], image, flags):
                return _result(queue[index])
            self.misses += 1
            return real_engine(kind)(image, **flags)
        return call

    @staticmethod
    def _matches(recorded: dict, image, flags: dict) -> bool:
        shape = np.shape(image)
        return (recorded["flags"] == flags and len(shape) == len(recorded["shape"])
                and all(abs(a - b) <= SHAPE_SLACK for a, b in zip(shape, recorded["shape"], strict=True)))


def _parse_with(engines, path: Path) -> govdisclose.AnnualReport:
    """Parse ``path`` with ``engines.engine(kind)`` standing in for the shared RapidOCR engines."""
    saved = dict(engine_module._ENGINES)
    try:
        engine_module._ENGINES.update({kind: engines.engine(kind) for kind in ("page", "crop")})
        return govdisclose.parse(path)
    finally:
        engine_module._ENGINES.clear()
        engine_module._ENGINES.update(saved)


def parse_from_tape(path: Path, tape: Path | None = None) -> tuple[govdisclose.AnnualReport, Replay]:
    """Parse a scan answering OCR calls from its tape (``<scan>.ocr.json`` unless ``tape``)."""
    recorded = json.loads((tape or tape_path(path)).read_text(encoding="utf-8"))
    replay = Replay(recorded["calls"])
    return _parse_with(replay, path), replay


def record(path: Path, tape: Path | None = None) -> Path:
    """Parse ``path`` with the real engines and write the tape of every call they answered."""
    recorder = Recorder()
    _parse_with(recorder, path)
    out = tape or tape_path(path)
    text = json.dumps({"scan": path.name, "calls": recorder.calls}, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged-font notes of the scans' PDFs
    scans = [Path(a) for a in argv] or sorted(p for folder in SCAN_FOLDERS for p in folder.glob("*.pdf"))
    for scan in scans:
        print(record(scan).name, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
