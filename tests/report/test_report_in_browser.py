"""Open a report in a real headless Chromium: no console messages, every image decoded, a screenshot.

Needs Debian's ``chromium`` (``.ci/run`` installs it). The screenshot is kept in pytest's temporary
folder (its path is printed with ``-s``); set ``LRDOCTOR_SCREENSHOT_DIR`` to keep it elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lrdoctor.findings import RunReport
from lrdoctor.report.html import render_html

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install chromium)")


def open_in_browser(page: Path, screenshot: Path, height: int = 2200) -> tuple[str, str]:
    """Load ``page`` headless; returns (serialised DOM after load, the browser's log on stderr)."""
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", f"--window-size=1280,{height}", f"--screenshot={screenshot}",
         "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def console_messages(log: str) -> list[str]:
    """Lines of the browser log that come from the page's console (errors, warnings, uncaught)."""
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def test_console_messages_are_detected(tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is caught."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><p>x</p><script>console.error("boom"); missing();</script>')
    _, log = open_in_browser(page, tmp_path / "broken.png", height=300)
    messages = console_messages(log)
    assert any("boom" in m for m in messages) and any("missing" in m for m in messages)


#: Added to a copy of the report (the report itself has no script): counts the decoded images.
PROBE = ("<script>addEventListener('load', () => document.body.setAttribute('data-decoded', "
         "[...document.images].filter(i => i.complete && i.naturalWidth > 0).length));</script>")


def test_report_opens_cleanly_and_screenshots(faulty_report: RunReport, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    html = render_html([faulty_report])
    assert "<script" not in html
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    folder = Path(os.environ.get("LRDOCTOR_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    screenshot = folder / "report.png"
    dom, log = open_in_browser(page, screenshot)
    assert console_messages(log) == []
    assert dom.count("<img") == html.count("<img") >= 3
    assert f'data-decoded="{html.count("<img")}"' in dom
    assert dom.count('<article class="card') == len(faulty_report.findings)
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 50_000
    print(f"screenshot: {screenshot}")
