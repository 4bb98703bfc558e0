"""Inquiry pages: intake on the phone in any script, suggestions decided on the page, the letter, and no leaks."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from cartel.registry.services import RecordData, source_list_create
from cartel.tracing.models import Inquiry


def _held(parties, users):
    source_list_create(owner=parties["B"], kind="registry", name="held", actor=users["b-operator"],
                       share_with=[parties["A"]],
                       rows=[RecordData(external_id="1", row_number=2, raw={},
                                        fields={"full_name": "ШЕВЧЕНКО Николай Иванович", "birth_date": "1999-02-15"})])  # fmt: skip


INTAKE = {
    "subject_name": "Mykola Shevchenko", "subject_birth_date": "15.02.1999", "inquirer_name": "Шевченко Ганна",
    "relationship": "mother", "inquirer_contact": "+000 555 0101", "channel": "phone", "letter_language": "uk",
    "consent_to_share": "on", "disclosure_restriction": "",
}  # fmt: skip


def test_intake_registers_the_inquiry_and_shows_the_match(client, users, parties):
    _held(parties, users)
    client.force_login(users["a-liaison"])
    assert client.get(reverse("inquiry-new")).status_code == 200
    response = client.post(reverse("inquiry-new"), INTAKE)
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inquiry-detail", args=[inquiry.pk]
    )
    assert inquiry.subject_birth_date == "1999-02-15" and inquiry.status == "match_proposed"
    page = client.get(reverse("inquiry-detail", args=[inquiry.pk])).content.decode()
    assert "ШЕВЧЕНКО Николай Иванович" in page and "given name agrees" in page
    assert inquiry.case_number in client.get(reverse("inquiry-queue")).content.decode()


def test_a_bad_birth_date_is_refused_not_dropped(client, users):
    client.force_login(users["a-liaison"])
    response = client.post(reverse("inquiry-new"), {**INTAKE, "subject_birth_date": "31.31.1999"})
    assert response.status_code == 200 and not Inquiry.objects.exists()


def test_accepting_on_the_page_and_telling_the_family_returns_the_letter(client, users, parties):
    _held(parties, users)
    client.force_login(users["a-liaison"])
    client.post(reverse("inquiry-new"), INTAKE)
    inquiry = Inquiry.objects.get()
    match = inquiry.matches.get()
    client.post(reverse("inquiry-match-decide", args=[match.pk, "accept"]), {"evidence": "NIB list B, row 1"})
    inquiry.refresh_from_db()
    assert inquiry.status == "confirmed_alive_in_captivity"
    letter = client.post(reverse("inquiry-action", args=[inquiry.pk, "inform"]), {"language": ""})
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    inquiry.refresh_from_db()
    assert inquiry.status == "family_informed" and inquiry.letters.get().language == "uk"


def test_another_party_cannot_see_or_decide_on_an_inquiry(client, users, parties):
    _held(parties, users)
    client.force_login(users["a-liaison"])
    client.post(reverse("inquiry-new"), INTAKE, follow=True)
    inquiry = Inquiry.objects.get()
    match = inquiry.matches.get()
    client.force_login(users["b-liaison"])
    assert client.get(reverse("inquiry-detail", args=[inquiry.pk])).status_code == 404
    assert (
        client.post(reverse("inquiry-match-decide", args=[match.pk, "accept"]), {"evidence": "x"}).status_code
        == 404
    )
    assert inquiry.case_number not in client.get(reverse("inquiries")).content.decode()
    client.force_login(users["m-mediator"])
    assert client.get(reverse("inquiry-detail", args=[inquiry.pk])).status_code == 404, "not forwarded yet"


def test_forwarding_needs_consent_and_shows_the_inquiry_to_the_mediator(client, users, parties):
    client.force_login(users["a-liaison"])
    client.post(reverse("inquiry-new"), {**INTAKE, "consent_to_share": ""})
    inquiry = Inquiry.objects.get()
    client.post(reverse("inquiry-action", args=[inquiry.pk, "forward"]))
    assert Inquiry.objects.get().forwarded_to_mediator is False
    Inquiry.objects.filter(pk=inquiry.pk).update(consent_to_share=True)
    client.post(reverse("inquiry-action", args=[inquiry.pk, "forward"]))
    assert Inquiry.objects.get().status == "pending"
    client.force_login(users["m-mediator"])
    assert client.get(reverse("inquiry-detail", args=[inquiry.pk])).status_code == 200


def test_the_dashboard_partial_counts_open_and_answered(users, parties, client):
    client.force_login(users["a-liaison"])
    client.post(reverse("inquiry-new"), INTAKE)
    request = RequestFactory().get("/")
    request.user = users["a-liaison"]
    html = Template('{% include "tracing/partials/dashboard.html" %}').render(Context({"request": request}))
    assert "Family inquiries" in html and "<svg" in html
    assert client.get(reverse("tracing-dashboard")).status_code == 200
    assert client.get(reverse("inquiries")).status_code == 200
