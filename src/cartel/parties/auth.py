"""Sign-in: account lockout after repeated failures, and the TOTP second factor.

`LockoutBackend` refuses a locked account exactly as it refuses a wrong password (the same message, the same work),
so a failed sign-in never tells whether the account exists. Every failure is counted on the membership by the
`user_login_failed` signal and audited; `conf.LOCKOUT_FAILURES` failures in a row lock the account for
`conf.LOCKOUT_MINUTES`. The second factor is a TOTP code (RFC 6238, 30-second steps) checked against the secret
stored on the membership; a code is accepted once only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from cartel import conf
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record

from .models import Membership

SESSION_VERIFIED = "cartel_second_factor"
SESSION_PENDING_SECRET = "cartel_totp_pending"  # noqa: S105  (a session key name)
ISSUER = "Cartel"


def _membership_of(user: Any) -> Membership | None:
    return Membership.objects.filter(user_id=user.pk).first() if user is not None and user.pk else None


def is_locked(membership: Membership | None, now: dt.datetime | None = None) -> bool:
    """Whether the account is locked at `now`."""
    if membership is None or membership.locked_until is None:
        return False
    return membership.locked_until > (now or timezone.now())


class LockoutBackend(ModelBackend):
    """Username and password, refused while the account is locked (indistinguishable from a wrong password)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        users = get_user_model()
        if username is None:
            username = kwargs.get(users.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = users._default_manager.filter(**{users.USERNAME_FIELD: username}).first()
        if user is not None and is_locked(_membership_of(user)):
            users().set_password(password)  # the same hashing work as a real check
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


def second_factor_required(user: Any) -> bool:
    """Whether `user` must pass a TOTP check after the password: every non-demo account, and anyone enrolled."""
    if not getattr(user, "is_authenticated", False):
        return False
    membership = _membership_of(user)
    if membership is not None and membership.totp_secret:
        return True
    return bool(conf.REQUIRE_TOTP) and not (membership is not None and membership.is_demo)


def failure_record(user: Any, *, what: str) -> bool:
    """Count one failed sign-in step for `user`, lock the account at the limit, audit it; return whether locked."""
    now = timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user_id=user.pk).first()
        locked = False
        if membership is not None:
            failures = membership.failed_logins + 1
            fields: dict[str, Any] = {"failed_logins": F("failed_logins") + 1}
            if failures >= conf.LOCKOUT_FAILURES:
                fields["locked_until"] = now + dt.timedelta(minutes=conf.LOCKOUT_MINUTES)
                fields["failed_logins"] = 0
                locked = True
            Membership.objects.filter(pk=membership.pk).update(**fields)
        summary = f"{what} failed for {user.get_username()}" + (
            f"; locked for {conf.LOCKOUT_MINUTES} min" if locked else ""
        )
        audit_record(actor=user, verb=AuditVerb.LOGIN_FAILED, target=user, summary=summary[:300])
    return locked


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    users = get_user_model()
    username = credentials.get("username") or credentials.get(users.USERNAME_FIELD)
    user = users._default_manager.filter(**{users.USERNAME_FIELD: username}).first() if username else None
    if user is None:
        audit_record(actor="anonymous", verb=AuditVerb.LOGIN_FAILED, target_type="auth.user", target_id="",
                     summary="sign-in failed for an unknown account")  # fmt: skip
        return
    failure_record(user, what="password sign-in")


@receiver(user_logged_in)
def _on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    Membership.objects.filter(user_id=user.pk).update(failed_logins=0)
    audit_record(actor=user, verb=AuditVerb.LOGIN, target=user, summary=f"{user.get_username()} signed in")


def totp_new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(length=32)


def totp_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app reads (by QR code or by hand)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def totp_step(secret: str, code: str, *, now: dt.datetime | None = None) -> int | None:
    """The time step at which `code` is valid for `secret` (one step of clock drift allowed), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    at = now or timezone.now()
    for drift in (0, -1, 1):
        moment = at + dt.timedelta(seconds=30 * drift)
        if totp.verify(code, for_time=moment, valid_window=0):
            return int(totp.timecode(moment))
    return None


def totp_check(user: Any, code: str) -> bool:
    """Check a code against the user's enrolled secret; a code is accepted once, failures count toward lockout."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user_id=user.pk).first()
        if membership is None or not membership.totp_secret or is_locked(membership):
            return False
        step = totp_step(membership.totp_secret, code)
        if step is not None and (membership.totp_last_step is None or step > membership.totp_last_step):
            Membership.objects.filter(pk=membership.pk).update(totp_last_step=step, failed_logins=0)
            return True
    failure_record(user, what="second factor")
    return False


def totp_enrol(user: Any, secret: str, code: str) -> bool:
    """Store `secret` as the user's second factor once `code` proves the authenticator has it."""
    step = totp_step(secret, code)
    if step is None:
        return False
    with transaction.atomic():
        Membership.objects.filter(user_id=user.pk).update(totp_secret=secret, totp_last_step=step)
        audit_record(actor=user, verb=AuditVerb.UPDATED, target=user,
                     summary=f"{user.get_username()} enrolled a TOTP second factor")  # fmt: skip
    return True
