"""The audit page: events by visibility, and the chain check on demand."""

from __future__ import annotations

from typing import Any

from django.db import connection


def test_party_lead_sees_its_own_partys_events_only(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["a-lead"])
    page = client.get("/audit/").content.decode()
    assert "A registry" in page
    assert "B private" not in page and "B registry" not in page


def test_mediator_sees_all_events(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["m-mediator"])
    page = client.get("/audit/").content.decode()
    assert "A registry" in page and "B private" in page


def test_roles_without_audit_access_are_refused(client: Any, users: Any) -> None:
    for name in ("a-operator", "t-medic", "a-forensic"):
        client.force_login(users[name])
        assert client.get("/audit/").status_code == 403
        assert client.post("/audit/verify/").status_code == 403


def test_chain_check_reports_intact_and_broken(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["m-admin"])
    assert "Intact" in client.post("/audit/verify/").content.decode()
    # The ORM refuses to change events; tamper below it, as an attacker with database access would.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET summary = %s WHERE seq = 2", ["tampered"])
    page = client.post("/audit/verify/").content.decode()
    assert "Broken at event #2" in page
