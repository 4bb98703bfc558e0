"""Request guards: the TOTP second factor, stale-edit refusal, and a clear page when the database is down.

- `SecondFactorMiddleware`: after a password sign-in, an account that needs a second factor (see
  `auth.second_factor_required`) reaches nothing but the TOTP pages, sign-out and static files until it passes.
- `EditGuardMiddleware`: a posted form carrying `_edit_guard` tokens is refused (409, or a swapped message for htmx)
  when its record changed since the page was rendered; see `guard.py`.
- `DatabaseUnavailableMiddleware` and `server_error`: a lost database connection is answered with a 503 page that
  says so, never hidden behind a blank page or a misleading message; it is also logged.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .auth import SESSION_VERIFIED, second_factor_required
from .guard import FIELD, guard_tokens_check

log = logging.getLogger("cartel.security")

OPEN_URL_NAMES = {"login", "logout", "totp-verify", "totp-enrol", "set_language"}
OPEN_PREFIXES = ("/static/",)
UNAVAILABLE = (OperationalError, InterfaceError)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


class SecondFactorMiddleware:
    """Hold a password-only session at the TOTP step until the code is given."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_VERIFIED)
            and not self._open(request)
            and second_factor_required(user)
        ):
            if _wants_json(request):
                return JsonResponse(
                    {"detail": _("Second factor required: sign in on the web first.")}, status=403
                )
            membership = getattr(user, "membership", None)
            target = "totp-verify" if membership is not None and membership.totp_secret else "totp-enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith(OPEN_PREFIXES):
            return True
        if request.path.startswith("/api/") and request.headers.get("Authorization", "").startswith(
            "Bearer "
        ):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in OPEN_URL_NAMES


class EditGuardMiddleware:
    """Refuse a posted edit whose record changed since the form was shown."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.method != "POST" or request.path.startswith("/api/"):
            return None
        tokens = request.POST.getlist(FIELD)
        if not tokens:
            return None
        refusal = guard_tokens_check(tokens)
        if refusal is None:
            return None
        log.info("stale edit refused: %s %s", request.method, request.path)
        context = {"message": refusal, "back": _same_site_referer(request)}
        if getattr(request, "htmx", False):
            return HttpResponse(render_to_string("parties/stale_fragment.html", context, request=request))
        return HttpResponse(render_to_string("parties/stale.html", context, request=request), status=409)


def _same_site_referer(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return request.path


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer for a database that cannot be reached; renders without touching the database."""
    message = _(
        "The database cannot be reached right now, so this request was not completed and nothing from it was "
        "saved. Try again in a minute; if it goes on, tell your administrator."
    )
    if _wants_json(request):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string(
                "parties/unavailable.html", {"message": message, "title": _("Service unavailable")}
            ),
            status=503,
        )
    response["Retry-After"] = "60"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection in a view into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            log.error("database unavailable during %s %s: %s", request.method, request.path, exception)
            return unavailable_response(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the 503 page when the cause is the database, otherwise a plain 500 page without details."""
    exc = sys.exc_info()[1]
    if isinstance(exc, UNAVAILABLE):
        log.error("database unavailable during %s %s: %s", request.method, request.path, exc)
        return unavailable_response(request)
    if isinstance(exc, DatabaseError):
        log.error("database error during %s %s: %s", request.method, request.path, exc)
    message = _(
        "Something went wrong on the server; the error was logged. Try again, or tell your administrator."
    )
    context = {"message": message, "title": _("Server error")}
    return HttpResponse(render_to_string("parties/unavailable.html", context), status=500)
