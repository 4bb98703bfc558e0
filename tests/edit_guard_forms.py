"""Reading a page's forms as a browser posts them, so tests can post a form they loaded earlier (a stale one)."""

from __future__ import annotations

import re
from typing import Any

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CHANGED = "changed by someone else since you opened it"


def form_fields(response: Any, action: str) -> dict[str, list[str]]:
    """The hidden fields of the one form on the page that posts to `action`; it must carry an edit guard."""
    html = response.content.decode()
    found = [body for attrs, body in FORM.findall(html) if f'action="{action}"' in attrs]
    assert len(found) == 1, f"{len(found)} forms post to {action}"
    fields: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(found[0]):
        fields.setdefault(name, []).append(value)
    assert fields.get("_edit_guard"), f"the form posting to {action} carries no edit guard"
    return fields


def assert_refused(response: Any, message: str = CHANGED) -> None:
    """The stale form was refused with a 409 page that says why."""
    assert response.status_code == 409, response.status_code
    assert message in response.content.decode()


def post_fresh(client: Any, page: str, action: str, data: dict[str, Any] | None = None) -> Any:
    """Load `page` now and post its form to `action` with `data`: a current form goes through (302)."""
    response = client.post(action, {**form_fields(client.get(page), action), **(data or {})})
    assert response.status_code == 302, response.status_code
    return response
