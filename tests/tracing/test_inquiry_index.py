"""The in-memory inquiry index loses no suggestion: every inquiry whose own search would find a person and whose
score against that person reaches `SUGGEST_AT` is among the inquiries the index gives for that person; and it gives
only inquiries whose search would find the person. Also what the scorer says of birth years written differently."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.registry.keys import search_text
from cartel.tracing.bulk import _Index
from cartel.tracing.matching import SUGGEST_AT, compare, probe_of, years_near
from cartel.tracing.services import blocking_keys

SURNAMES = ["Коваленко", "Коваленкова", "Kovalenko", "Ковальов", "Мельник", "Melnyk", "Тер-Петросян"]
GIVEN = ["Олександр", "Александр", "Саша", "Oleksandr", "Микола", "Nikolai", "Марія", "О.", "", "Олекса"]
PATRONYMICS = ["Іванович", "Ivanovich", "Петрович", "І.", ""]
YEARS = [1961, 1969, 1988, 1989, 1990, 1991, 1919, 1998, 2001]
DATES = st.one_of(
    st.just(""),
    st.sampled_from(YEARS).map(str),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.sampled_from(YEARS),
        st.sampled_from([3, 7]),
        st.sampled_from([4, 7]),
    ),
)
PEOPLE = st.fixed_dictionaries(
    {
        "surname": st.sampled_from(SURNAMES),
        "given": st.sampled_from(GIVEN),
        "patronymic": st.sampled_from(PATRONYMICS),
        "birth_date": DATES,
        "service_number": st.sampled_from(["", "", "", "AB-1", "AB-2"]),
    }
)


def _probe(p: dict[str, str]):  # type: ignore[no-untyped-def]
    return probe_of(**p)


def _text(p: dict[str, str]) -> str:
    record = SimpleNamespace(
        surname=p["surname"],
        given_name=p["given"],
        patronymic=p["patronymic"],
        full_name="",
        birth_date=p["birth_date"],
    )
    return search_text([record])


def _found_by_search(query: dict[str, str], text: str) -> bool:
    keys = blocking_keys(_probe(query))
    return keys is not None and any(k in text for k in keys[0]) and any(k in text for k in keys[1])


@settings(max_examples=150, deadline=None)
@given(st.lists(PEOPLE, min_size=1, max_size=12), st.lists(PEOPLE, min_size=1, max_size=12))
def test_the_index_keeps_every_pair_that_can_be_suggested(inquiries, persons):
    index = _Index(
        [SimpleNamespace(pk=i) for i in range(len(inquiries))],
        {i: _probe(q) for i, q in enumerate(inquiries)},
    )
    for person in persons:
        text, probe = _text(person), _probe(person)
        given_back = index.inquiries_for(text, lambda probe=probe: probe)
        searched = {i for i, q in enumerate(inquiries) if _found_by_search(q, text)}
        suggested = {i for i in searched if compare(_probe(inquiries[i]), probe)[0] >= SUGGEST_AT}
        assert suggested <= given_back <= searched


def test_birth_years_written_differently_are_near():
    assert years_near(1991, 1991) and years_near(1991, 1993) and years_near(1991, 1989)  # an age counted back
    assert years_near(1991, 1961) and years_near(1991, 1981)  # one digit
    assert years_near(1989, 1998) and years_near(1991, 1919)  # neighbouring digits swapped
    assert not years_near(1991, 1985) and not years_near(1976, 1984) and not years_near(1990, 2006)


def _score(a: dict[str, str], b: dict[str, str]) -> tuple[float, list[str]]:
    base = {
        "surname": "Ткаченко",
        "given": "Володимир",
        "patronymic": "",
        "birth_date": "",
        "service_number": "",
    }
    return compare(probe_of(**(base | a)), probe_of(**(base | b)))


def test_a_namesake_born_years_apart_is_not_suggested():
    score, why = _score({"birth_date": "1990-06-29"}, {"birth_date": "2006-10-24"})
    assert score < SUGGEST_AT and "born too far apart to be one person" in why
    # even when the patronymic agrees too: common names repeat with common patronymics
    assert (
        _score(
            {"birth_date": "1978-08-24", "patronymic": "Петрович"},
            {"birth_date": "1996-03-01", "patronymic": "Петрович"},
        )[0]
        < SUGGEST_AT
    )


def test_a_clerks_slip_in_the_birth_year_still_suggests():
    for other in ("1990-06-29", "1990", "1909-06-29", "1991-06-29", "1960-06-29"):
        assert _score({"birth_date": "1990-06-29"}, {"birth_date": other})[0] >= SUGGEST_AT, other
    assert (
        _score({"birth_date": "1990-06-29"}, {})[0] >= SUGGEST_AT
    )  # no birth date on one side: the name decides


def test_a_service_number_outweighs_a_birth_date():
    score, why = _score(
        {"birth_date": "1990-06-29", "service_number": "AB-1"},
        {"birth_date": "2006-10-24", "service_number": "AB-1"},
    )
    assert score >= SUGGEST_AT and any("service number" in w for w in why)
