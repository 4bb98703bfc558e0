"""Sign-in: Argon2 hashes, lockout that does not reveal accounts, session expiry, the TOTP second factor, tokens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from cartel import conf
from cartel.audit.models import AuditVerb, Event
from cartel.parties.models import ApiToken, Membership

PASSWORD = "correct horse battery 42"
WRONG = "Wrong username or password, or the account is locked"


@pytest.fixture
def officer(parties: dict[str, Any]) -> Any:
    """A real (non-demo) operator of party A: it must use the second factor."""
    from cartel.parties.models import Organisation
    from cartel.parties.services import user_create

    org, _ = Organisation.objects.get_or_create(party=parties["A"], name="A Information Bureau")
    return user_create(username="a-officer", password=PASSWORD, organisation=org, role="operator")


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def _enrol(client: Client) -> str:
    page = client.get("/account/totp/").content.decode()
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page)[1]  # type: ignore[index]
    response = client.post("/account/totp/", {"code": pyotp.TOTP(secret).now(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return secret


def test_passwords_are_hashed_with_argon2(settings: Any, officer: Any) -> None:
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_password("any password at all").startswith("argon2$argon2id$")
    from django.conf import settings as live

    assert live.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_lockout_after_repeated_failures_is_audited_and_reveals_nothing(
    client: Client, officer: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(conf, "LOCKOUT_FAILURES", 3)
    unknown = _login(client, "nobody-here", "whatever-123")
    for _ in range(3):
        response = _login(client, "a-officer", "not the password")
        assert response.status_code == 200 and WRONG in response.content.decode()
    membership = Membership.objects.get(user=officer)
    assert membership.locked_until is not None and membership.locked_until > timezone.now()
    locked = _login(client, "a-officer", PASSWORD)  # the right password no longer opens it
    assert locked.status_code == 200
    # A locked account, a wrong password and an unknown account all read the same.
    assert _form_error(locked) == _form_error(unknown) == WRONG
    failures = Event.objects.filter(verb=AuditVerb.LOGIN_FAILED)
    assert failures.filter(summary__contains="a-officer").count() == 4
    assert failures.filter(summary__contains="locked for").count() == 1
    assert failures.filter(summary__contains="unknown account").exists()
    # Once the lock has run out, the right password works and the counter starts again.
    Membership.objects.filter(pk=membership.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _login(client, "a-officer", PASSWORD).status_code == 302
    assert Membership.objects.get(pk=membership.pk).failed_logins == 0


def _form_error(response: Any) -> str:
    text = response.content.decode()
    return WRONG if WRONG in text else text


def test_session_expires_when_idle(client: Client, users: Any) -> None:
    client.force_login(users["a-operator"])
    response = client.get("/")
    assert response.status_code == 200
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == conf.SESSION_MINUTES * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    Session.objects.all().update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_non_demo_account_must_enrol_then_verify_every_sign_in(client: Client, officer: Any) -> None:
    assert _login(client, "a-officer", PASSWORD)["Location"] == "/"
    held = client.get("/registry/")
    assert held.status_code == 302 and held["Location"].startswith("/account/totp/?next=%2Fregistry%2F")
    api = client.get("/api/persons")
    assert api.status_code == 403 and "Second factor" in api.json()["detail"]
    page = client.get("/account/totp/").content.decode()
    assert "otpauth://totp/Cartel:a-officer?secret=" in page and "data:image/svg+xml" in page
    bad = client.post("/account/totp/", {"code": "000000"})
    assert bad.status_code == 200 and Membership.objects.get(user=officer).totp_secret == ""
    secret = _enrol(client)
    assert Membership.objects.get(user=officer).totp_secret == secret
    assert client.get("/registry/").status_code == 200

    # The next sign-in asks for the code; the code just used is not accepted twice.
    fresh = Client()
    _login(fresh, "a-officer", PASSWORD)
    assert fresh.get("/")["Location"].startswith("/account/totp/verify/")
    assert fresh.get("/account/totp/")["Location"].startswith("/account/totp/verify/")  # no re-enrolment
    # A code is accepted once: the step just used is refused, even within the drift window.
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    code, step = totp.at(now), int(totp.timecode(now))
    Membership.objects.filter(user=officer).update(totp_last_step=step)
    assert fresh.post("/account/totp/verify/", {"code": code}).status_code == 200
    Membership.objects.filter(user=officer).update(totp_last_step=step - 2)
    assert (
        fresh.post("/account/totp/verify/", {"code": code, "next": "/registry/"})["Location"] == "/registry/"
    )
    assert fresh.get("/registry/").status_code == 200


def test_wrong_codes_lock_the_account(client: Client, officer: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(conf, "LOCKOUT_FAILURES", 3)
    _login(client, "a-officer", PASSWORD)
    _enrol(client)
    other = Client()
    _login(other, "a-officer", PASSWORD)
    for _ in range(2):
        assert other.post("/account/totp/verify/", {"code": "123456"}).status_code == 200
    assert other.post("/account/totp/verify/", {"code": "123456"})["Location"] == "/login/"
    assert other.get("/")["Location"].startswith("/login/")  # signed out
    assert Membership.objects.get(user=officer).locked_until > timezone.now()


def test_demo_accounts_skip_the_second_factor_unless_required_off(client: Client, users: Any, officer: Any,
                                                                  monkeypatch: Any) -> None:  # fmt: skip
    client.force_login(users["a-operator"])
    assert client.get("/registry/").status_code == 200
    monkeypatch.setattr(conf, "REQUIRE_TOTP", False)
    other = Client()
    _login(other, "a-officer", PASSWORD)
    assert other.get("/registry/").status_code == 200


def test_api_tokens_listed_issued_and_revoked_from_the_account_page(client: Client, users: Any) -> None:
    client.force_login(users["a-operator"])
    issued = client.post("/account/tokens/new/", {"label": "laptop"}, follow=True).content.decode()
    raw = re.search(r"<code>(ct_[\w-]+)</code>", issued)[1]  # type: ignore[index]
    assert "laptop" in issued
    assert raw not in client.get("/account/").content.decode()  # shown once
    api = Client()
    assert api.get("/api/persons", headers={"authorization": f"Bearer {raw}"}).status_code == 200
    token = ApiToken.objects.get(user=users["a-operator"], label="laptop")
    assert token.digest == ApiToken.digest_of(raw) and raw not in str(ApiToken.objects.values_list())
    # Another user cannot revoke it, nor even tell that it exists.
    intruder = Client()
    intruder.force_login(users["b-admin"])
    assert intruder.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert "revoked" in client.get("/account/").content.decode()
    assert api.get("/api/persons", headers={"authorization": f"Bearer {raw}"}).status_code == 401
    assert Event.objects.filter(verb=AuditVerb.TOKEN, summary__contains="revoked").exists()


def test_an_active_session_is_saved_once_a_minute_not_on_every_page(
    client: Client, users: Any, monkeypatch: Any
) -> None:
    from cartel.parties import sessions

    clock = [1_000_000.0]
    monkeypatch.setattr(sessions.time, "time", lambda: clock[0])
    client.force_login(users["a-operator"])
    assert "sessionid" in client.get("/").cookies  # the first page after sign-in renews the expiry
    expiry = Session.objects.get().expire_date
    clock[0] += 30
    response = client.get("/")
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert Session.objects.get().expire_date == expiry  # nothing written half a minute later
    clock[0] += 31
    response = client.get("/")
    assert int(response.cookies["sessionid"]["max-age"]) == conf.SESSION_MINUTES * 60
    assert Session.objects.get().expire_date > expiry  # a minute on: the idle limit moves forward


def test_a_visitor_who_is_not_signed_in_gets_no_session(client: Client, db: Any) -> None:
    assert "sessionid" not in client.get("/login/").cookies or not Session.objects.exists()
