"""A real Chromium (Debian's) through Playwright: sign in, find a person by a Latin spelling, open the page,
switch the interface to Ukrainian. With CARTEL_SCREENSHOT=PATH it also saves the dashboard there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cartel.parties.bootstrap import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def page() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        yield tab
        browser.close()


def test_find_a_person_by_latin_spelling_and_switch_language(
    live_server: Any, users: Any, registry: Any, page: Any
) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "a-operator")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.locator(".panel").first).to_be_visible()
    if target := os.environ.get("CARTEL_SCREENSHOT"):
        page.screenshot(path=target, full_page=True)

    page.click("nav.main-nav >> text=Registry")
    page.locator("#q").press_sequentially("Kovalenko Ivan", delay=20)  # live search, no submit
    hit = page.locator("#results a", has_text="КОВАЛЕНКО Іван")
    expect(hit).to_be_visible()
    expect(page.locator("#results .reason").first).to_contain_text("Коваленко ~ Kovalenko")
    hit.click()
    expect(page.locator("h1")).to_contain_text("КОВАЛЕНКО Іван Петрович")
    expect(page.locator("table").first).to_contain_text("A registry")

    page.click("button[name=language][value=uk]")
    expect(page.locator("nav.main-nav")).to_contain_text("Реєстр")
    expect(page.locator("h2", has_text="Журнал аудиту")).to_be_visible()
