"""The registry pages: list, live search in any script, filters, person page, review queue."""

from __future__ import annotations

from typing import Any

from cartel.registry.models import CandidatePair, Person, SourceRecord


def _person(surname: str, owner: str) -> Person:
    return SourceRecord.objects.get(surname=surname, owner__code=owner).person


def test_list_shows_own_persons_only(client: Any, users: dict[str, Any], registry: dict[str, Any]) -> None:
    """A's operator sees A's registry and not B's unshared lists."""
    client.force_login(users["a-operator"])
    page = client.get("/registry/").content.decode()
    assert "КОВАЛЕНКО" in page and "ШЕВЧЕНКО" in page
    assert "Кузнецов".upper() not in page
    assert "Qwyxzorth".upper() not in page


def test_latin_query_finds_cyrillic_person_with_reason(
    client: Any, users: dict[str, Any], registry: Any
) -> None:
    """Typing a Latin spelling in any order finds the Cyrillic record and says why."""
    client.force_login(users["a-operator"])
    page = client.get(
        "/registry/", {"q": "Ivan Kovalenko 1991"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "КОВАЛЕНКО Іван" in page
    assert "Коваленко ~ Kovalenko" in page
    assert "1991-03-12" in page
    assert "<html" not in page  # htmx gets the rows only


def test_typo_and_partial_queries_still_match(client: Any, users: dict[str, Any], registry: Any) -> None:
    """A slip (Kovalenco, Shewczenko) or a word still being typed (Bondar) finds the person."""
    client.force_login(users["a-operator"])
    for query, expected in (("Kovalenco", "КОВАЛЕНКО"), ("Shewczenko", "ШЕВЧЕНКО"), ("Bondar", "БОНДАРЕНКО")):
        assert expected in client.get("/registry/", {"q": query}).content.decode(), query


def test_filters_narrow_the_list(client: Any, users: dict[str, Any], registry: Any) -> None:
    client.force_login(users["m-mediator"])
    page = client.get("/registry/", {"holding_party": "B"}).content.decode()
    assert "КУЗНЕЦОВ" in page and "ШЕВЧЕНКО" not in page
    assert "КУЗНЕЦОВ" not in client.get("/registry/", {"status": "repatriated"}).content.decode()


def test_keyset_paging_walks_every_person_once(client: Any, users: dict[str, Any], list_maker: Any) -> None:
    list_maker("A", "registry", "many", [(f"Петренко{i:03d}", "Іван", "", "") for i in range(120)])
    client.force_login(users["a-operator"])
    seen: list[int] = []
    after = ""
    while True:
        response = client.get("/registry/", {"after": after} if after else {})
        seen += [p.pk for p in response.context["rows"]]
        if not response.context["next_after"]:
            break
        after = response.context["next_after"]
    assert len(seen) == len(set(seen)) == 120


def test_person_page_shows_records_side_by_side(client: Any, users: dict[str, Any], registry: Any) -> None:
    person = _person("Коваленко", "A")
    client.force_login(users["a-operator"])
    page = client.get(f"/registry/persons/{person.pk}/").content.decode()
    assert "A registry" in page and "Прізвище" in page and "Audit trail" in page
    assert "list imported" in page  # the import event of its list


def test_hidden_person_is_404(client: Any, users: dict[str, Any], registry: Any) -> None:
    hidden = _person("Qwyxzorth", "B")
    client.force_login(users["a-operator"])
    assert client.get(f"/registry/persons/{hidden.pk}/").status_code == 404
    assert client.get("/registry/persons/999999/").status_code == 404
    client.force_login(users["m-mediator"])
    assert client.get(f"/registry/persons/{hidden.pk}/").status_code == 404


def test_medical_details_only_for_allowed_parties(client: Any, users: dict[str, Any], registry: Any) -> None:
    person = _person("Кузнецов", "B")
    Person.objects.filter(pk=person.pk).update(
        medical_notes="fracture of the left femur", seriously_wounded=True
    )
    client.force_login(users["m-mediator"])
    assert "fracture of the left femur" in client.get(f"/registry/persons/{person.pk}/").content.decode()
    client.force_login(users["b-operator"])
    assert "fracture of the left femur" in client.get(f"/registry/persons/{person.pk}/").content.decode()


def test_review_queue_decides_and_offers_unsure_to_others(
    client: Any, users: dict[str, Any], registry: Any
) -> None:
    """A pair across two visible lists can be decided; an unsure pair returns for a second reviewer."""
    left = SourceRecord.objects.get(surname="Коваленко", owner__code="A")
    right = SourceRecord.objects.get(surname="Коваленко", owner__code="B")
    pair = CandidatePair.objects.create(
        left_id=min(left.pk, right.pk), right_id=max(left.pk, right.pk), probability=0.72,
        explanation=[{"field": "surname", "left": "Коваленко", "right": "Коваленко", "level": "exact", "weight": 2.3}],
    )  # fmt: skip
    client.force_login(users["a-operator"])
    assert (
        f"pair-{pair.pk}" not in client.get("/registry/review/").content.decode()
    )  # B's record is hidden from A
    client.force_login(users["m-mediator"])
    page = client.get("/registry/review/").content.decode()
    assert f"pair-{pair.pk}" in page and "Weight" in page and "2.30" in page
    response = client.post(
        f"/registry/review/{pair.pk}/decision/", {"decision": "unsure"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert f"pair-{pair.pk}" not in client.get("/registry/review/").content.decode()
    client.force_login(users["m-admin"])
    assert client.get("/registry/review/").status_code == 403
    client.force_login(users["a-operator"])
    assert client.post(f"/registry/review/{pair.pk}/decision/", {"decision": "accept"}).status_code == 404
    pair.refresh_from_db()
    assert pair.decision == "unsure"


def test_medical_hidden_from_a_party_neither_holding_nor_of_origin(
    client: Any, users: Any, list_maker: Any
) -> None:
    """A list shared with A lets A see the person, but not the medical notes of someone A neither holds nor claims."""
    shared = list_maker("B", "stage", "B stage list", [("Орлов", "Павел", "", "1985-02-02")], share=("A",))
    person = shared.records.get().person
    Person.objects.filter(pk=person.pk).update(medical_notes="burns on both hands", seriously_wounded=True)
    client.force_login(users["a-operator"])
    page = client.get(f"/registry/persons/{person.pk}/").content.decode()
    assert "ОРЛОВ" in page and "burns on both hands" not in page
    assert 'id="medical"' not in page
    assert "ОРЛОВ" not in client.get("/registry/", {"wounded": "1"}).content.decode()
    Person.objects.filter(pk=person.pk).update(holding_party=person.records.get().owner)
    client.force_login(users["b-operator"])
    assert "burns on both hands" in client.get(f"/registry/persons/{person.pk}/").content.decode()


def test_list_page_query_count_does_not_grow_with_rows(client: Any, users: Any, list_maker: Any) -> None:
    """The list and the search cost the same number of queries for 5 rows as for 45 (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["a-operator"])

    def count(params: dict[str, str]) -> int:
        client.get("/registry/", params)  # warm the session
        with CaptureQueriesContext(connection) as context:
            assert client.get("/registry/", params).status_code == 200
        return len(context)

    list_maker("A", "registry", "few", [(f"Гнатюк{i:02d}", "Петро", "", "") for i in range(5)])
    few = count({}), count({"q": "Hnatiuk Petro"})
    list_maker("A", "registry", "many", [(f"Гнатюк{i:02d}", "Петро", "", "") for i in range(40)])
    assert (count({}), count({"q": "Hnatiuk Petro"})) == few
