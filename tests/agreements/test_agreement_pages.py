"""Agreement pages: visible to its parties only; consent and examinations can be recorded from them."""

from __future__ import annotations

import re

from cartel.agreements.models import ConsentRecord, Examination
from cartel.registry.services import RecordData, source_list_create

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=", re.IGNORECASE)


def test_agreement_pages_record_consent_and_examinations(client, users, parties, agreement):
    rows = [RecordData(external_id="w1", row_number=2, raw={},
                       extra={"status": "eligible", "seriously_wounded": True},
                       fields={"surname": "Гнатюк", "given_name": "Петро", "birth_date": "1979-09-09"})]  # fmt: skip
    person = source_list_create(owner=parties["A"], kind="registry", name="held", actor=users["a-operator"],
                                rows=rows).records.get().person  # fmt: skip
    client.force_login(users["a-operator"])
    assert "second-round" in client.get("/agreements/").content.decode()
    page = client.get("/agreements/second-round/")
    assert page.status_code == 200 and not INLINE.search(page.content.decode())
    assert "гнатюк" in page.content.decode().casefold()
    client.post(f"/agreements/second-round/examine/{person.pk}/", {"proposer": "detaining_doctor"})
    assert Examination.objects.filter(person=person).exists()
    client.post(f"/agreements/second-round/consent/{person.pk}/", {"given": "yes", "witness": ""})
    assert not ConsentRecord.objects.exists()  # a witness is required
    client.post(
        f"/agreements/second-round/consent/{person.pk}/", {"given": "yes", "witness": "ICRC delegate"}
    )
    person.refresh_from_db()
    assert person.status == "consent_recorded" and person.consent is True
    client.force_login(users["t-medic"])
    assert client.get("/agreements/second-round/").status_code == 404
