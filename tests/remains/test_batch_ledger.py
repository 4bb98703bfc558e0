"""A batch of 1,000 bodies is manifested, handed over, received with two discrepancies and identified over time,
with the remains ledger right at every step and a custody chain for every body."""

from __future__ import annotations

import re

import pytest
from remains_files import manifest_csv

from cartel.audit.services import audit_verify
from cartel.remains.batches import (
    batch_create,
    batch_hand_over,
    batch_import_manifest,
    batch_list,
    batch_receive,
    discrepancy_resolve,
)
from cartel.remains.models import Conclusion, Remains
from cartel.remains.selectors import custody_chain, remains_ledger
from cartel.remains.services import ForensicResult, remains_conclude_many, remains_examine
from cartel.transitions import TransitionRefused

N = 1000


def _line(user):
    lines = remains_ledger(user)
    assert len(lines) <= 1
    return lines[0] if lines else None


def _results(bodies, conclusion, method="dna"):
    return [
        ForensicResult(remains=b, conclusion=conclusion, method=method, evidence_ref=f"LAB-{b.code}")
        for b in bodies
    ]


@pytest.fixture
def handed_over(parties, users, agreement):
    return _hand_over(parties, users, agreement, N)


@pytest.fixture
def small_batch(parties, users, agreement):
    return _hand_over(parties, users, agreement, 20)


def _hand_over(parties, users, agreement, count):
    sender = users["b-forensic"]
    batch = batch_create(
        sender=parties["B"],
        receiver=parties["A"],
        agreement=agreement,
        actor=sender,
        handover_point="Border crossing 3",
        transport="refrigerated rail car",
    )
    reading = batch_import_manifest(
        batch=batch, data=manifest_csv(count), file_name="manifest.csv", actor=sender
    )
    assert not reading.errors, reading.errors[:3]
    batch.refresh_from_db()
    line = _line(sender)
    assert (line.manifested, line.handed_over, line.received) == (count, 0, 0)
    assert _line(users["a-forensic"]) is None, "the receiver sees nothing before the handover"
    batch = batch_list(batch=batch, actor=sender)
    batch = batch_hand_over(batch=batch, actor=sender, place="Border crossing 3")
    return batch


def test_a_thousand_bodies_from_manifest_to_identification(handed_over, users, parties):
    batch = handed_over
    receiver = users["a-forensic"]
    line = _line(receiver)
    assert (line.agreement, line.sender, line.receiver, line.target) == ("bodies-2025", "B", "A", 1000)
    assert (line.manifested, line.handed_over, line.received) == (N, N, 0)

    codes = sorted(batch.remains.values_list("code", flat=True))
    batch = batch_receive(
        batch=batch,
        actor=receiver,
        missing=[codes[10]],
        mismatches={codes[20]: "identity disc reads T-99999, manifest says T-00021"},
    )
    line = _line(receiver)
    assert (line.received, line.missing, line.mismatched, line.open_discrepancies) == (N - 1, 1, 1, 2)
    assert line.awaiting == N - 1 and line.identified == 0
    assert batch.status == "received"
    assert Remains.objects.get(code=codes[10]).holding_party == parties["B"], (
        "a missing body stays with the sender"
    )

    received = list(batch.remains.filter(status="received"))
    remains_examine(remains=received, actor=receiver)
    first = received[:300]
    foreign = received[300:305]
    remains_conclude_many(results=_results(first, Conclusion.IDENTIFIED), actor=receiver)
    remains_conclude_many(
        results=_results(foreign, Conclusion.NOT_OWN_NATIONAL, "documents"),
        actor=receiver,
        other_party=parties["B"],
    )
    line = _line(receiver)
    assert (line.identified, line.not_own_national, line.awaiting) == (300, 5, N - 1 - 305)

    later = received[305:505]
    unknown = received[505:555]
    remains_conclude_many(results=_results(later, Conclusion.IDENTIFIED, "dental"), actor=receiver)
    remains_conclude_many(results=_results(unknown, Conclusion.UNIDENTIFIED), actor=receiver)
    line = _line(receiver)
    assert (line.identified, line.unidentified, line.awaiting) == (500, 50, N - 1 - 555)
    assert line.identified + line.unidentified + line.awaiting + line.not_own_national == line.received

    for issue in batch.discrepancies.all():
        discrepancy_resolve(discrepancy=issue, actor=receiver, resolution="checked against the rail car log")
    batch.refresh_from_db()
    assert batch.status == "reconciled" and _line(receiver).open_discrepancies == 0
    assert _line(users["b-forensic"]).received == N - 1, "the sender sees the same count"
    assert _line(users["m-mediator"]).manifested == N

    chain = [e.action for e in custody_chain(first[0])]
    assert chain == [
        "record",
        "store",
        "list_for_repatriation",
        "hand_over",
        "receive",
        "examine",
        "identify",
    ]
    assert Remains.objects.get(pk=foreign[0].pk).claimed_party == parties["B"]
    assert audit_verify().ok


def test_a_manifest_larger_than_one_query_can_hold_is_read_in_slices(parties, users, agreement, monkeypatch):
    monkeypatch.setattr("cartel.bulk.BATCH", 7)  # stands for the parameters one statement takes
    batch = _hand_over(parties, users, agreement, 20)
    assert Remains.objects.filter(batch=batch).count() == 20


def test_only_the_receiver_receives(small_batch, users):
    with pytest.raises(TransitionRefused):
        batch_receive(batch=small_batch, actor=users["b-forensic"])
    assert small_batch.remains.filter(status="handed_over").count() == 20


def test_an_identification_needs_evidence(small_batch, users):
    batch = batch_receive(batch=small_batch, actor=users["a-forensic"])
    assert batch.status == "reconciled", "no discrepancies: reconciled at once"
    body = batch.remains.first()
    remains_examine(remains=[body], actor=users["a-forensic"])
    with pytest.raises(ValueError, match="evidence"):
        remains_conclude_many(
            results=[ForensicResult(remains=body, conclusion="identified", method="dna", evidence_ref=" ")],
            actor=users["a-forensic"],
        )


def test_the_body_list_pages_through_every_body_the_viewer_sees(parties, users, agreement, client):
    """The unfiltered list takes its page count from the dashboard's figures (no second count over every body)."""
    _hand_over(parties, users, agreement, 60)
    client.force_login(users["b-forensic"])
    first = client.get("/remains/").content.decode()
    assert "page 1 of 2" in first
    second = client.get("/remains/?page=2").content.decode()
    body = re.compile(r'href="/remains/\d+/"')
    assert "page 2 of 2" in second and (len(body.findall(first)), len(body.findall(second))) == (50, 10)
    received = client.get("/remains/?status=received").content.decode()
    assert "page 1 of" not in received  # none received yet: the filtered list counts for itself
