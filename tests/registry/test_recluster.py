"""Merging persons after linkage: components across many records and passes, references moved, progress told."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cartel.registry import services
from cartel.registry.models import Custody, Person, SourceRecord
from cartel.registry.services import RecordData, links_store, source_list_create


def _rows(names, prefix):
    return [
        RecordData(external_id=f"{prefix}{i}", row_number=i + 2, raw={"n": n}, fields={"full_name": n})
        for i, n in enumerate(names)
    ]


@pytest.fixture
def three_lists(parties, users):
    """Three lists naming the same people: person i is record i of each list."""
    names = [
        f"Петренко Тарас {suffix}"
        for suffix in ("Іванович", "Петрович", "Олегович", "Богданович", "Юрійович")
    ]
    made = []
    for code, kind, prefix in (("B", "registry", "h"), ("A", "requests", "q"), ("A", "inquiries", "i")):
        made.append(
            source_list_create(
                owner=parties[code],
                kind=kind,
                name=prefix,
                actor=users[f"{code.lower()}-operator"],
                rows=_rows(names, prefix),
            )
        )
    return [list(lst.records.order_by("row_number")) for lst in made]


def test_chains_across_small_passes_become_one_person_each_and_references_follow(
    three_lists, parties, monkeypatch
):
    held, asked, inquired = three_lists
    # Custody was recorded on the person of the inquiry record, which is merged away below.
    Custody.objects.create(
        person_id=inquired[0].person_id, holding_party=parties["B"], since=datetime.date(2025, 6, 1)
    )
    monkeypatch.setattr(services, "RECLUSTER_CHUNK", 2)  # many passes, components spanning them
    told = []
    pairs = [(h.pk, q.pk, 0.99, []) for h, q in zip(held, asked, strict=True)]
    pairs += [(q.pk, i.pk, 0.99, []) for q, i in zip(asked, inquired, strict=True)]
    stored = links_store(pairs=pairs, auto_threshold=0.98, review_threshold=0.5, actor="test",
                         on_progress=lambda stage, share: told.append((stage, share)))  # fmt: skip
    assert stored["auto"] == 10 and stored["persons_merged"] == 10
    assert Person.objects.count() == 5
    for h, q, i in zip(held, asked, inquired, strict=True):
        persons = set(
            SourceRecord.objects.filter(pk__in=[h.pk, q.pk, i.pk]).values_list("person_id", flat=True)
        )
        assert len(persons) == 1
    custody = Custody.objects.get()
    assert custody.person_id == SourceRecord.objects.get(pk=held[0].pk).person_id
    # The kept person shows the registry record's name and is found by every spelling of its records.
    person = Person.objects.get(pk=custody.person_id)
    assert person.display_name == "ПЕТРЕНКО Тарас Іванович" and "petrenko" in person.search_text
    assert told and told[-1] == ("merging persons", 1.0)
    assert [share for _, share in told] == sorted(share for _, share in told)


def test_bulk_storing_keeps_out_of_the_debug_query_log_but_not_out_of_a_capture(three_lists, settings):
    held, asked, _ = three_lists
    settings.DEBUG = True
    connection.queries_log.clear()
    links_store(pairs=[(held[0].pk, asked[0].pk, 0.99, [])], auto_threshold=0.98, review_threshold=0.5,
                actor="test")  # fmt: skip
    assert not [q for q in connection.queries if "registry_person" in q["sql"]]
    with CaptureQueriesContext(connection) as captured:
        links_store(pairs=[(held[1].pk, asked[1].pk, 0.99, [])], auto_threshold=0.98, review_threshold=0.5,
                    actor="test")  # fmt: skip
    assert [q for q in captured.captured_queries if "registry_person" in q["sql"]]


def test_rows_where_in_reads_what_the_orm_reads_across_statements(three_lists, monkeypatch):
    from cartel import bulk

    monkeypatch.setattr(bulk, "BATCH", 4)  # several statements
    persons = [*list(Person.objects.values_list("pk", flat=True))[:11], 10**9]  # and an id nobody has
    read = sorted(bulk.rows_where_in(SourceRecord, ["pk", "person_id", "external_id"], "person_id", persons))
    expected = sorted(
        SourceRecord.objects.filter(person_id__in=persons).values_list("pk", "person_id", "external_id")
    )
    assert read == expected and len(read) == 11
