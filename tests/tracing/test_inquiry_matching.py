"""Inquiries find the person sought in any script, and a new list answers a waiting family with no manual search."""

from __future__ import annotations

import pytest

from cartel.registry.models import Person
from cartel.registry.services import RecordData, source_list_create
from cartel.tracing.answers import match_accept, match_reject
from cartel.tracing.models import Inquiry, InquiryMatch
from cartel.tracing.services import inquiries_rematch_for_records, inquiry_create, inquiry_match_candidates


def _rows(*people):
    return [
        RecordData(
            external_id=f"x{i}",
            row_number=i + 2,
            raw={"name": n, "born": b},
            fields={"full_name": n, "birth_date": b},
        )
        for i, (n, b) in enumerate(people)
    ]


def _held_by_b(parties, users, *people, share=True):
    return source_list_create(
        owner=parties["B"],
        kind="registry",
        name="held by B",
        actor=users["b-operator"],
        rows=_rows(*people),
        share_with=[parties["A"], parties["M"]] if share else [],
    )


def _ask(parties, users, subject, born="", **details):
    return inquiry_create(
        party=parties["A"],
        actor=users["a-liaison"],
        subject_name=subject,
        subject_birth_date=born,
        inquirer_name="Коваленко Марія",
        relationship="mother",
        **details,
    )


def test_an_inquiry_in_latin_finds_the_captive_recorded_in_russian(parties, users):
    _held_by_b(
        parties, users, ("КОВАЛЕНКО Александр Петрович", "1991-03-12"), ("ШЕВЧЕНКО Николай", "1990-01-01")
    )
    inquiry = _ask(parties, users, "Oleksandr Kovalenko", "12.03.1991", channel="phone")
    assert inquiry.case_number.startswith("A-INQ-") and inquiry.status == "match_proposed"
    [match] = inquiry.matches.all()
    assert (
        match.person.display_name.startswith("КОВАЛЕНКО") and match.suggested_answer == "alive_in_captivity"
    )
    assert match.score >= 0.9 and "given name agrees" in match.explanation


def test_namesakes_with_another_given_name_are_not_suggested(parties, users):
    _held_by_b(parties, users, ("КОВАЛЕНКО Павел Петрович", "1991-03-12"))
    inquiry = _ask(parties, users, "Коваленко Олександр", "1991-03-12")
    assert inquiry.status == "registered" and not inquiry.matches.exists()


def test_a_new_list_answers_a_waiting_inquiry_without_a_search(parties, users):
    inquiry = _ask(parties, users, "Мельник Сергій Іванович", "1995-07-04")
    assert inquiry.status == "registered" and not inquiry.matches.exists()
    held = _held_by_b(parties, users, ("Melnik Sergei Ivanovich", "04.07.1995"), ("Бойко Іван", "1980"))
    queued = inquiries_rematch_for_records(
        list(held.records.values_list("pk", flat=True)), users["b-operator"]
    )
    inquiry.refresh_from_db()
    assert queued == 1 and inquiry.status == "match_proposed"
    assert inquiry.matches.get().origin == "rematch"


def test_a_list_the_inquirers_party_may_not_see_gives_no_suggestion(parties, users):
    inquiry = _ask(parties, users, "Мельник Сергій Іванович", "1995-07-04")
    held = _held_by_b(parties, users, ("Melnik Sergei Ivanovich", "04.07.1995"), share=False)
    assert (
        inquiries_rematch_for_records(list(held.records.values_list("pk", flat=True)), users["b-operator"])
        == 0
    )
    assert not inquiry.matches.exists() and inquiry_match_candidates(inquiry) == []


def test_the_import_service_calls_the_rematch_hook(parties, users, django_capture_on_commit_callbacks):
    """A family of a B soldier asks A's bureau (GC III Art. 122); A's next registry import answers it."""
    from cartel.imports.services import import_file

    inquiry = inquiry_create(
        party=parties["A"],
        actor=users["a-liaison"],
        subject_name="Шевченко Николай Иванович",
        subject_birth_date="1999",
        inquirer_name="Шевченко Анна",
        channel="letter",
    )
    data = "id;ПІБ;Дата народження\n1;SHEVCHENKO Mykola Ivanovych;15.02.1999\n2;Бойко Петро;1988\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(
            data=data, file_name="held.csv", party=parties["A"], kind="registry", actor=users["a-operator"]
        )
    assert outcome.ok, outcome.message
    inquiry.refresh_from_db()
    assert inquiry.status == "match_proposed"
    assert inquiry.matches.get().person.latin_name.lower().startswith("shevchenko")


def test_an_imported_inquiries_list_opens_inquiries_and_matches_them(parties, users):
    _held_by_b(parties, users, ("Ткаченко Андрей", "1985-05-05"))
    asked = source_list_create(
        owner=parties["A"],
        kind="inquiries",
        name="hotline",
        actor=users["a-liaison"],
        rows=[
            RecordData(
                external_id="q1",
                row_number=2,
                raw={"ПІБ": "Ткаченко Андрій", "Заявник": "Ткаченко Олена"},
                fields={"full_name": "Ткаченко Андрій", "birth_date": "1985-05-05"},
            )
        ],
    )
    inquiries_rematch_for_records(list(asked.records.values_list("pk", flat=True)), users["a-liaison"])
    inquiry = Inquiry.objects.get(source_record__source_list=asked)
    assert inquiry.channel == "import" and inquiry.inquirer_name == "Ткаченко Олена"
    assert inquiry.status == "match_proposed"


def test_rejecting_the_only_suggestion_puts_the_inquiry_back_to_waiting(parties, users):
    _held_by_b(parties, users, ("КОВАЛЕНКО Александр Петрович", "1991-03-12"))
    inquiry = _ask(parties, users, "Oleksandr Kovalenko", "12.03.1991")
    match_reject(
        match=inquiry.matches.get(), actor=users["a-liaison"], reason="the mother says he has a scar"
    )
    inquiry.refresh_from_db()
    assert inquiry.status == "pending"
    assert InquiryMatch.objects.get().status == "rejected"


def test_accepting_a_suggestion_answers_the_inquiry_with_evidence(parties, users):
    _held_by_b(parties, users, ("КОВАЛЕНКО Александр Петрович", "1991-03-12"))
    inquiry = _ask(parties, users, "Oleksandr Kovalenko", "12.03.1991")
    with pytest.raises(ValueError):
        match_accept(match=inquiry.matches.get(), actor=users["a-liaison"], evidence="")
    match_accept(match=inquiry.matches.get(), actor=users["a-liaison"], evidence="NIB list B-2025-06, row 2")
    inquiry.refresh_from_db()
    assert inquiry.status == "confirmed_alive_in_captivity" and inquiry.answer == "alive_in_captivity"
    assert inquiry.person == Person.objects.get(display_name__startswith="КОВАЛЕНКО")
    assert inquiry.answer_place == parties["B"].name


def test_a_list_larger_than_one_query_can_hold_is_read_in_slices(parties, users, monkeypatch):
    """Lists of a million rows pass more ids than one statement takes (PostgreSQL 65,535 parameters, SQLite 250,000
    here): every `__in` over a list goes through `cartel.bulk.chunks`. Slices of 2 stand for that here."""
    monkeypatch.setattr("cartel.bulk.BATCH", 2)
    _held_by_b(parties, users, ("Ткаченко Андрей", "1985-05-05"))
    rows = [
        RecordData(
            external_id=f"q{i}",
            row_number=i + 2,
            raw={"ПІБ": name, "Заявник": "Родич"},
            fields={"full_name": name, "birth_date": "1985-05-05"},
        )
        for i, name in enumerate(
            ["Ткаченко Андрій", "Бойко Іван", "Мельник Петро", "Коваль Ігор", "Шевчук Олег"]
        )
    ]
    asked = source_list_create(
        owner=parties["A"], kind="inquiries", name="hotline", actor=users["a-liaison"], rows=rows
    )
    inquiries_rematch_for_records(list(asked.records.values_list("pk", flat=True)), users["a-liaison"])
    opened = Inquiry.objects.filter(source_record__source_list=asked)
    assert sorted(opened.values_list("case_number", flat=True)) == [f"A-INQ-{n:06d}" for n in range(1, 6)]
    assert opened.get(subject_name="Ткаченко Андрій").status == "match_proposed"
