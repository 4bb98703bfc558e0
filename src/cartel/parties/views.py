"""Account pages: one's API tokens (issue, list, revoke) and the TOTP second factor (enrolment and check)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .auth import (
    SESSION_PENDING_SECRET,
    SESSION_VERIFIED,
    is_locked,
    second_factor_required,
    totp_check,
    totp_enrol,
    totp_new_secret,
    totp_uri,
)
from .models import ApiToken, Membership
from .services import api_token_issue, api_token_revoke

SESSION_NEW_TOKEN = "cartel_new_token"  # noqa: S105  (a session key name)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _membership(request: HttpRequest) -> Membership | None:
    return Membership.objects.filter(user_id=request.user.pk).first()


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: second factor status and personal API tokens."""
    membership = _membership(request)
    context = {
        "membership": membership,
        "enrolled": bool(membership and membership.totp_secret),
        "required": second_factor_required(request.user),
        "tokens": ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at"),
        "new_token": request.session.pop(SESSION_NEW_TOKEN, None),
    }
    return render(request, "parties/account.html", context)


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    """Issue a personal API token; it is shown once, on the next page."""
    label = request.POST.get("label", "").strip()[:100] or _("web")
    request.session[SESSION_NEW_TOKEN] = api_token_issue(user=request.user, actor=request.user, label=label)
    return redirect("account")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of one's own tokens at once."""
    token = ApiToken.objects.filter(pk=token_id, user=request.user, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("account")


def _qr_data_uri(uri: str) -> str:
    try:
        import segno
    except ImportError:  # the QR code is a convenience; the secret and URI are shown anyway
        return ""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


@login_required
def totp_enrol_view(request: HttpRequest) -> HttpResponse:
    """Show a new secret (text, otpauth URI, QR code) and store it once a code from the authenticator matches."""
    membership = _membership(request)
    if membership is None:
        messages.error(request, _("This account has no membership; ask your administrator."))
        return render(request, "parties/totp_enrol.html", {"membership": None})
    if membership.totp_secret and not request.session.get(SESSION_VERIFIED):
        return redirect(f"{_url('totp-verify')}?{urlencode({'next': _next(request)})}")
    secret = request.session.get(SESSION_PENDING_SECRET) or totp_new_secret()
    request.session[SESSION_PENDING_SECRET] = secret
    if request.method == "POST":
        if totp_enrol(request.user, secret, request.POST.get("code", "")):
            request.session.pop(SESSION_PENDING_SECRET, None)
            request.session.cycle_key()
            request.session[SESSION_VERIFIED] = True
            messages.success(request, _("Second factor enrolled. Keep the authenticator safe."))
            return redirect(_next(request))
        messages.error(
            request, _("That code does not match. Check the device's clock and type the current code.")
        )
    uri = totp_uri(secret, request.user.get_username())
    context = {"membership": membership, "secret": secret, "uri": uri, "qr": _qr_data_uri(uri),
               "next": _next(request), "replacing": bool(membership.totp_secret)}  # fmt: skip
    return render(request, "parties/totp_enrol.html", context)


@login_required
def totp_verify_view(request: HttpRequest) -> HttpResponse:
    """Ask for the current TOTP code after the password; too many wrong codes lock the account."""
    membership = _membership(request)
    if membership is None or not membership.totp_secret:
        return redirect(f"{_url('totp-enrol')}?{urlencode({'next': _next(request)})}")
    if request.method == "POST":
        if totp_check(request.user, request.POST.get("code", "")):
            request.session.cycle_key()
            request.session[SESSION_VERIFIED] = True
            return redirect(_next(request))
        membership.refresh_from_db()
        if is_locked(membership):
            logout(request)
            messages.error(request, _("Too many wrong codes: the account is locked for a while."))
            return redirect("login")
        messages.error(request, _("Wrong or expired code. Type the code your authenticator shows now."))
    return render(request, "parties/totp_verify.html", {"next": _next(request)})


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)
