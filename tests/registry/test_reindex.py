"""After a change of the name-key rules, `cartel reindex` brings stored keys back in step: people stored with old keys
are found again, a second run changes nothing, and the operator is warned until it has run."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from django.core.checks import run_checks

from cartel.audit.models import Event
from cartel.audit.services import audit_verify
from cartel.engine.names import KEYS_VERSION
from cartel.registry.models import KeysState, Person
from cartel.registry.reindex import keys_rebuild
from cartel.registry.selectors import persons_search
from cartel.registry.services import RecordData, source_list_create
from cartel.remains.models import Remains
from cartel.remains.services import remains_create
from cartel.tracing.models import Inquiry
from cartel.tracing.services import inquiry_create, inquiry_match_candidates

STALE = "stale-key"  # what keys of older rules look like to today's search: nothing it asks for


@pytest.fixture
def stored(parties, users):
    """A person held by B, a body held by A and A's inquiry, each stored with keys of older rules."""
    held = source_list_create(
        owner=parties["B"],
        kind="registry",
        name="held",
        actor=users["b-operator"],
        rows=[
            RecordData(
                external_id="1",
                row_number=2,
                raw={"name": "ШЕВЧЕНКО Николай Иванович"},
                fields={"full_name": "ШЕВЧЕНКО Николай Иванович", "birth_date": "1990-01-01"},
            )
        ],
    )
    person = Person.objects.get(records__source_list=held)
    body = remains_create(
        holding_party=parties["A"],
        actor=users["a-forensic"],
        particulars={"name_on_record": "Коваленко Олександр Петрович", "birth_date": "1991-03-12"},
    )
    inquiry = inquiry_create(
        party=parties["A"],
        actor=users["a-liaison"],
        subject_name="Мельник Сергій Іванович",
        subject_birth_date="1995-07-04",
        inquirer_name="Мельник Ганна",
        match=False,
    )
    current = Inquiry.objects.get(pk=inquiry.pk).search_keys
    Person.objects.filter(pk=person.pk).update(search_text=STALE)
    Remains.objects.filter(pk=body.pk).update(search_text=STALE)
    Inquiry.objects.filter(pk=inquiry.pk).update(search_keys=STALE)
    KeysState.objects.update_or_create(pk=1, defaults={"version": KEYS_VERSION - 1})
    return {"person": person, "body": body, "inquiry": inquiry, "inquiry_keys": current}


def _found(users, query):
    return [hit.person.pk for hit in persons_search(viewer=users["b-operator"], query=query)]


def _body_suggested(parties, users, body):
    asking = inquiry_create(
        party=parties["A"],
        actor=users["a-liaison"],
        subject_name="Oleksandr Kovalenko",
        subject_birth_date="12.03.1991",
        inquirer_name="Kovalenko Mariia",
        match=False,
    )
    return body.pk in [c.remains_id for c in inquiry_match_candidates(asking)]


def _warnings():
    return [m for m in run_checks() if m.id == "cartel.W001"]


@pytest.mark.django_db(transaction=True)
def test_people_stored_with_old_keys_are_found_only_after_the_rebuild(stored, parties, users):
    """Search (through the FTS5 or GIN index) and inquiry matching see the rebuilt keys, not the stale ones."""
    assert stored["person"].pk not in _found(users, "Шевченко Николай")
    assert not _body_suggested(parties, users, stored["body"])

    changed = keys_rebuild(actor=users["m-mediator"])

    assert changed["persons"] >= 1 and changed["remains"] >= 1 and changed["inquiries"] >= 1
    assert stored["person"].pk in _found(users, "Шевченко Николай")
    assert stored["person"].pk in _found(users, "Shevchenko Mykola")
    assert _body_suggested(parties, users, stored["body"])
    assert Inquiry.objects.get(pk=stored["inquiry"].pk).search_keys == stored["inquiry_keys"] != STALE


@pytest.mark.django_db
def test_a_second_rebuild_changes_nothing_and_each_run_is_audited(stored, users):
    reported = []
    keys_rebuild(actor=users["m-mediator"], on_progress=lambda done, total, table: reported.append(table))
    before = Event.objects.count()

    again = keys_rebuild(actor=users["m-mediator"])

    assert again == {"persons": 0, "remains": 0, "inquiries": 0}
    assert set(reported) == {"persons", "remains", "inquiries"}
    assert Event.objects.count() == before + 1 and audit_verify().ok
    last = Event.objects.order_by("-seq").first()
    assert last.after["version"] == KEYS_VERSION and "rebuilt" in last.summary


@pytest.mark.django_db
def test_rebuild_walks_every_chunk(stored, parties, users, monkeypatch):
    """Rows past the first chunk are rebuilt too (one transaction per chunk of ids)."""
    from cartel.registry import reindex

    monkeypatch.setattr(reindex, "CHUNK", 2)
    for i in range(3):
        remains_create(holding_party=parties["A"], actor=users["a-forensic"],
                       particulars={"surname": f"Бойко{'а' * i}", "given_name": "Іван"})  # fmt: skip
    Remains.objects.update(search_text=STALE)
    totals = {}

    changed = keys_rebuild(
        actor=users["m-mediator"], on_progress=lambda d, t, table: totals.update({table: (d, t)})
    )

    assert changed["remains"] == 4 and totals["remains"] == (4, 4)
    assert not Remains.objects.filter(search_text=STALE).exists()


@pytest.mark.django_db
def test_the_operator_is_warned_until_the_keys_are_rebuilt(stored, users):
    [warning] = _warnings()
    assert "cartel reindex" in warning.msg and str(KEYS_VERSION) in warning.msg

    keys_rebuild(actor=users["m-mediator"])

    assert _warnings() == []
    assert KeysState.objects.get().version == KEYS_VERSION


@pytest.mark.django_db
def test_a_database_holding_keys_but_no_version_counts_as_stale(stored):
    """Keys stored before versions were kept are of unknown (oldest) rules."""
    KeysState.objects.all().delete()
    assert len(_warnings()) == 1


@pytest.mark.django_db
def test_a_fresh_database_is_current(db):
    assert KeysState.objects.get().version == KEYS_VERSION
    assert _warnings() == []


@pytest.mark.django_db
def test_the_command_rebuilds_and_prints_the_counts(stored):
    from cartel.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["reindex"]) == 0

    lines = out.getvalue().splitlines()
    assert any(line.split()[:2] == ["persons", "1"] for line in lines)
    assert any(line.split()[:2] == ["inquiries", "1"] for line in lines)
    assert f"version {KEYS_VERSION}" in out.getvalue()
    assert _warnings() == []
