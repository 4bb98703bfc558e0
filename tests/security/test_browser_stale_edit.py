"""Two people, two browsers, one record: the second, stale edit is refused with a clear message, never applied.

Two Chromium contexts (separate sessions) open the review queue on the same candidate pair. The first decides
"same person"; the second, whose page still shows the pair as undecided, clicks "different people" and is told
that the record changed since it was opened. The first decision stands.
"""

from __future__ import annotations

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
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _signed_in(browser: Any, url: str, username: str) -> Any:
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    page.goto(url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    return page


def test_second_stale_decision_is_refused_in_another_browser(
    live_server: Any, users: Any, parties: Any, browser: Any
) -> None:
    from playwright.sync_api import expect

    from cartel.registry.models import CandidatePair
    from cartel.registry.services import RecordData, source_list_create

    records = []
    for kind, (surname, given) in (("registry", ("Коваленко", "Іван")), ("requests", ("Kovalenko", "Ivan"))):
        rows = [RecordData(external_id="1", row_number=2, raw={"s": surname, "g": given},
                           fields={"surname": surname, "given_name": given, "birth_date": "1991-03-12"})]  # fmt: skip
        lst = source_list_create(
            owner=parties["A"], kind=kind, name=f"A {kind}", rows=rows, actor=users["a-operator"]
        )
        records.append(lst.records.get())
    pair = CandidatePair.objects.create(left=records[0], right=records[1], probability=0.8)

    first = _signed_in(browser, live_server.url, "a-operator")
    second = _signed_in(browser, live_server.url, "a-lead")
    for page in (first, second):
        page.goto(live_server.url + "/registry/review/")
        expect(page.locator(f"#pair-{pair.pk}")).to_be_visible()

    first.locator(f"#pair-{pair.pk} button.accept").click()
    expect(first.locator(f"#pair-{pair.pk}")).not_to_contain_text("Different people")
    pair.refresh_from_db()
    assert pair.decision == "accept"

    second.locator(f"#pair-{pair.pk} button.reject").click()
    alert = second.locator(".stale-edit[role=alert]")
    expect(alert).to_contain_text("changed by someone else since you opened it")
    expect(alert.locator("a")).to_have_text("Reload the page")
    pair.refresh_from_db()
    assert pair.decision == "accept", "the stale decision overwrote the first one"
    # After reloading, the second reviewer sees the current state and the queue no longer offers the pair.
    alert.locator("a").click()
    expect(second.locator(f"#pair-{pair.pk} button.reject")).to_have_count(0)


PAGES = ["/", "/registry/", "/registry/?q=Kovalenko", "/registry/review/", "/inquiries/", "/remains/", "/audit/",
         "/imports/", "/account/", "/account/totp/"]  # fmt: skip


def test_pages_raise_no_csp_violation_in_a_real_browser(live_server: Any, users: Any, browser: Any) -> None:
    """What the markup scan cannot see: styles or scripts injected at run time (htmx's indicator style, say)."""
    violations: list[str] = []
    for username in ("a-lead", "m-mediator"):
        page = _signed_in(browser, live_server.url, username)
        page.on("console", lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text
                else None)  # fmt: skip
        for path in PAGES:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
        page.context.close()
    assert not violations, "\n".join(violations)
