"""Compare a regenerated fixture with the committed one by content, not by bytes.

The generators are ours and deterministic, but the bytes of a PDF, JPEG or DOCX also depend on
unpinned binary libraries (reportlab, Pillow, OpenCV, pdfium, zlib). So:

- text files (truth JSON, text dumps, HTML, CSV) must be identical: our code writes every byte;
- PDFs must have the same pages, the same characters at the same places (0.01 pt), the same
  ruling lines and rectangles, and images of the same size whose decoded pixels agree within
  ``IMAGE_TOLERANCE`` (a re-encoded JPEG or a resampled skew moves a few grey levels);
- DOCX files must hold the same parts with the same XML.

Failures name the file and the first difference in one short line: never a bare ``assert a == b``
on large values, whose diff can run for minutes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from PIL import Image

TEXT_SUFFIXES = {".json", ".txt", ".md", ".html", ".htm", ".shtml", ".csv", ".jsonl"}


@dataclass(frozen=True)
class ImageTolerance:
    """How far two decodings of the same scan may drift: measured drift between OpenCV 4.x and 5.1
    with Pillow 13 is a mean of 0.02 grey levels and no pixel fraction above 32 levels."""

    mean_abs: float = 1.0  # mean absolute difference, grey levels 0..255
    far_fraction: float = 0.001  # share of pixels that may differ by more than FAR levels
    far: int = 32


IMAGE_TOLERANCE = ImageTolerance()


def first_difference(fresh: bytes | str, committed: bytes | str) -> str:
    """A one-line description of where two byte strings or texts first differ."""
    limit = min(len(fresh), len(committed))
    offset = next((i for i in range(limit) if fresh[i] != committed[i]), limit)
    return (f"first difference at offset {offset} (sizes {len(fresh)} vs {len(committed)}): "
            f"{fresh[offset:offset + 40]!r} vs {committed[offset:offset + 40]!r}")


def assert_same_fixture(fresh: Path, committed: Path) -> None:
    """Fail with one short message unless ``fresh`` has the content of ``committed``."""
    if not committed.exists():
        pytest.fail(f"{fresh.name}: regenerated, but no committed copy exists")
    suffix = fresh.suffix.lower()
    if suffix == ".pdf":
        _assert_same_pdf(fresh, committed)
    elif suffix == ".docx":
        _assert_same_docx(fresh, committed)
    else:  # text we write ourselves, or any other file: every byte
        new, old = fresh.read_bytes(), committed.read_bytes()
        if new != old:
            pytest.fail(f"{fresh.name} differs from the committed copy (regenerate): {first_difference(new, old)}")


def assert_same_folder(fresh_dir: Path, committed_dir: Path, names: list[str] | None = None) -> None:
    """The same file names (all of ``committed_dir`` unless ``names``), each with the same content."""
    fresh_names = sorted(p.name for p in fresh_dir.iterdir() if p.is_file())
    expected = sorted(names) if names is not None else sorted(p.name for p in committed_dir.iterdir() if p.is_file())
    if fresh_names != expected:
        new, missing = sorted(set(fresh_names) - set(expected)), sorted(set(expected) - set(fresh_names))
        pytest.fail(f"regenerated files differ from {committed_dir.name}/: new {new}, missing {missing}")
    for name in fresh_names:
        assert_same_fixture(fresh_dir / name, committed_dir / name)


def _assert_same_docx(fresh: Path, committed: Path) -> None:
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
        new_parts, old_parts = sorted(new.namelist()), sorted(old.namelist())
        if new_parts != old_parts:
            pytest.fail(f"{fresh.name}: parts differ: {sorted(set(new_parts) ^ set(old_parts))}")
        for part in new_parts:
            a, b = new.read(part), old.read(part)
            if a != b:
                pytest.fail(f"{fresh.name}: part {part} differs: {first_difference(a, b)}")


def _assert_same_pdf(fresh: Path, committed: Path) -> None:
    with pdfplumber.open(fresh) as new, pdfplumber.open(committed) as old:
        if len(new.pages) != len(old.pages):
            pytest.fail(f"{fresh.name}: {len(new.pages)} pages, committed {len(old.pages)}")
        for number, (a, b) in enumerate(zip(new.pages, old.pages, strict=True), start=1):
            where = f"{fresh.name} page {number}"
            for what, extract in (("page box", _page_box), ("characters", _chars), ("lines", _lines),
                                  ("rectangles", _rects), ("curves", _curves), ("image boxes", _image_boxes)):
                left, right = extract(a), extract(b)
                if left != right:
                    pytest.fail(f"{where}: {what} differ: {_first_item_difference(left, right)}")
            for index, (x, y) in enumerate(zip(a.images, b.images, strict=True), start=1):
                _assert_close_images(_pixels(x), _pixels(y), f"{where} image {index}")


def _first_item_difference(left: list, right: list) -> str:
    for index, (x, y) in enumerate(zip(left, right, strict=False)):
        if x != y:
            return f"item {index}: {x!r} vs {y!r}"
    return f"{len(left)} vs {len(right)} items"


def _round(values, places: int = 2) -> tuple:
    return tuple(round(float(v), places) for v in values)


def _page_box(page) -> list:
    return [_round(page.bbox)]


def _chars(page) -> list:
    return [(c["text"], *_round((c["x0"], c["top"], c["x1"], c["bottom"]))) for c in page.chars]


def _lines(page) -> list:
    return sorted(_round((o["x0"], o["top"], o["x1"], o["bottom"])) for o in page.lines)


def _rects(page) -> list:
    return sorted(_round((o["x0"], o["top"], o["x1"], o["bottom"])) for o in page.rects)


def _curves(page) -> list:
    return sorted(_round((o["x0"], o["top"], o["x1"], o["bottom"])) for o in page.curves)


def _image_boxes(page) -> list:
    return [(*_round((o["x0"], o["top"], o["x1"], o["bottom"])), o["srcsize"]) for o in page.images]


def _pixels(image: dict) -> np.ndarray:
    """The decoded grey pixels of a PDF image (JPEG through Pillow, other filters through pdfminer)."""
    stream = image["stream"]
    filters = stream.get_filters()
    if filters and filters[-1][0].name == "DCTDecode":
        picture = Image.open(io.BytesIO(stream.get_rawdata()))
    else:
        width, height = image["srcsize"]
        data = np.frombuffer(stream.get_data(), dtype=np.uint8)
        channels = data.size // (width * height)
        picture = Image.fromarray(data[: width * height * channels].reshape(height, width, channels).squeeze())
    return np.asarray(picture.convert("L"), dtype=np.int16)


def _assert_close_images(new: np.ndarray, old: np.ndarray, where: str,
                         tolerance: ImageTolerance = IMAGE_TOLERANCE) -> None:
    if new.shape != old.shape:
        pytest.fail(f"{where}: size {new.shape}, committed {old.shape}")
    difference = np.abs(new - old)
    mean, far = float(difference.mean()), float((difference > tolerance.far).mean())
    if mean > tolerance.mean_abs or far > tolerance.far_fraction:
        pytest.fail(f"{where}: pixels drift too far (mean {mean:.3f} > {tolerance.mean_abs} or "
                    f"{far:.4%} of pixels off by more than {tolerance.far} > {tolerance.far_fraction:.2%})")
