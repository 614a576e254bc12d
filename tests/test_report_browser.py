"""The report in a real browser: Debian's headless Chromium, driven by Playwright's Python package.

Only `pip install playwright` is needed (never `playwright install`): the browser is /usr/bin/chromium
(`scripts/provision-browser` installs it; the README's test command and .ci/run call it), or
$SOCIALVIEWS_CHROMIUM. A missing browser fails the test. Set $SOCIALVIEWS_SCREENSHOT to a path to keep a screenshot of the report there
(that is how docs/report-screenshot.png is made).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from socialviews.cli import app
from socialviews.report.html import SECTIONS, build_report
from tests.test_analysis import classified

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "samples" / "ldinsight_generic.csv"
CHROMIUM = Path(os.environ.get("SOCIALVIEWS_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
NETWORK = re.compile(r"^(?!file:|data:|about:|chrome|devtools)[a-z][a-z0-9+.-]*:", re.I)


@pytest.fixture()
def browser(tmp_path):
    """A fresh Chromium profile; yields (context, urls of every request that left for the network)."""
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run scripts/provision-browser"
    left: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1100, "height": 1400}, timeout=60_000,
        )
        context.on("request", lambda request: left.append(request.url) if NETWORK.match(request.url) else None)
        context.route(NETWORK, lambda route: route.abort())  # nothing may leave, even if something tries
        try:
            yield context, left
        finally:
            context.close()


def test_the_network_log_catches_a_request(browser, tmp_path):
    context, left = browser
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><img src="http://example.invalid/pixel.png">', encoding="utf-8")
    page = context.new_page()
    page.goto(control.as_uri())
    page.wait_for_load_state("load")
    assert left == ["http://example.invalid/pixel.png"]


def test_report_renders_every_section_offline(browser, trained_store, tmp_path):
    context, left = browser
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(SAMPLE), "-o", str(out), "--models-dir", str(trained_store)])
    assert result.exception is None and result.exit_code == 0, result.output

    page = context.new_page()
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    ids = page.eval_on_selector_all("main > section", "sections => sections.map(s => s.id)")
    assert ids == [sid for sid in SECTIONS if sid != "chats"]
    for sid in ids:
        assert page.locator(f"#{sid} > h2").is_visible(), sid
    assert page.locator("#questions article.question").count() == 3
    assert page.locator("#participants tbody tr").count() == 6
    assert page.locator("svg").count() > 10
    assert left == []

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1100, "height": 1400})
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SOCIALVIEWS_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["SOCIALVIEWS_SCREENSHOT"])

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert left == []


def test_a_pseudonym_in_the_participant_table_stays_on_one_line(browser, tmp_path):
    context, _ = browser
    out = tmp_path / "anon.html"
    out.write_text(build_report(classified(), anonymise=True, key="k"), encoding="utf-8")
    page = context.new_page()
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    lines = page.eval_on_selector_all("#participants tbody th .who", "whos => whos.map(w => w.getClientRects().length)")
    assert lines and set(lines) == {1}  # not "participant-" on one line and "7f3a" on the next
