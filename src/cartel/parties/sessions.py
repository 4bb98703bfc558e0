"""Idle sign-ins expire after `conf.SESSION_MINUTES` without a request, without a database write per page.

Django's `SESSION_SAVE_EVERY_REQUEST` would push the expiry forward on every request: one write and one commit per
page view, the largest fixed cost of a page once the figures are cached. `SessionTouchMiddleware` saves a signed-in
session only when its last save is `TOUCH_EVERY_S` old or more, so the idle limit holds to within that minute
(between `SESSION_MINUTES - 1` and `SESSION_MINUTES` of inactivity) at one write per user per minute. Sessions
written for other reasons (sign-in, language, second factor) are saved as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

TOUCH_EVERY_S = 60
TOUCHED = "_touched_at"


class SessionTouchMiddleware:
    """Listed after `SessionMiddleware`: marks a signed-in session to be saved once its last save is a minute old."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session: Any = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - int(session.get(TOUCHED, 0)) >= TOUCH_EVERY_S:
            session[TOUCHED] = (
                now  # saved (and the cookie's expiry renewed) by SessionMiddleware on the way out
            )
        return response
