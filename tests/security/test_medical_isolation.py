"""Medical details reach only those DESIGN.md allows: the holding party, the party of origin, the mediator, and the
transit state while the person is in its care — through the API, the person page and the capture card alike."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

MARK = "Zyntharic"  # appears only in medical fields


def _person(parties: Any, users: Any, owner: str, share: tuple[str, ...]) -> Any:
    from cartel.registry.models import Person
    from cartel.registry.services import RecordData, source_list_create

    rows = [RecordData(external_id=f"{owner}-med", row_number=2, raw={"surname": "Мельник", "name": "Андрій"},
                       fields={"surname": "Мельник", "given_name": "Андрій", "birth_date": "1990-02-03"},
                       extra={"seriously_wounded": True, "medical_category": f"{MARK} A(2)"})]  # fmt: skip
    source_list = source_list_create(owner=parties[owner], kind="registry", name=f"{owner} wounded", rows=rows,
                                     actor=users[f"{owner.lower()}-operator"],
                                     share_with=[parties[c] for c in share])  # fmt: skip
    person = source_list.records.get().person
    Person.objects.filter(pk=person.pk).update(medical_notes=f"{MARK} notes: fracture, left arm")
    return person


def _text(response: Any) -> str:
    body = response.content
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode(errors="replace")


def _seen(client: Client, person: Any) -> dict[str, bool]:
    out = {}
    for url in (f"/api/persons/{person.pk}", f"/registry/persons/{person.pk}/",
                f"/remains/documents/capture-card/{person.pk}.pdf"):  # fmt: skip
        response = client.get(url)
        out[url] = response.status_code == 200 and MARK in _text(response)
    return out


@pytest.mark.parametrize("in_care", [False, True])
def test_medical_fields_only_to_those_allowed(parties: Any, users: Any, in_care: bool) -> None:
    from cartel.exchanges.models import TransitCare

    held_by_a = _person(parties, users, "A", share=("M", "B"))  # held by A, a national of B
    private = _person(parties, users, "B", share=())  # held by B, seen by B alone
    if in_care:
        TransitCare.objects.create(person=held_by_a, transit_party=parties["T"], arrived_at=timezone.now())
    allowed = {held_by_a.pk: {"A", "B", "M"} | ({"T"} if in_care else set()), private.pk: {"B"}}
    problems = []
    for username in ("a-operator", "a-liaison", "b-forensic", "m-mediator", "t-medic"):
        user = users[username]
        client = Client(raise_request_exception=False)
        client.force_login(user)
        party = user.membership.organisation.party.code
        for person in (held_by_a, private):
            for url, shown in _seen(client, person).items():
                if shown != (party in allowed[person.pk]) and not (shown is False and url.endswith(".pdf")
                                                                   and party in allowed[person.pk]):  # fmt: skip
                    problems.append(f"{username} {url}: medical {'shown' if shown else 'hidden'}")
    assert not problems, "\n".join(problems)
    # The API shape says it plainly: `medical` is null for those not allowed.
    client = Client()
    client.force_login(users["m-mediator"])
    assert client.get(f"/api/persons/{held_by_a.pk}").json()["medical"]["medical_category"] == f"{MARK} A(2)"
    client.force_login(users["a-operator"])
    assert client.get(f"/api/persons/{private.pk}").status_code == 404
