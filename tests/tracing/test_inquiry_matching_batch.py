"""Matching many inquiries at once answers exactly as matching them one by one, sees only what each party may see,
and costs a number of queries that does not grow with the number of inquiries."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cartel.parties.visibility import party_viewer, persons_visible_to, remains_visible_to
from cartel.registry.models import Person, SourceRecord
from cartel.registry.services import RecordData, source_list_create
from cartel.remains.services import remains_create
from cartel.tracing.bulk import inquiries_match_candidates, inquiries_match_many, open_inquiries_index
from cartel.tracing.models import Inquiry, InquiryMatch
from cartel.tracing.services import (
    inquiries_from_records,
    inquiries_rematch_for_records,
    inquiries_suggest_for_persons,
    inquiry_create,
    inquiry_match_candidates,
    lazy_probe,
)

# Namesakes on purpose: few surnames, each in Ukrainian, Russian and Latin spelling and in gendered forms (the female
# form holds the male key as a substring), and a two-word surname.
SURNAMES = [
    ("Коваленко", "Коваленко", "Kovalenko"),
    ("Ковальов", "Ковалев", "Kovalov"),
    ("Ковальова", "Ковалева", "Kovaleva"),
    ("Іваненко", "Иваненко", "Ivanenko"),
    ("Іваненкова", "Иваненкова", "Ivanenkova"),
    ("Мельник", "Мельник", "Melnyk"),
    ("Шевченко", "Шевченко", "Shevchenko"),
    ("Тер-Петросян", "Тер-Петросян", "Ter Petrosian"),
]
GIVEN = [
    ("Олександр", "Александр", "Oleksandr"),
    ("Саша", "Саша", "Sasha"),
    ("Микола", "Николай", "Mykola"),
    ("Сергій", "Сергей", "Serhii"),
    ("Марія", "Мария", "Mariia"),
    ("І.", "И.", "I."),
]
PATRONYMICS = [("Іванович", "Иванович", "Ivanovych"), ("Петрович", "Петрович", "Petrovich"), ("", "", "")]


def _birth(rnd: random.Random) -> str:
    year, month, day = rnd.choice([1988, 1991, 1995]), rnd.choice([3, 7]), rnd.choice([4, 12])
    return rnd.choice(
        [
            "",
            str(year),
            f"{year}-{month:02d}-{day:02d}",
            f"{day:02d}.{month:02d}.{year}",
            f"{year}-{day:02d}-{month:02d}",  # day and month swapped
        ]
    )


def _name(rnd: random.Random) -> tuple[str, str, str]:
    script = rnd.randrange(3)
    return (
        rnd.choice(SURNAMES)[script],
        rnd.choice(GIVEN)[script],
        rnd.choice(PATRONYMICS)[script],
    )


def _rows(rnd: random.Random, n: int, prefix: str) -> list[RecordData]:
    rows = []
    for i in range(n):
        surname, given, patronymic = _name(rnd)
        if rnd.random() < 0.3:
            fields = {"full_name": f"{surname.upper()} {given} {patronymic}".strip()}
        else:
            fields = {"surname": surname, "given_name": given, "patronymic": patronymic}
        rows.append(
            RecordData(
                external_id=f"{prefix}{i}",
                row_number=i + 2,
                raw=dict(fields),
                fields={**fields, "birth_date": _birth(rnd)},
            )
        )
    return rows


def _world(parties: Any, users: Any, seed: int) -> list[Inquiry]:
    """A few hundred persons on lists shared or not, bodies held by either side, inquiries of A and B."""
    rnd = random.Random(seed)
    a, b, m = parties["A"], parties["B"], parties["M"]
    lists = [
        source_list_create(owner=b, kind="registry", name="shared", actor=users["b-operator"],
                           rows=_rows(rnd, 120, "s"), share_with=[a, m]),
        source_list_create(owner=b, kind="registry", name="kept", actor=users["b-operator"],
                           rows=_rows(rnd, 100, "k")),
        source_list_create(owner=a, kind="registry", name="own", actor=users["a-operator"],
                           rows=_rows(rnd, 80, "o")),
    ]  # fmt: skip
    person_ids = list(Person.objects.filter(records__source_list__in=lists).values_list("pk", flat=True))
    for status in ("deceased", "repatriated", "escaped", "released_other"):
        Person.objects.filter(pk__in=rnd.sample(person_ids, 15)).update(status=status)
    for i in range(40):
        surname, given, patronymic = _name(rnd)
        holder = a if i % 2 else b
        remains_create(
            holding_party=holder,
            actor=users[f"{holder.code.lower()}-operator"],
            particulars={"surname": surname, "given_name": given, "patronymic": patronymic,
                         "birth_date": _birth(rnd)},
            person=Person.objects.get(pk=rnd.choice(person_ids)) if i % 3 == 0 else None,
        )  # fmt: skip
    inquiries = []
    for i in range(70):
        surname, given, patronymic = _name(rnd)
        party = a if i % 3 else b
        details: dict[str, Any] = {"subject_birth_date": _birth(rnd)}
        if i % 2:
            details |= {
                "subject_surname": surname,
                "subject_given_name": given,
                "subject_patronymic": patronymic,
            }
        if i % 7 == 0:
            details["subject_service_number"] = f"SN-{i}"
        inquiries.append(
            inquiry_create(
                party=party,
                actor=users[f"{party.code.lower()}-liaison"],
                subject_name=f"{surname} {given} {patronymic}".strip(),
                inquirer_name="Родич",
                match=False,
                **details,
            )
        )
    hotline = source_list_create(owner=a, kind="inquiries", name="hotline", actor=users["a-liaison"],
                                 rows=_rows(rnd, 30, "q"))  # fmt: skip
    imported = inquiries_from_records(hotline.records.values_list("pk", flat=True), users["a-liaison"])
    # identity resolution joined some imported inquiries to a listed person (their record moved to that person)
    for inquiry in imported[:10]:
        person_id = rnd.choice(person_ids)
        SourceRecord.objects.filter(pk=inquiry.source_record_id).update(person=person_id)
        Inquiry.objects.filter(pk=inquiry.pk).update(person=person_id)
    return [*Inquiry.objects.filter(pk__in=[i.pk for i in [*inquiries, *imported]]).order_by("pk")]


def _as_rows(candidates: Any) -> list[tuple[Any, ...]]:
    return [
        (c.person_id, c.remains_id, c.answer, c.score, tuple(c.explanation), c.origin) for c in candidates
    ]


@pytest.mark.parametrize(("seed", "cap"), [(1, None), (2, None), (3, 2)])
def test_matching_many_inquiries_answers_as_matching_each(parties, users, monkeypatch, seed, cap):
    """Same persons and bodies, answers, scores, reasons and order, also when the per-inquiry cap bites; nobody a
    party may not see."""
    if cap is not None:
        monkeypatch.setattr("cartel.tracing.services.CANDIDATE_CAP", cap)
        monkeypatch.setattr("cartel.tracing.bulk.CANDIDATE_CAP", cap)
    inquiries = _world(parties, users, seed)
    one_by_one = {i.pk: _as_rows(inquiry_match_candidates(i)) for i in inquiries}
    at_once = {pk: _as_rows(found) for pk, found in inquiries_match_candidates(inquiries).items()}
    assert at_once == one_by_one
    found = [row for rows in one_by_one.values() for row in rows]
    assert len(found) > 30 and any(r[1] for r in found) and any(r[5] == "linkage" for r in found)
    assert {r[2] for r in found} >= {"alive_in_captivity", "deceased", "returned"}
    for inquiry in inquiries:
        viewer = party_viewer(inquiry.party)
        people = {r[0] for r in one_by_one[inquiry.pk] if r[0] and not r[1] and r[5] != "linkage"}
        bodies = {r[1] for r in one_by_one[inquiry.pk] if r[1]}
        assert persons_visible_to(viewer).filter(pk__in=people).count() == len(people)
        assert remains_visible_to(viewer).filter(pk__in=bodies).count() == len(bodies)


def test_matching_many_stores_what_matching_each_would_and_proposes_those_inquiries(parties, users):
    inquiries = _world(parties, users, 4)
    expected = {i.pk: inquiry_match_candidates(i) for i in inquiries}
    queued = inquiries_match_many(inquiries=inquiries)
    stored = {
        (m.inquiry_id, m.person_id, m.remains_id, m.suggested_answer, m.score, m.origin)
        for m in InquiryMatch.objects.all()
    }
    assert stored == {
        (pk, c.person_id, c.remains_id, c.answer, c.score, "search")
        for pk, found in expected.items()
        for c in found
    }
    assert queued == len(stored) > 0
    for inquiry in Inquiry.objects.filter(pk__in=expected):
        assert (inquiry.status == "match_proposed") == bool(expected[inquiry.pk])


def test_a_new_list_suggests_only_persons_the_inquirers_party_may_see(parties, users):
    """The reverse direction: a list arrives and waiting inquiries of both sides get what each may see."""
    rnd = random.Random(5)
    inquiries = _world(parties, users, 5)
    a, b = parties["A"], parties["B"]
    fresh = [
        source_list_create(owner=b, kind="registry", name="new shared", actor=users["b-operator"],
                           rows=_rows(rnd, 60, "n"), share_with=[a]),
        source_list_create(owner=b, kind="registry", name="new kept", actor=users["b-operator"],
                           rows=_rows(rnd, 60, "x")),
    ]  # fmt: skip
    new_persons = set(Person.objects.filter(records__source_list__in=fresh).values_list("pk", flat=True))
    queued = inquiries_suggest_for_persons(person_ids=new_persons)
    matches = list(InquiryMatch.objects.select_related("inquiry__party"))
    assert queued == len(matches) > 0
    assert {m.inquiry.party.code for m in matches} == {"A", "B"}
    for m in matches:
        assert m.person_id in new_persons and m.origin == "rematch"
        assert persons_visible_to(party_viewer(m.inquiry.party)).filter(pk=m.person_id).exists()
    kept = set(Person.objects.filter(records__source_list=fresh[1]).values_list("pk", flat=True))
    assert not any(m.person_id in kept for m in matches if m.inquiry.party == a)
    proposed = {m.inquiry_id for m in matches}
    assert Inquiry.objects.filter(pk__in=proposed, status="match_proposed").count() == len(proposed)
    assert {i.pk for i in inquiries} >= proposed
    assert inquiries_suggest_for_persons(person_ids=new_persons) == 0  # nothing suggested twice


@pytest.mark.parametrize("seed", [5, 6])
def test_one_persons_index_finds_what_the_index_of_every_open_inquiry_finds(parties, users, seed):
    """A death notice re-matches one person: only the inquiries whose stored surname keys its words can hold are
    indexed, and the person meets exactly the inquiries it meets in the index of all of them."""
    _world(parties, users, seed)
    everything = open_inquiries_index()
    fields = ("display_name", "surname", "given_name", "patronymic", "birth_date", "service_number")
    rows = Person.objects.values_list("search_text", *fields)
    met = 0
    for text, *values in rows:
        alone = open_inquiries_index([text])
        found = alone.inquiries_for(text, lazy_probe(values))
        assert found == everything.inquiries_for(text, lazy_probe(values))
        assert len(alone.probes) < len(everything.probes)
        met += bool(found)
    assert met > len(rows) / 4  # the namesakes do meet


def _import_inquiries(parties: Any, users: Any, n: int) -> int:
    rnd = random.Random(n)
    hotline = source_list_create(owner=parties["A"], kind="inquiries", name=f"hotline {n}", actor=users["a-liaison"],
                                 rows=_rows(rnd, n, "q"))  # fmt: skip
    ids = list(hotline.records.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        inquiries_rematch_for_records(ids, users["a-liaison"])
    assert Inquiry.objects.filter(source_record__source_list=hotline, status="match_proposed").exists()
    return len(queries)


def test_an_imported_inquiries_list_is_matched_in_a_bounded_number_of_queries(parties, users):
    rnd = random.Random(6)
    source_list_create(owner=parties["B"], kind="registry", name="held", actor=users["b-operator"],
                       rows=_rows(rnd, 150, "h"), share_with=[parties["A"]])  # fmt: skip
    few = _import_inquiries(parties, users, 100)
    many = _import_inquiries(parties, users, 300)
    assert many - few <= 2  # at most the suggestions' bulk insert split once more


def test_re_matching_in_chunks_of_inquiries_suggests_what_one_pass_does(parties, users, monkeypatch):
    from django.db import transaction

    from cartel.tracing import bulk

    _world(parties, users, 7)
    persons = list(Person.objects.values_list("pk", flat=True))

    def suggested() -> set[tuple[Any, ...]]:
        with transaction.atomic():
            inquiries_suggest_for_persons(person_ids=persons)
            found = set(
                InquiryMatch.objects.values_list("inquiry_id", "person_id", "score", "suggested_answer")
            )
            proposed = set(Inquiry.objects.filter(status="match_proposed").values_list("pk", flat=True))
            transaction.set_rollback(True)
        return found | {("proposed", pk) for pk in proposed}

    whole = suggested()
    monkeypatch.setattr(bulk, "SUGGEST_CHUNK", 3)
    assert suggested() == whole and len(whole) > 10
