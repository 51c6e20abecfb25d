"""The OCR engine call: shared RapidOCR engines and what one pass of them reads.

Contract: ``ocr_engine(kind)`` returns the shared engine for whole images (``page``) or cell crops
(``crop``), ``MissingDependency`` without the ``ocr`` extra (rapidocr on onnxruntime; its models
ship inside the wheel, nothing is downloaded). ``read_boxes(engine, rgb)`` is one detection +
recognition pass over an image: ``OcrBox`` per text line, text NFKC-normalised, empty ones dropped.
``recognise(engine, crops)`` reads crops on their own; ``cell_text(boxes)`` joins boxes into one
cell's text (lines top to bottom, words left to right) with the lowest confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ...errors import MissingDependency
from ...normalize import nfkc

# Engine settings: pages read without the direction classifier (orientation is settled once per
# image, see ``quarter_turn``); for cell crops, detection at the
# crop's own size (the page default scales the short side up to 736 px, 10× for a cell).
PAGE_PARAMS = {"Global.log_level": "error", "Global.use_cls": False}
CROP_PARAMS = {**PAGE_PARAMS, "Det.limit_type": "max", "Det.limit_side_len": 736}

_ENGINES: dict[str, object] = {}


def ocr_engine(kind: str = "page"):
    """A shared RapidOCR engine (``page`` or ``crop``); ``MissingDependency`` without the ``ocr`` extra."""
    if kind not in _ENGINES:
        try:
            from rapidocr import RapidOCR
        except ImportError as error:
            raise MissingDependency(
                "this PDF has pages without a usable text layer; OCR needs the ocr extra: "
                "pip install 'govdisclose[ocr]'"
            ) from error
        _ENGINES[kind] = RapidOCR(params=PAGE_PARAMS if kind == "page" else CROP_PARAMS)
    return _ENGINES[kind]


@dataclass
class OcrBox:
    """One detected text line: text, confidence, and its corners in deskewed pixels."""

    text: str
    score: float
    quad: np.ndarray  # 4×2

    @property
    def box(self) -> tuple[float, float, float, float]:
        xs, ys = self.quad[:, 0], self.quad[:, 1]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2


def read_boxes(engine, rgb: np.ndarray) -> list[OcrBox]:
    """One detection + recognition pass (no direction classifier), NFKC text, empty boxes dropped."""
    result = engine(rgb, use_det=True, use_cls=False, use_rec=True)
    quads = result.boxes if result.boxes is not None else []
    boxes = [
        OcrBox(nfkc(text).strip(), float(score), np.asarray(quad, dtype=np.float64))
        for quad, text, score in zip(quads, result.txts or (), result.scores or (), strict=False)
    ]
    return [b for b in boxes if b.text]


def cell_text(boxes: list[OcrBox]) -> tuple[str, float | None]:
    """Boxes of one cell read in lines (top to bottom, left to right); confidence is the lowest."""
    if not boxes:
        return "", None
    lines: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: b.centre[1]):
        if lines and abs(b.centre[1] - lines[-1][-1].centre[1]) < (b.box[3] - b.box[1]) / 2:
            lines[-1].append(b)
        else:
            lines.append([b])
    text = "\n".join(" ".join(b.text for b in sorted(line, key=lambda b: b.box[0])) for line in lines)
    return text, min(b.score for b in boxes)


def recognise(engine, crops: list[np.ndarray]) -> list[tuple[str, float | None]]:
    """Cell crops read on their own (padded white) with detection + recognition, so a wrapped
    label reads line by line. Recognition alone is never tried: on a crop without a detected
    line it invents digits from noise."""
    readings: list[tuple[str, float | None]] = []
    for crop in crops:
        padded = cv2.cvtColor(cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255),
                              cv2.COLOR_GRAY2RGB)
        result = engine(padded, use_det=True, use_cls=False, use_rec=True)
        boxes = [
            OcrBox(nfkc(text).strip(), float(score), np.asarray(quad, dtype=np.float64))
            for quad, text, score in zip(result.boxes if result.boxes is not None else [],
                                         result.txts or (), result.scores or (), strict=False)
        ]
        readings.append(cell_text([b for b in boxes if b.text]))
    return readings
