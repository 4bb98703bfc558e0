"""The person search index: used on SQLite (FTS5) and PostgreSQL (GIN), kept in step with every write, never
wider than the visibility policy, and the same answers when it is missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from cartel.registry import search_index
from cartel.registry.keys import query_tokens
from cartel.registry.models import Person, SourceRecord
from cartel.registry.selectors import persons_search
from cartel.registry.services import RecordData, links_store, source_list_create

PEOPLE = [
    ("Коваленко", "Іван", "Петрович", "1991-03-12"),
    ("Шевченко", "Олена", "Андріївна", "1988-07-01"),
    ("Бондаренко", "Сергій", "", "1979"),
    ("Кузнецов", "Алексей", "Иванович", "1995-01-20"),
    ("Коваль", "Петро", "", "1991-03-12"),
]


def _list(
    parties: Any, users: Any, code: str, name: str, people: list[Any], share: tuple[str, ...] = ()
) -> Any:
    rows = [
        RecordData(external_id=f"{name}-{i}", row_number=i + 2, raw={"n": s},
                   fields={"surname": s, "given_name": g, "patronymic": p, "birth_date": b})
        for i, (s, g, p, b) in enumerate(people)
    ]  # fmt: skip
    return source_list_create(owner=parties[code], kind="registry", name=name, rows=rows,
                              actor=users[f"{code.lower()}-operator"], share_with=[parties[c] for c in share])  # fmt: skip


@pytest.fixture
def registry(parties: Any, users: Any) -> dict[str, Any]:
    shared = _list(parties, users, "A", "shared", PEOPLE, share=("B", "M"))
    private = _list(parties, users, "B", "private", [("Коваленко", "Іван", "Петрович", "1991-03-12")])
    return {"shared": shared, "private": private}


def _names(user: Any, query: str) -> list[str]:
    return [h.person.display_name for h in persons_search(viewer=user, query=query)]


def test_each_database_searches_through_its_own_index(db: Any) -> None:
    expected = {"sqlite": "fts5", "postgresql": "tsvector"}[connection.vendor]
    assert search_index.index_kind() == expected


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Kovalenko Ivan", "КОВАЛЕНКО Іван Петрович"),  # Latin for Cyrillic records
        ("Иван Коваленко", "КОВАЛЕНКО Іван Петрович"),  # Russian spelling, other order
        ("koval", "КОВАЛЬ Петро"),  # a word still being typed: the whole word first
        ("Kovalemko", "КОВАЛЕНКО Іван Петрович"),  # a slip in the word
        ("Коваль 12.03.1991", "КОВАЛЬ Петро"),
        ("1988-07", "ШЕВЧЕНКО Олена Андріївна"),
        ("Shevchenko Olena", "ШЕВЧЕНКО Олена Андріївна"),
    ],
)
def test_search_finds_any_script_through_the_index(registry: Any, users: Any, query: str, first: str) -> None:
    names = _names(users["m-mediator"], query)
    assert names and names[0] == first


def test_finished_words_are_whole_and_the_last_one_a_beginning(registry: Any, users: Any) -> None:
    people = Person.objects.all()
    assert {p.surname for p in people.filter(search_index.token_match(["koval"], every=True))} == {"Коваль"}
    assert {p.surname for p in people.filter(search_index.token_match(["koval*"], every=True))} == {
        "Коваль", "Коваленко"}  # fmt: skip
    assert _names(users["m-mediator"], "Kovalenko Iv")[0] == "КОВАЛЕНКО Іван Петрович"
    assert _names(users["m-mediator"], "Koval Petro")[0] == "КОВАЛЬ Петро"


def test_hits_carry_their_reasons(registry: Any, users: Any) -> None:
    hit = persons_search(viewer=users["a-operator"], query="Kovalenko 12.03.1991")[0]
    assert hit.matched == 2 and "born 1991-03-12" in hit.reasons
    assert any(r.startswith("surname Коваленко") for r in hit.reasons)


def test_nothing_outside_the_viewers_sight(registry: Any, users: Any) -> None:
    private = registry["private"].records.get().person
    for username in ("a-operator", "m-mediator"):
        found = {
            h.person.pk for h in persons_search(viewer=users[username], query="Коваленко Іван 12.03.1991")
        }
        assert found and private.pk not in found
    assert private.pk in {h.person.pk for h in persons_search(viewer=users["b-operator"], query="Коваленко")}


def test_index_follows_merges_updates_and_deletes(registry: Any, parties: Any, users: Any) -> None:
    other = _list(parties, users, "B", "requests", [("Kowalenko", "Jan", "", "1991-03-12")], share=("A", "M"))
    left = registry["shared"].records.get(external_id="shared-0")
    right = other.records.get()
    gone = right.person_id
    links_store(
        pairs=[(left.pk, right.pk, 0.99, [])], auto_threshold=0.98, review_threshold=0.5, actor="test"
    )
    merged = SourceRecord.objects.get(pk=left.pk).person
    assert not Person.objects.filter(pk=gone).exists()
    # The merged person is found by the other record's spelling, and the removed one is gone from the index:
    found = [h.person.pk for h in persons_search(viewer=users["m-mediator"], query="Kowalenko Jan")]
    assert found[0] == merged.pk and gone not in found
    # A plain save changes what the index holds:
    merged.search_text = " ".join(query_tokens("Жук Тарас"))
    merged.save()
    assert _names(users["m-mediator"], "Zhuk Taras") == [merged.display_name]
    assert merged.pk not in {
        h.person.pk for h in persons_search(viewer=users["m-mediator"], query="Kowalenko")
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises if the FTS table and the persons disagree
            cursor.execute(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}, rank) "
                           "VALUES ('integrity-check', 1)")  # fmt: skip


def test_without_the_index_the_answers_are_the_same(registry: Any, users: Any, monkeypatch: Any) -> None:
    queries = ["Kovalenko Ivan", "Коваленко", "Shevchenko 1988", "Kuznetsov Aleksei Ivanovich", "1991-03-12"]
    indexed = {q: [h.person.pk for h in persons_search(viewer=users["m-mediator"], query=q)] for q in queries}
    monkeypatch.setattr(search_index, "index_kind", lambda using="default": "scan")
    scanned = {q: [h.person.pk for h in persons_search(viewer=users["m-mediator"], query=q)] for q in queries}
    assert scanned == indexed and all(indexed.values())


@pytest.mark.parametrize("query", ['kov"al', "kov* OR", "NEAR(a b)", "' & | !", "-", "ко-ва"])
def test_query_syntax_of_the_index_cannot_be_injected(registry: Any, users: Any, query: str) -> None:
    persons_search(viewer=users["a-operator"], query=query)  # no database error


def test_lost_triggers_come_back_after_migrate(registry: Any, users: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite rebuilds tables on some migrations and drops their triggers; PostgreSQL does not")
    with connection.cursor() as cursor:
        for trigger in search_index.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {trigger}")
    search_index.index_forget()
    assert search_index.index_kind() == "scan"
    search_index.index_ensure()
    assert search_index.index_kind() == "fts5"
    assert _names(users["a-operator"], "Shevchenko")[0] == "ШЕВЧЕНКО Олена Андріївна"


@given(st.dates(max_value=dt.date(9998, 12, 31)), st.sampled_from([4, 7, 10]), st.dates())
def test_date_ranges_hold_exactly_the_dates_with_the_prefix(day: Any, cut: int, other: Any) -> None:
    prefix = day.isoformat()[:cut]
    low, high = search_index.date_range(prefix)
    for candidate in (day.isoformat(), other.isoformat(), other.isoformat()[:7], other.isoformat()[:4]):
        assert (low <= candidate < high) == candidate.startswith(prefix)


def test_hits_are_loaded_a_page_at_a_time(parties: Any, users: Any, django_assert_num_queries: Any) -> None:
    _list(parties, users, "A", "many", [("Коваленко", "Іван", "", f"19{50 + i}") for i in range(45)]
          + [("Коваленко", "Петро", "", f"19{50 + i}") for i in range(15)], share=("M",))  # fmt: skip
    hits = persons_search(viewer=users["m-mediator"], query="Коваленко Іван", limit=300)
    assert len(hits) == 60
    with django_assert_num_queries(1):
        first = hits[0]
        assert len(hits[:10]) == 10 and hits[:10][0] == first
    with django_assert_num_queries(1):
        assert hits[-1].person.given_name == "Петро" and hits[-1].matched == 1
    with django_assert_num_queries(0):
        assert list(hits) == hits and len(list(hits)) == 60
