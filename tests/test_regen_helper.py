"""The content comparison behind every regeneration test (tests/regen.py) fails where it must."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from .regen import assert_same_fixture, assert_same_folder, first_difference


def _scan_pdf(path, pixels: np.ndarray, quality: int = 90) -> None:
    """An image-only one-page PDF holding ``pixels`` as a JPEG (as fixtures/scanned.py writes them)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), mode="L").save(buffer, "JPEG", quality=quality)
    Image.open(io.BytesIO(buffer.getvalue())).save(path, "PDF", resolution=100.0)


def _page(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = np.full((200, 160), 255, dtype=np.int16)
    page[40:60, 20:140] = 0  # a black bar, like a line of text
    return np.clip(page + rng.normal(0, 1, page.shape), 0, 255)


def test_first_difference_is_short_and_exact():
    message = first_difference(b"abcdef" * 100_000, b"abcdeX" + b"abcdef" * 99_999)
    assert message.startswith("first difference at offset 5 (sizes 600000 vs 600000): ")
    assert len(message) < 250


def test_text_must_match_every_byte(tmp_path):
    (tmp_path / "a.truth.json").write_text('{"value": 1}', encoding="utf-8")
    (tmp_path / "b.truth.json").write_text('{"value": 2}', encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"a\.truth\.json differs .* offset 10"):
        assert_same_fixture(tmp_path / "a.truth.json", tmp_path / "b.truth.json")


def test_scans_pass_within_tolerance_and_fail_beyond_it(tmp_path):
    _scan_pdf(tmp_path / "committed.pdf", _page())
    _scan_pdf(tmp_path / "reencoded.pdf", _page(), quality=88)  # another encoder setting: a few levels off
    assert_same_fixture(tmp_path / "reencoded.pdf", tmp_path / "committed.pdf")
    moved = _page()
    moved[40:60, 20:140], moved[100:120, 20:140] = 255, 0  # the text line moved: a real change
    _scan_pdf(tmp_path / "moved.pdf", moved)
    with pytest.raises(pytest.fail.Exception, match=r"moved\.pdf page 1 image 1: pixels drift too far"):
        assert_same_fixture(tmp_path / "moved.pdf", tmp_path / "committed.pdf")
    _scan_pdf(tmp_path / "small.pdf", _page()[:100])
    with pytest.raises(pytest.fail.Exception, match=r"small\.pdf page 1: (page box|image boxes) differ"):
        assert_same_fixture(tmp_path / "small.pdf", tmp_path / "committed.pdf")


def test_docx_parts_compared_not_zip_bytes(tmp_path):
    for name, body, stamp in (("a.docx", b"<w:t>1</w:t>", (2024, 1, 1, 0, 0, 0)),
                              ("b.docx", b"<w:t>1</w:t>", (2025, 6, 1, 0, 0, 0)),
                              ("c.docx", b"<w:t>2</w:t>", (2024, 1, 1, 0, 0, 0))):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr(zipfile.ZipInfo("word/document.xml", stamp), body)
    assert_same_fixture(tmp_path / "b.docx", tmp_path / "a.docx")  # zip times differ, content does not
    with pytest.raises(pytest.fail.Exception, match=r"c\.docx: part word/document\.xml differs"):
        assert_same_fixture(tmp_path / "c.docx", tmp_path / "a.docx")


def test_folders_must_hold_the_same_names(tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    for folder in (fresh, committed):
        folder.mkdir()
        (folder / "x.txt").write_text("x", encoding="utf-8")
    (committed / "y.txt").write_text("y", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"new \[\], missing \['y\.txt'\]"):
        assert_same_folder(fresh, committed)
