"""Headless Chromium for tests of HTML pages (contracts.md §4).

``render_dom(path)`` is the DOM after the page's scripts ran (``chromium --headless --dump-dom``);
``fragment`` or ``query`` are appended to the ``file://`` URL, so a page that reads its state from
``location.hash`` can be tested in a given state. ``page_errors(path)`` lists uncaught script
errors, unhandled promise rejections, ``console.error`` calls and resources that failed to load
(images, scripts, stylesheets): it loads a copy of the page, written next to it so relative links
still resolve, with a first script that records them into an attribute of ``<html>``.
``load_page(path, fragment)`` gives both from one Chromium run (each run takes a second or more).
(Chromium's ``--enable-logging=stderr`` also prints console lines here, but without their level
and without failed image loads, so the probe is the more exact of the two.)

Mark tests that call these with ``@requires_chromium``: they skip when ``chromium`` is not on PATH.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT_SECONDS = 60

requires_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

_ERRORS_ATTRIBUTE = "data-page-errors"
_PROBE = """<script>(function () {
  var errors = [];
  function record(text) {
    errors.push(String(text));
    document.documentElement.setAttribute('ATTRIBUTE', JSON.stringify(errors));
  }
  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      record('failed to load ' + (target.src || target.href));
    } else {
      record((event.message || 'error') + ' (' + (event.filename || '') + ':' + (event.lineno || 0) + ')');
    }
  }, true);
  window.addEventListener('unhandledrejection', function (event) { record('unhandled rejection: ' + event.reason); });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
  document.documentElement.setAttribute('ATTRIBUTE', '[]');
})();</script>""".replace("ATTRIBUTE", _ERRORS_ATTRIBUTE)


def render_dom(html_path: str | Path, fragment: str = "", query: str = "") -> str:
    """The serialised DOM of ``html_path`` after its scripts ran. Skips when Chromium is absent."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    url = Path(html_path).resolve().as_uri()
    if query:
        url += "?" + query.lstrip("?")
    if fragment:
        url += "#" + fragment.lstrip("#")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--allow-file-access-from-files", f"--user-data-dir={profile}", "--dump-dom", url],
            check=False, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
    if result.returncode != 0 or "<html" not in result.stdout:
        raise RuntimeError(f"chromium failed on {url} (exit {result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def page_errors(html_path: str | Path) -> list[str]:
    """Script errors, console errors and failed resource loads while ``html_path`` loads."""
    return load_page(html_path)[1]


def load_page(html_path: str | Path, fragment: str = "") -> tuple[str, list[str]]:
    """``(render_dom(...), page_errors(...))`` from one Chromium run (the DOM includes the probe)."""
    path = Path(html_path).resolve()
    text = path.read_text(encoding="utf-8")
    handle, probe_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.probe-", suffix=".html")
    probe = Path(probe_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(_with_probe(text))
        dom = render_dom(probe, fragment=fragment)
    finally:
        probe.unlink(missing_ok=True)
    start = dom.find(f'{_ERRORS_ATTRIBUTE}="')
    if start < 0:
        return dom, ["the error probe did not run (the page replaced <html> or blocked scripts)"]
    start += len(_ERRORS_ATTRIBUTE) + 2
    return dom, json.loads(html.unescape(dom[start:dom.index('"', start)]))


def _with_probe(text: str) -> str:
    """The page with the probe as its first script: right after <head>, or after <!DOCTYPE>/<html>."""
    lower = text.lower()
    for tag in ("<head", "<html"):
        at = lower.find(tag)
        if at >= 0:
            end = lower.index(">", at) + 1
            return text[:end] + _PROBE + text[end:]
    at = lower.find("<!doctype")
    end = lower.index(">", at) + 1 if at >= 0 else 0
    return text[:end] + _PROBE + text[end:]
