"""Which way up an OCR'd image stands, how far it is skewed, and the frame that maps it back.

Contract: ``quarter_turn(engine, rgb, boxes)`` gives the clockwise turn (0, 90, 180, 270) that
stands the image's text upright; ``reading_score(boxes)`` compares two readings of it;
``skew_angle(boxes, gray)`` is the small tilt of a scan (0 when below ``MIN_SKEW`` or above
``MAX_SKEW``), from the long text lines, or from the image's rows of ink when no line is long
(a page of table cells: short labels and digits). ``Frame`` maps deskewed, upright pixels back
to points of the page as displayed (its /Rotate applied) and gives blocks their sort key in the upright reading order.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ...document import BBox
from .engine import OcrBox

# Skew below this (degrees) is left alone; above MAX_SKEW it is not a scan's small tilt.
MIN_SKEW = 0.05
MAX_SKEW = 5.0
# A box this much wider than tall is a text line good for measuring skew.
SKEW_BOX_RATIO = 6.0
# Without such lines: the tilt (within ±PROJECTION_RANGE degrees, in PROJECTION_STEP steps) that
# makes the ink's row sums sharpest (rules and text rows level), on the image shrunk to
# PROJECTION_WIDTH pixels wide.
PROJECTION_RANGE = 2.0
PROJECTION_STEP = 0.05
PROJECTION_WIDTH = 800
# Orientation: a text line is LINE_RATIO times longer than thick; at least MIN_ORIENTATION_LINES of
# them to judge by, the ORIENTATION_SAMPLE longest asked of the direction classifier, a vote counted
# at CLS_MIN_SCORE, and this share of votes for 180° turns the image.
LINE_RATIO = 4.0
MIN_ORIENTATION_LINES = 3
ORIENTATION_SAMPLE = 9
CLS_MIN_SCORE = 0.9
UPSIDE_DOWN_SHARE = 0.6
# cv2.rotate codes for turning an image clockwise by these degrees.
QUARTER_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def quarter_turn(engine, rgb: np.ndarray, boxes: list[OcrBox]) -> int:
    """Degrees (0, 90, 180, 270) to turn the image clockwise so that its text stands upright.

    Text lines (boxes ``LINE_RATIO`` times longer than thick) mostly tall → the image lies sideways.
    Which way up is asked of the direction classifier (0° or 180°) on the longest lines, tall ones
    first turned counter-clockwise; a clear majority upside down decides."""
    wide, tall = [], []
    for b in boxes:
        x0, y0, x1, y1 = b.box
        if x1 - x0 >= LINE_RATIO * (y1 - y0):
            wide.append(b)
        elif y1 - y0 >= LINE_RATIO * (x1 - x0):
            tall.append(b)
    sideways = len(tall) > len(wide) and len(tall) >= MIN_ORIENTATION_LINES
    lines = tall if sideways else wide
    if len(lines) < MIN_ORIENTATION_LINES:
        return 0
    lines = sorted(lines, key=lambda b: max(b.box[2] - b.box[0], b.box[3] - b.box[1]), reverse=True)
    upside_down = 0
    sample = lines[:ORIENTATION_SAMPLE]
    for b in sample:
        x0, y0, x1, y1 = (round(v) for v in b.box)
        crop = rgb[max(0, y0):y1, max(0, x0):x1]
        if crop.size == 0:
            continue
        if sideways:
            crop = cv2.rotate(crop, cv2.ROTATE_90_COUNTERCLOCKWISE)
        reading = engine(np.ascontiguousarray(crop), use_det=False, use_cls=True, use_rec=False)
        label, score = reading.cls_res[0]
        upside_down += label == "180" and score >= CLS_MIN_SCORE
    flipped = upside_down >= UPSIDE_DOWN_SHARE * len(sample)
    if sideways:
        return 90 if flipped else 270
    return 180 if flipped else 0


def reading_score(boxes: list[OcrBox]) -> float:
    """Recognition confidence weighted by text length: upright text reads with far more of it."""
    return sum(b.score * len(b.text) for b in boxes)


def skew_angle(boxes: list[OcrBox], gray: np.ndarray | None = None) -> float:
    """Median slope (degrees) of the long detected lines; without long lines, the tilt that levels
    the rows of ink of ``gray`` (if given); 0 when small or not measurable."""
    slopes = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(*(b.quad[3] - b.quad[0]))
        if width >= SKEW_BOX_RATIO * max(height, 1.0):
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if not slopes:
        return 0.0 if gray is None else _projection_skew(gray)
    angle = float(np.median(slopes))
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


def _projection_skew(gray: np.ndarray) -> float:
    """The rotation (degrees, as ``skew_angle``) whose ink row sums have the largest sum of squares."""
    factor = min(1.0, PROJECTION_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink.astype(np.float32) / 255.0
    height, width = ink.shape
    steps = round(PROJECTION_RANGE / PROJECTION_STEP)
    best, best_score = 0.0, -1.0
    for step in range(-steps, steps + 1):
        angle = step * PROJECTION_STEP
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        rows = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_LINEAR).sum(axis=1)
        score = float(np.dot(rows, rows))
        if score > best_score:
            best, best_score = angle, score
    return best if MIN_SKEW <= abs(best) <= MAX_SKEW else 0.0


class Frame:
    """Deskewed pixels ↔ page points: rotation about the image centre, the quarter turn that made
    the image upright undone (``turn`` degrees clockwise, from the displayed image of
    ``displayed_shape``), then scale and offset."""

    def __init__(self, shape, angle: float, scale: float, offset, turn: int = 0, displayed_shape=None):
        height, width = shape[:2]
        self.matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        self.inverse = cv2.invertAffineTransform(self.matrix)
        self.scale = scale
        self.offset = offset
        self.turn = turn
        shown_height, shown_width = (displayed_shape or shape)[:2]
        self.shown_height = shown_height
        self.upright_height = height
        self.turned = _turn_matrix(turn, shown_width, shown_height)  # displayed → upright pixels
        self.to_page = _compose(cv2.invertAffineTransform(self.turned), self.inverse)

    def rotate(self, points: np.ndarray) -> np.ndarray:
        return points @ self.matrix[:, :2].T + self.matrix[:, 2]

    def reading_top(self, page_box: BBox) -> float:
        """Sort key of a block at ``page_box`` (page points): its top in the upright image, mapped
        into the image's span of the page so that keys still interleave with text-layer blocks."""
        x0, y0, x1, y1 = ((v - o) * self.scale for v, o in zip(page_box, self.offset * 2, strict=True))
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        top = float((corners @ self.turned[:, :2].T + self.turned[:, 2])[:, 1].min())
        return self.offset[1] + top * self.shown_height / self.upright_height / self.scale

    def page_box(self, box_points: BBox) -> BBox:
        """A box in deskewed points → the box enclosing it on the page, in page points."""
        x0, y0, x1, y1 = (v * self.scale for v in box_points)
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        page = corners @ self.to_page[:, :2].T + self.to_page[:, 2]
        xs = page[:, 0] / self.scale + self.offset[0]
        ys = page[:, 1] / self.scale + self.offset[1]
        return (round(float(xs.min()), 2), round(float(ys.min()), 2),
                round(float(xs.max()), 2), round(float(ys.max()), 2))


def _turn_matrix(turn: int, width: float, height: float) -> np.ndarray:
    """2×3 affine map: pixels of a ``width`` × ``height`` image → that image turned ``turn``° clockwise."""
    return np.array({
        0: [[1, 0, 0], [0, 1, 0]],
        90: [[0, -1, height], [1, 0, 0]],
        180: [[-1, 0, width], [0, -1, height]],
        270: [[0, 1, 0], [-1, 0, width]],
    }[turn], dtype=np.float64)


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The 2×3 affine map ``outer ∘ inner``."""
    return np.hstack([outer[:, :2] @ inner[:, :2], (outer[:, :2] @ inner[:, 2] + outer[:, 2])[:, None]])


def to_points(box, scale: float) -> BBox:
    return tuple(v / scale for v in box)  # type: ignore[return-value]
