"""The remains pages: ledger and charts, batch workflow through the web, custody chain, documents, and no leaks."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from remains_files import manifest_csv

from cartel.registry.services import RecordData, source_list_create
from cartel.remains.batches import batch_create, batch_hand_over, batch_import_manifest, batch_list
from cartel.remains.models import Remains, RemainsBatch


@pytest.fixture
def batch(parties, users, agreement):
    sender = users["b-forensic"]
    batch = batch_create(sender=parties["B"], receiver=parties["A"], agreement=agreement, actor=sender)
    batch_import_manifest(batch=batch, data=manifest_csv(12), file_name="m.csv", actor=sender)
    return batch


def test_the_index_shows_ledger_charts_and_bodies(client, users, batch):
    client.force_login(users["b-forensic"])
    page = client.get(reverse("remains"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and batch.code in html and "B-R-000001" in html and "bodies-2025" in html
    assert "script" not in html.split("<main>")[1].lower(), "no inline script under the CSP"


def test_the_receiver_sees_the_batch_only_after_the_handover(client, users, batch):
    client.force_login(users["a-forensic"])
    assert client.get(reverse("remains-batch", args=[batch.pk])).status_code == 404
    body = Remains.objects.filter(batch=batch).first()
    assert client.get(reverse("remains-detail", args=[body.pk])).status_code == 404
    batch_list(batch=batch, actor=users["b-forensic"])
    batch_hand_over(batch=RemainsBatch.objects.get(pk=batch.pk), actor=users["b-forensic"])
    assert client.get(reverse("remains-batch", args=[batch.pk])).status_code == 200


def test_the_batch_goes_from_manifest_to_receipt_through_the_web(client, users, parties, agreement):
    client.force_login(users["b-forensic"])
    response = client.post(reverse("remains-batch-new"), {"receiver": parties["A"].pk, "agreement": agreement.pk,
                                                          "handover_point": "Border crossing 3"})  # fmt: skip
    batch = RemainsBatch.objects.get()
    assert response.status_code == 302 and batch.sender == parties["B"]
    upload = {"file": _upload(manifest_csv(5))}
    client.post(reverse("remains-batch-action", args=[batch.pk, "manifest"]), upload)
    client.post(reverse("remains-batch-action", args=[batch.pk, "list"]))
    client.post(reverse("remains-batch-action", args=[batch.pk, "hand_over"]))
    assert RemainsBatch.objects.get().status == "handed_over"
    client.force_login(users["a-forensic"])
    client.post(reverse("remains-batch-action", args=[batch.pk, "receive"]),
                {"missing": "B-R-000002", "mismatches": "B-R-000003: disc reads T-9", "extra": "1"})  # fmt: skip
    batch.refresh_from_db()
    assert (batch.status, batch.received_count, batch.discrepancies.count()) == ("received", 5, 3)
    client.post(reverse("remains-batch-action", args=[batch.pk, "examine"]))
    body = Remains.objects.get(code="B-R-000001")
    assert body.status == "forensic_examination"
    page = client.post(reverse("remains-detail", args=[body.pk]),
                       {"conclusion": "identified", "method": "dna", "evidence_ref": "LAB-77", "identified_name": "Бойко"})  # fmt: skip
    assert page.status_code == 302 and Remains.objects.get(pk=body.pk).status == "identified"
    chain = client.get(reverse("remains-detail", args=[body.pk])).content.decode()
    for step in ("record", "store", "list_for_repatriation", "hand_over", "receive", "examine", "identify"):
        assert f"<td>{step}</td>" in chain


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("manifest.csv", data, content_type="text/csv")


def test_the_dashboard_partial_renders_for_the_signed_in_user(users, batch):
    request = RequestFactory().get("/")
    request.user = users["b-forensic"]
    html = Template('{% include "remains/partials/dashboard.html" %}').render(Context({"request": request}))
    assert "Remains ledger" in html and "<svg" in html and "12" in html
    request.user = users["t-medic"]
    assert "B-" not in Template('{% include "remains/partials/dashboard.html" %}').render(
        Context({"request": request})
    )


def test_documents_download_for_visible_persons_only(client, users, parties):
    held = source_list_create(owner=parties["B"], kind="registry", name="held", actor=users["b-operator"],
                              rows=[RecordData(external_id="1", row_number=2, raw={}, fields={"full_name": "Бойко Іван"})])  # fmt: skip
    person = held.records.get().person
    client.force_login(users["b-operator"])
    card = client.get(reverse("gc3-capture-card", args=[person.pk]))
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"
    export = client.get(reverse("gc3-nib-export"))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    client.force_login(users["a-operator"])
    assert client.get(reverse("gc3-capture-card", args=[person.pk])).status_code == 404


def test_reference_samples_need_consent_and_stay_with_their_party(client, users):
    client.force_login(users["a-forensic"])
    data = {"donor_name": "Коваленко Марія", "donor_relationship": "mother", "missing_person_name": "Коваленко Олександр",
            "sample_type": "buccal swab", "laboratory_ref": "LAB-1"}  # fmt: skip
    client.post(reverse("remains-samples"), data)
    assert "Коваленко Марія" not in client.get(reverse("remains-samples")).content.decode()
    client.post(reverse("remains-samples"), {**data, "consent_recorded": "on"})
    assert "Коваленко Марія" in client.get(reverse("remains-samples")).content.decode()
    client.force_login(users["b-forensic"])
    assert "Коваленко Марія" not in client.get(reverse("remains-samples")).content.decode()


def test_the_role_dashboards_include_the_remains_and_inquiry_panels(client, users, batch):
    client.force_login(users["b-forensic"])
    assert "remains-panel" in client.get(reverse("dashboard")).content.decode()
    client.force_login(users["b-liaison"])
    assert "tracing-panel" in client.get(reverse("dashboard")).content.decode()
