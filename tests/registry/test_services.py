"""Lists are stored with provenance; links merge persons; reviews split them again and win over the model."""

from __future__ import annotations

import pytest

from cartel.audit.services import audit_verify
from cartel.registry.models import CandidatePair, Decision, IdentityLink, Person, SourceRecord
from cartel.registry.services import RecordData, links_store, review_decide, source_list_create


def _rows(*names):
    return [
        RecordData(
            external_id=f"r{i}",
            row_number=i + 2,
            raw={"name": n},
            fields={"full_name": n, "birth_date": "1991-03-12"},
        )
        for i, n in enumerate(names)
    ]


@pytest.fixture
def two_lists(parties, users):
    a = source_list_create(
        owner=parties["B"],
        kind="registry",
        name="held",
        actor=users["b-operator"],
        rows=_rows("КОВАЛЕНКО Александр Петрович", "ШЕВЧЕНКО Николай"),
    )
    b = source_list_create(
        owner=parties["A"],
        kind="requests",
        name="asked",
        actor=users["a-operator"],
        rows=_rows("Коваленко Олександр Петрович", "Бойко Ірина"),
    )
    return a, b


def test_each_record_starts_as_its_own_person_with_provenance(two_lists, parties):
    held, _ = two_lists
    assert SourceRecord.objects.count() == 4 and Person.objects.count() == 4
    record = held.records.get(external_id="r0")
    assert record.raw == {"name": "КОВАЛЕНКО Александр Петрович"} and record.row_number == 2
    assert record.person.holding_party == parties["B"] and record.person.origin_party == parties["A"]
    assert held.version == 1 and held.row_count == 2


def test_reimporting_a_list_name_makes_a_new_version(two_lists, parties, users):
    again = source_list_create(
        owner=parties["B"], kind="registry", name="held", actor=users["b-operator"], rows=_rows("X")
    )
    assert again.version == 2


def test_model_link_merges_and_reject_review_splits_for_good(two_lists, users):
    left = SourceRecord.objects.get(source_list=two_lists[0], external_id="r0")
    right = SourceRecord.objects.get(source_list=two_lists[1], external_id="r0")
    links_store(
        pairs=[(left.pk, right.pk, 0.99, [])], auto_threshold=0.98, review_threshold=0.5, actor="test"
    )
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id == right.person_id
    assert Person.objects.count() == 3

    pair = (
        CandidatePair.objects.create(left=left, right=right, probability=0.99) if left.pk < right.pk else None
    )
    review_decide(pair=pair, decision=Decision.REJECT, actor=users["m-mediator"], reason="different fathers")
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id != right.person_id
    assert Person.objects.count() == 4
    # A re-run of the model cannot undo the person's decision.
    links_store(
        pairs=[(left.pk, right.pk, 0.999, [])], auto_threshold=0.98, review_threshold=0.5, actor="test"
    )
    assert not IdentityLink.objects.filter(left=left, right=right).exists()
    assert audit_verify().ok


def test_review_band_pairs_wait_for_a_person(two_lists, users):
    left = SourceRecord.objects.get(source_list=two_lists[0], external_id="r1")
    right = SourceRecord.objects.get(source_list=two_lists[1], external_id="r1")
    out = links_store(
        pairs=[(left.pk, right.pk, 0.7, [{"field": "surname"}])],
        auto_threshold=0.98,
        review_threshold=0.5,
        actor="test",
    )
    assert out == {"auto": 0, "review": 1, "persons_merged": 0}
    pair = CandidatePair.objects.get()
    review_decide(pair=pair, decision=Decision.ACCEPT, actor=users["m-mediator"])
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id == right.person_id


def test_a_rerun_of_the_model_stores_each_link_and_pair_once(two_lists, users):
    left = [SourceRecord.objects.get(source_list=two_lists[0], external_id=f"r{i}") for i in range(2)]
    right = [SourceRecord.objects.get(source_list=two_lists[1], external_id=f"r{i}") for i in range(2)]
    pairs = [(left[0].pk, right[0].pk, 0.99, []), (right[0].pk, left[0].pk, 0.995, []),  # the same pair twice
             (left[1].pk, right[1].pk, 0.7, [{"field": "surname"}])]  # fmt: skip
    for _ in range(2):
        links_store(pairs=pairs, auto_threshold=0.98, review_threshold=0.5, actor="test")
    assert IdentityLink.objects.count() == 1
    assert CandidatePair.objects.get().explanation == [{"field": "surname"}]
    left[0].refresh_from_db()
    right[0].refresh_from_db()
    assert left[0].person_id == right[0].person_id
