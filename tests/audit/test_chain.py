"""The audit chain detects any altered, removed or inserted event."""

from __future__ import annotations

import pytest
from django.db import connection

from cartel.audit.models import AppendOnly, AuditVerb, Event
from cartel.audit.services import audit_record, audit_verify
from cartel.cli import main


@pytest.fixture
def chain(users):
    actor = users["a-operator"]
    for i in range(5):
        audit_record(
            actor=actor, verb=AuditVerb.UPDATED, target_type="test.thing", target_id=i, summary=f"change {i}"
        )
    return Event.objects.order_by("seq")


def _raw(sql, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_intact_chain_verifies(chain):
    result = audit_verify()
    assert result.ok and result.checked == chain.count()


def test_orm_refuses_to_change_or_delete_events(chain):
    event = chain.last()
    event.summary = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(summary="x")


def test_altered_event_is_named(chain):
    victim = chain[2]
    _raw("UPDATE audit_event SET summary = %s WHERE seq = %s", ["quietly changed", victim.seq])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == victim.seq and "altered" in result.problem


def test_removed_event_is_named(chain):
    victim = chain[1]
    _raw("DELETE FROM audit_event WHERE seq = %s", [victim.seq])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == victim.seq


def test_removed_last_event_is_detected(chain):
    _raw("DELETE FROM audit_event WHERE seq = %s", [chain.last().seq])
    assert not audit_verify().ok


def test_cli_exit_code_and_message(chain, capsys, settings):
    assert main(["audit", "verify"]) == 0
    _raw("UPDATE audit_event SET reason = %s WHERE seq = %s", ["x", chain[3].seq])
    assert main(["audit", "verify"]) == 1
    assert f"#{chain[3].seq}" in capsys.readouterr().err


def test_batch_of_events_chains_like_single_ones(users, parties):
    from cartel.audit.services import EventSpec, audit_record_many

    audit_record(actor=users["a-lead"], verb=AuditVerb.UPDATED, target=parties["A"], summary="one")
    written = audit_record_many(
        actor=users["m-mediator"],
        verb=AuditVerb.TRANSITION,
        events=[
            EventSpec(target=parties[c], summary=f"bulk {c}", after={"n": i}) for i, c in enumerate("ABMT")
        ],
    )
    audit_record(actor=users["a-lead"], verb=AuditVerb.UPDATED, target=parties["B"], summary="after")
    assert written == 4
    assert audit_verify().ok
    bulk = Event.objects.filter(summary__startswith="bulk").order_by("seq")
    _raw("UPDATE audit_event SET after = %s WHERE seq = %s", ['{"n": 99}', bulk[2].seq])
    assert audit_verify().first_bad_seq == bulk[2].seq
