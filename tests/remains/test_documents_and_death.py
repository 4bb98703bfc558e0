"""A death in custody creates the remains record and the notification of death, tells the family's inquiry, and
the GC III documents render Cyrillic and Latin text that can be read back from the PDF."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cartel.audit.services import audit_verify
from cartel.documents.gc3_forms import capture_card_pdf, death_notice_pdf
from cartel.documents.gc3_nib_export import NIB_COLUMNS, nib_export_xlsx
from cartel.registry.models import Person
from cartel.registry.services import RecordData, source_list_create
from cartel.remains.models import DeathNotification
from cartel.remains.selectors import custody_chain
from cartel.remains.services import captive_record_death
from cartel.tracing.answers import match_accept
from cartel.tracing.services import inquiry_create
from cartel.transitions import TransitionRefused


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def captive(parties, users):
    """A captive of party A's army held by party B, recorded in Russian."""
    held = source_list_create(
        owner=parties["B"], kind="registry", name="held", actor=users["b-operator"], share_with=[parties["A"]],
        rows=[RecordData(external_id="7", row_number=2, raw={"Место рождения": "Житомир"},
                         fields={"surname": "КОВАЛЕНКО", "given_name": "Александр", "patronymic": "Петрович",
                                 "birth_date": "1991-03-12", "birth_place": "Житомир", "service_number": "=1+2",
                                 "rank": "сержант"})],
    )  # fmt: skip
    return held.records.get().person


def test_a_death_in_custody_creates_remains_notice_and_tells_the_inquiry(captive, parties, users):
    inquiry = inquiry_create(party=parties["A"], actor=users["a-liaison"], subject_name="Коваленко Олександр Петрович",
                             subject_birth_date="1991-03-12", inquirer_name="Коваленко Марія")  # fmt: skip
    match_accept(match=inquiry.matches.get(), actor=users["a-liaison"], evidence="NIB list")
    with pytest.raises(TransitionRefused):
        captive_record_death(person=captive, actor=users["a-operator"], cause_of_death="x")
    remains, notice = captive_record_death(person=captive, actor=users["b-operator"], death_date="2025-07-01",
                                           death_place="Hospital 3", cause_of_death="sepsis")  # fmt: skip
    captive.refresh_from_db()
    assert captive.status == "deceased"
    assert (
        remains.status == "recorded" and remains.person == captive and remains.claimed_party == parties["A"]
    )
    assert [e.action for e in custody_chain(remains)] == ["recover", "record"]
    assert notice.addressed_to == parties["A"] and notice.number.startswith("B-DN-")
    inquiry.refresh_from_db()
    assert inquiry.matches.filter(suggested_answer="deceased", status="suggested").exists()
    assert audit_verify().ok


def test_the_notification_of_death_is_bilingual_and_readable(captive, users):
    _remains, notice = captive_record_death(person=captive, actor=users["b-lead"], death_date="2025-07-01",
                                            death_place="Hospital 3", cause_of_death="sepsis")  # fmt: skip
    text = _text(death_notice_pdf(notice=DeathNotification.objects.get(pk=notice.pk)))
    assert "Повідомлення про смерть" in text and "Notification of death" in text
    assert "КОВАЛЕНКО" in text and "Kovalenko" in text and "Житомир" in text and "sepsis" in text
    assert "UNCERTAIN" in text and notice.number in text


def test_the_capture_card_carries_the_annex_headings_and_hides_health_when_not_allowed(captive):
    person = Person.objects.get(pk=captive.pk)
    text = _text(capture_card_pdf(person=person, show_health=False))
    assert "Картка взяття в полон" in text and "Capture card for prisoner of war" in text
    assert "Прізвище" in text and "Surname" in text and "Особовий номер" in text
    assert "Александр Петрович" in text and "сержант" in text
    assert "добрий" not in text
    russian = _text(capture_card_pdf(person=person, show_health=True, language="ru"))
    assert "Карточка о взятии в плен" in russian and "хорошее" in russian


def test_the_nib_export_has_the_art_122_columns_and_neutralises_formulas(captive):
    data, count = nib_export_xlsx(Person.objects.filter(pk=captive.pk).prefetch_related("records"))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 1 and rows[0] == NIB_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["surname"] == "КОВАЛЕНКО" and row["birth_place"] == "Житомир"
    assert row["service_number"] == "'=1+2"
