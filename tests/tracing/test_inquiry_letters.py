"""The family's letter says what the disclosure rule allows and nothing more, in Ukrainian, Russian or English."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from cartel.registry.services import RecordData, source_list_create
from cartel.tracing.answers import (
    inquiries_due_reminder,
    inquiries_remind,
    inquiry_inform_family,
    inquiry_letter,
    match_accept,
)
from cartel.tracing.models import Inquiry, Letter
from cartel.tracing.services import inquiry_create
from cartel.transitions import TransitionRefused

PLACE = "Camp 7 near Verkhnia Dubrava"
HEALTH = "seriously wounded: left leg"


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def answered(parties, users):
    """An inquiry about a captive answered "alive", with a place and a health note recorded."""

    def make(restriction: str = "", language: str = "uk") -> Inquiry:
        source_list_create(
            owner=parties["B"], kind="registry", name=f"held {restriction}", actor=users["b-operator"],
            share_with=[parties["A"]],
            rows=[RecordData(external_id="1", row_number=2, raw={}, fields={"full_name": "КОВАЛЕНКО Александр Петрович",
                                                                          "birth_date": "1991-03-12"})],
        )  # fmt: skip
        inquiry = inquiry_create(party=parties["A"], actor=users["a-liaison"], subject_name="Коваленко Олександр Петрович",
                                 subject_birth_date="1991-03-12", inquirer_name="Коваленко Марія",
                                 disclosure_restriction=restriction, letter_language=language)  # fmt: skip
        match_accept(match=inquiry.matches.first(), actor=users["a-liaison"], evidence="NIB list, row 2")
        Inquiry.objects.filter(pk=inquiry.pk).update(
            answer_place=PLACE, answer_health=HEALTH, answer_date="2025-06-01"
        )
        inquiry.refresh_from_db()
        return inquiry

    return make


def test_without_restriction_the_ukrainian_letter_tells_fate_place_and_health(answered, users):
    inquiry, pdf = inquiry_inform_family(inquiry=answered(""), actor=users["a-liaison"])
    text = _text(pdf)
    assert "Коваленко Олександр Петрович живий" in text and "Шановний(а) Коваленко Марія" in text
    assert PLACE in text and HEALTH in text and inquiry.case_number in text
    assert inquiry.status == "family_informed"


def test_fate_only_never_discloses_place_date_or_health(answered, users):
    _inquiry, pdf = inquiry_inform_family(inquiry=answered("fate_only", "ru"), actor=users["a-liaison"])
    text = _text(pdf)
    assert "жив и находится в плену" in text
    assert "Camp 7" not in text and "wounded" not in text and "2025-06-01" not in text
    assert Letter.objects.get().disclosed == {"answer": "alive_in_captivity"}


def test_no_health_discloses_place_but_not_health(answered, users):
    letter, pdf = inquiry_letter(inquiry=answered("no_health", "en"), actor=users["a-liaison"])
    text = _text(pdf)
    assert "is alive and held as a prisoner of war" in text and PLACE in text
    assert "wounded" not in text and "health" not in letter.disclosed


def test_withheld_information_cannot_be_told_at_all(answered, users):
    inquiry = answered("withhold")
    with pytest.raises(TransitionRefused):
        inquiry_inform_family(inquiry=inquiry, actor=users["a-liaison"])
    with pytest.raises(TransitionRefused):
        inquiry_letter(inquiry=inquiry, actor=users["a-liaison"])
    inquiry.refresh_from_db()
    assert inquiry.status == "confirmed_alive_in_captivity" and not Letter.objects.exists()


def test_inquiries_pending_too_long_are_flagged_once_per_period(parties, users, settings):
    from cartel import conf

    old = inquiry_create(
        party=parties["A"], actor=users["a-liaison"], subject_name="Бойко Іван", inquirer_name="Бойко Олена"
    )
    Inquiry.objects.filter(pk=old.pk).update(
        received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=conf.INQUIRY_REMINDER_DAYS + 1)
    )
    inquiry_create(
        party=parties["A"],
        actor=users["a-liaison"],
        subject_name="Мельник Петро",
        inquirer_name="Мельник Ірина",
    )
    everyone = Inquiry.objects.all()
    assert list(inquiries_due_reminder(inquiries=everyone)) == [Inquiry.objects.get(pk=old.pk)]
    assert inquiries_remind(inquiries=everyone, actor="system") == 1
    assert inquiries_remind(inquiries=everyone, actor="system") == 0
    assert Inquiry.objects.get(pk=old.pk).reminders == 1


def test_many_inquiries_due_are_flagged_in_slices(parties, users, monkeypatch):
    from cartel import conf

    monkeypatch.setattr("cartel.bulk.BATCH", 2)  # stands for the parameters one statement takes
    for name in ("Бойко Іван", "Мельник Петро", "Коваль Ігор", "Шевчук Олег", "Ткач Павло"):
        inquiry_create(party=parties["A"], actor=users["a-liaison"], subject_name=name, inquirer_name="Родич")
    Inquiry.objects.update(
        received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=conf.INQUIRY_REMINDER_DAYS + 1)
    )
    assert inquiries_remind(inquiries=Inquiry.objects.all(), actor="system") == 5
    assert set(Inquiry.objects.values_list("reminders", flat=True)) == {1}
