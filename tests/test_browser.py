"""The headless-Chromium helpers of tests/browser.py catch what they promise to catch."""

from __future__ import annotations

import pytest

from .browser import load_page, page_errors, requires_chromium

BROKEN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script>console.error("from the head");</script></head>
<body><p id="state">?</p><img src="missing.png">
<script>document.getElementById("state").textContent = location.hash; notDefined();</script>
</body></html>
"""


@pytest.mark.slow
@requires_chromium
def test_page_errors_catch_script_console_and_resource_errors(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    dom, errors = load_page(page, fragment="rule=T4-1")
    assert '<p id="state">#rule=T4-1</p>' in dom
    assert len(errors) == 3
    assert errors[0] == "console.error: from the head"
    assert errors[1].startswith("Uncaught ReferenceError: notDefined is not defined")
    assert errors[2] == f"failed to load {(tmp_path / 'missing.png').as_uri()}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.html"]  # the probe copy is gone
    page.write_text(BROKEN_PAGE.replace("notDefined();", "").replace('<img src="missing.png">', "")
                    .replace('console.error("from the head");', ""), encoding="utf-8")
    assert page_errors(page) == []
