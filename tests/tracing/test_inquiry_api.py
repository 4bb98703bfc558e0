"""The inquiry API: intake by token, suggestions and decisions; another party's inquiry is a 404."""

from __future__ import annotations

import pytest
from tracing_api_data import bearer

from cartel.registry.services import RecordData, source_list_create


@pytest.fixture
def held(parties, users):
    return source_list_create(owner=parties["B"], kind="registry", name="held", actor=users["b-operator"],
                              share_with=[parties["A"]],
                              rows=[RecordData(external_id="1", row_number=2, raw={},
                                               fields={"full_name": "КОВАЛЕНКО Александр Петрович", "birth_date": "1991-03-12"})])  # fmt: skip


def test_intake_by_api_returns_the_case_and_its_suggestions(client, users, held):
    auth = bearer(users["a-liaison"])
    created = client.post("/api/inquiries/", {"subject_name": "Oleksandr Kovalenko", "subject_birth_date": "1991-03-12",
                                              "inquirer_name": "Коваленко Марія", "relationship": "mother"},
                          content_type="application/json", headers=auth)  # fmt: skip
    assert created.status_code == 201, created.content
    inquiry = created.json()
    assert (
        inquiry["owner_party"] == "A" and inquiry["shared"] is False and inquiry["status"] == "match_proposed"
    )
    [match] = client.get(f"/api/inquiries/{inquiry['id']}/matches", headers=auth).json()
    assert match["suggested_answer"] == "alive_in_captivity"
    refused = client.post(f"/api/inquiries/matches/{match['id']}/accept", {"evidence": ""},
                          content_type="application/json", headers=auth)  # fmt: skip
    assert refused.status_code == 409
    accepted = client.post(f"/api/inquiries/matches/{match['id']}/accept", {"evidence": "NIB list, row 2"},
                           content_type="application/json", headers=auth)  # fmt: skip
    assert accepted.json()["status"] == "accepted"
    assert (
        client.get(f"/api/inquiries/{inquiry['id']}", headers=auth).json()["answer"] == "alive_in_captivity"
    )
    other = bearer(users["b-liaison"])
    assert client.get(f"/api/inquiries/{inquiry['id']}", headers=other).status_code == 404
    assert client.get(f"/api/inquiries/{inquiry['id']}/matches", headers=other).status_code == 404


@pytest.mark.parametrize(
    ("field", "length"),
    [
        ("subject_birth_date", 11),
        ("subject_service_number", 65),
        ("relationship", 51),
        ("inquirer_contact", 301),
    ],
)
def test_a_text_longer_than_its_column_is_refused_not_a_server_error(client, users, field, length):
    body = {"subject_name": "Oleksandr Kovalenko", "inquirer_name": "Коваленко Марія", field: "1" * length}
    answer = client.post(
        "/api/inquiries/", body, content_type="application/json", headers=bearer(users["a-liaison"])
    )
    assert answer.status_code == 422, answer.content
    assert field in answer.content.decode()
