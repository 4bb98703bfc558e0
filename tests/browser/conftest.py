"""Browser journeys: Debian's Chromium through Playwright, one browser context (session) per signed-in user.

`CARTEL_SCREENSHOTS=DIR` saves the key pages of the journeys there as PNG files (1280 px wide), e.g.
`CARTEL_SCREENSHOTS=docs/img uv run pytest tests/browser -m browser`.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cartel.parties.bootstrap import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000
# With the in-memory SQLite test database, the live server's request threads and the test share ONE connection
# (pytest-django passes it over); concurrent requests (a tab polling while another posts) then interleave their
# transactions on it ("database table is locked"). The journeys take this lock around every use of it.
SHARED_CONNECTION = threading.RLock()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every journey here is a browser test, skipped where Debian's Chromium is missing."""
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="needs Debian's Chromium at /usr/bin/chromium")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


def _one_request_at_a_time() -> type:
    """A static-files handler that lets one request (or the test's own worker run) use the database at a time."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    class OneAtATime(StaticFilesHandler):
        def __call__(self, environ: Any, start_response: Any) -> Any:
            with SHARED_CONNECTION:
                return super().__call__(environ, start_response)

    return OneAtATime


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, django_db_setup: Any) -> Iterator[Any]:
    """pytest-django's live server, started once the test database exists (so that an in-memory SQLite
    connection is handed to it, not opened again by each request thread), one request at a time on SQLite."""
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        server.thread.static_handler = _one_request_at_a_time()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Sessions:
    """Signed-in browser tabs, one context (own cookies, own language) per username."""

    def __init__(self, chromium: Any, base_url: str) -> None:
        self.chromium, self.base_url = chromium, base_url
        self.pages: dict[str, Any] = {}

    def __call__(self, username: str) -> Any:
        """The tab of `username`, signing in on first use."""
        if username not in self.pages:
            context = self.chromium.new_context(viewport=VIEWPORT)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.goto(self.base_url + "/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(self.base_url + "/")
            self.pages[username] = page
        return self.pages[username]

    def go(self, username: str, path: str) -> Any:
        """Open `path` in the tab of `username` and return the tab."""
        page = self(username)
        page.goto(self.base_url + path)
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def sessions(live_server: Any, chromium: Any, users: Any) -> Iterator[Sessions]:
    """`sessions("a-lead")` is a signed-in tab of that demo user against the live server."""
    tabs = Sessions(chromium, live_server.url)
    yield tabs
    tabs.close()


@pytest.fixture
def shoot() -> Any:
    """`shoot(page, "name")` saves the page as DIR/name.png when CARTEL_SCREENSHOTS=DIR is set."""
    target = os.environ.get("CARTEL_SCREENSHOTS", "")

    def save(page: Any, name: str) -> None:
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def run_worker() -> Any:
    """`run_worker()` runs the queued background tasks as `cartel worker` would, then returns."""
    from django.core.management import call_command

    def run() -> None:
        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            with SHARED_CONNECTION:
                call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run
