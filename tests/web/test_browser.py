"""A real browser (Debian's chromium through Playwright) clicking through the site at phone and desktop widths."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("ETSTATS_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"chromium not found at {CHROMIUM} (scripts/test.sh installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert page.viewport_size is not None and width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_to_evening_to_map_to_player(
    browser: Browser, live_site: str, viewport: ViewportSize, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_site + "/")
    assert page.locator("h1").first.inner_text() == "Latest evening"
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 24, 39)"  # the CSS loaded
    _no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    page.click("section.evening h2 a")
    page.wait_for_url("**/evenings/2025-11-11?source=local")
    assert page.locator("h1").inner_text() == "Tuesday 2025-11-11"
    _no_sideways_scroll(page)

    page.click("ol.maps li:last-child a")
    page.wait_for_url("**/maps/*")
    assert page.locator("h1").inner_text() == "braundorf_b4"
    assert page.locator("section.round").count() == 2
    if viewport is DESKTOP:  # the two rounds side by side
        first, second = (page.locator("section.round").nth(i).bounding_box() for i in range(2))
        assert first and second and abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"]
    _no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "map.png"), full_page=True)

    page.click("section.group table a.name >> text=vid")
    page.wait_for_url("**/players/D8423F90")
    assert page.locator("h1").inner_text() == "vid"
    chart = page.locator("svg.chart").bounding_box()
    assert chart is not None and chart["width"] <= viewport["width"] and chart["height"] > 100
    _no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "player.png"), full_page=True)
    assert failed == []
    context.close()
    if os.environ.get("ETSTATS_SCREENSHOTS"):
        target = Path(os.environ["ETSTATS_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        for shot in tmp_path.glob("*.png"):
            shutil.copyfile(shot, target / f"{viewport['width']}-{shot.name}")


def test_search_form_works_without_javascript(browser: Browser, live_site: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + "/records")
    page.fill("form.search input[name=q]", "d8423f90")
    page.click("form.search button")
    page.wait_for_url("**/players/D8423F90")
    assert page.locator("h1").inner_text() == "vid"
    context.close()
