"""The in-memory inquiry index loses no suggestion: every inquiry whose own search would find a person and whose
score against that person reaches `SUGGEST_AT` is among the inquiries the index gives for that person; and it gives
only inquiries whose search would find the person. Also what the scorer says of birth years written differently."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.engine.names import parse_date
from cartel.registry.keys import search_text
from cartel.tracing.bulk import _Index
from cartel.tracing.matching import SUGGEST_AT, compare, dates_near, probe_of
from cartel.tracing.services import blocking_keys

SURNAMES = ["Коваленко", "Коваленкова", "Kovalenko", "Ковальов", "Мельник", "Melnyk", "Тер-Петросян"]
GIVEN = ["Олександр", "Александр", "Саша", "Oleksandr", "Микола", "Nikolai", "Марія", "О.", "", "Олекса"]
PATRONYMICS = ["Іванович", "Ivanovich", "Петрович", "І.", ""]
YEARS = [1961, 1969, 1988, 1989, 1990, 1991, 1919, 1998, 2001]
FULL_DATES = st.builds(
    lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
    st.sampled_from(YEARS),
    st.sampled_from([3, 4, 7]),
    st.sampled_from([3, 4, 7]),  # same day, same month, day and month swapped
)
DATES = st.one_of(
    st.just(""),
    st.sampled_from(YEARS).map(str),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.sampled_from(YEARS), st.sampled_from([3, 7])),
    FULL_DATES,
    FULL_DATES,
    FULL_DATES,
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


def _date_slips(date: str) -> list[str]:
    """The same birth date as another clerk may write it, and dates just past what `dates_near` allows."""
    if not date:
        return ["", "1990"]
    y, *rest = (int(x) for x in date.split("-"))
    out = ["", str(y), str(y + 1), str(y + 2), str(y + 30)]
    if len(rest) == 2:
        m, d = rest
        out += [f"{y + k}-{m:02d}-{d:02d}" for k in (0, 1, 2, 3, 30, 9)]
        out += [
            f"{y}-{m:02d}-{d + 1:02d}",
            f"{y}-{m % 12 + 1:02d}-{d:02d}",
            f"{y}-{m % 12 + 1:02d}-{d + 1:02d}",
        ]
        out += [f"{y}-{d:02d}-{m:02d}", f"{y + 1}-{m % 12 + 1:02d}-{d:02d}"]
    return out


# Persons that are the inquiries' subjects written otherwise: another spelling of each name part, a slip in the date.
VARIANTS = st.tuples(
    st.integers(0, 11), st.sampled_from(SURNAMES), st.sampled_from(GIVEN), st.integers(0, 15)
)


def _variant(inquiries: list[dict[str, str]], pick: tuple[int, str, str, int], keep: int) -> dict[str, str]:
    which, surname, given_name, slip = pick
    subject = inquiries[which % len(inquiries)]
    slips = _date_slips(subject["birth_date"])
    return subject | {
        "surname": subject["surname"] if keep % 3 else surname,
        "given": subject["given"] if keep % 4 else given_name,
        "birth_date": slips[slip % len(slips)],
    }


@settings(max_examples=200, deadline=None)
@given(
    st.lists(PEOPLE, min_size=1, max_size=12),
    st.lists(PEOPLE, max_size=8),
    st.lists(st.tuples(VARIANTS, st.integers(0, 11)), max_size=12),
)
def test_the_index_keeps_every_pair_that_can_be_suggested(inquiries, strangers, variants):
    persons = [*strangers, *(_variant(inquiries, pick, keep) for pick, keep in variants)]
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


def _near(a: str, b: str) -> bool:
    x, y = parse_date(a), parse_date(b)
    assert x is not None and y is not None
    return dates_near(x, y) and dates_near(y, x)


def test_birth_dates_written_differently_are_near():
    assert _near("1991-03-12", "1991-12-03") and _near("1991-03-12", "1991-07-12")  # same year, one slip
    assert _near("1991-03-12", "1991-03-21") and _near("1991", "1991-07-01")
    assert _near("1991", "1992-03-12") and _near(
        "1991-03", "1990"
    )  # a year or month only: an age counted back
    assert _near("1991-03-12", "1993-03-12") and _near(
        "1991-03-12", "1961-03-12"
    )  # full: two apart, one digit
    assert _near("1989-03-12", "1998-03-12") and _near("1991", "1919")  # neighbouring digits swapped
    assert not _near("1991-03-12", "1992-04-12") and not _near(
        "1991-03-12", "1991-07-01"
    )  # two mistakes at once
    assert (
        not _near("1991", "1985")
        and not _near("1976-10-29", "1984-09-06")
        and not _near("1990", "2006-10-24")
    )


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
    for other in ("2006-10-24", "1990-02-03", "1991-07-29"):  # born years apart; or another day and month
        assert _score({"birth_date": "1990-06-29"}, {"birth_date": other})[0] < SUGGEST_AT, other
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
    for other in (
        "1990-06-29",
        "1990",
        "1909-06-29",
        "1991-06-29",
        "1960-06-29",
        "1992-06-29",
        "1990-06-03",
        "1990-11-29",
    ):
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
