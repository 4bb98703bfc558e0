"""Dates of birth in the formats clerks use, with precision and day/month ambiguity."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import DatePrecision, ParsedDate, parse_date, swap_day_month

UA_MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
             "листопада", "грудня"]  # fmt: skip
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]  # fmt: skip
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "iso", "precision", "ambiguous"),
    [
        ("12.03.1991", "1991-03-12", "day", False),
        ("12/03/1991", "1991-03-12", "day", True),
        ("1991-03-12", "1991-03-12", "day", False),
        ("3/25/1991", "1991-03-25", "day", False),  # US order, proven by the day
        ("25/3/1991", "1991-03-25", "day", False),
        ("12-03-91", "1991-03-12", "day", True),
        ("12-03-07", "2007-03-12", "day", True),
        ("12 березня 1991", "1991-03-12", "day", False),
        ("12 марта 1991 г.", "1991-03-12", "day", False),
        ("March 12, 1991", "1991-03-12", "day", False),
        ("12th of March 1991", "1991-03-12", "day", False),
        ("sept. 5, 1980", "1980-09-05", "day", False),
        ("5 травня 1945 року", "1945-05-05", "day", False),
        ("березень 1991", "1991-03", "month", False),
        ("Mar 1991", "1991-03", "month", False),
        ("03.1991", "1991-03", "month", False),
        ("1991-03", "1991-03", "month", False),
        ("1991", "1991", "year", False),
        ("1991 р.", "1991", "year", False),
        ("1991 г.р.", "1991", "year", False),
        ("1991-03-12T00:00:00", "1991-03-12", "day", False),
        ("1991-03-12 00:00", "1991-03-12", "day", False),
        ("19910312", "1991-03-12", "day", False),
        ("12031991", "1991-03-12", "day", False),
        ("05/05/1991", "1991-05-05", "day", False),  # equal day and month: nothing to swap
    ],
)
def test_formats(text: str, iso: str, precision: str, ambiguous: bool) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.iso(), parsed.precision.value, parsed.ambiguous_day_month) == (iso, precision, ambiguous)


@pytest.mark.parametrize(
    "junk",
    ["", "junk", "31.02.1991", "29.02.1900", "12.13.14.15", "0", "99999999999", "1.1.1", "12 maroon 1991",
     "32.01.1990", "1700", "3000-01-01", "12/03", None, 19910312],
)  # fmt: skip
def test_junk_gives_none(junk: object) -> None:
    assert parse_date(junk) is None  # type: ignore[arg-type]


def test_swap_day_month() -> None:
    parsed = parse_date("12.03.1991")
    assert parsed is not None
    assert swap_day_month(parsed) == ParsedDate(year=1991, month=12, day=3)
    late = parse_date("13.03.1991")
    assert late is not None and swap_day_month(late) is None
    assert swap_day_month(ParsedDate(year=1991, precision=DatePrecision.YEAR)) is None


dates = st.dates(min_value=dt.date(1931, 1, 1), max_value=dt.date(2030, 12, 31))


@given(dates)
def test_unambiguous_formats_round_trip(date: dt.date) -> None:
    for text in (
        f"{date:%d.%m.%Y}",
        f"{date:%Y-%m-%d}",
        f"{date.day} {UA_MONTHS[date.month - 1]} {date.year} р.",
        f"{date.day} {RU_MONTHS[date.month - 1]} {date.year}",
        f"{EN_MONTHS[date.month - 1]} {date.day}, {date.year}",
        f"{date:%d.%m.%y}",
    ):
        parsed = parse_date(text)
        assert parsed is not None, text
        assert parsed.iso() == date.isoformat(), text
        assert not parsed.ambiguous_day_month


@given(dates)
def test_slashed_formats_round_trip_or_admit_ambiguity(date: dt.date) -> None:
    european = parse_date(f"{date:%d/%m/%Y}")
    assert european is not None and european.iso() == date.isoformat()
    assert european.ambiguous_day_month == (date.day <= 12 and date.day != date.month)
    american = parse_date(f"{date.month}/{date.day}/{date.year}")
    assert american is not None
    if american.ambiguous_day_month:
        swapped = swap_day_month(american)
        assert swapped is not None and swapped.iso() == date.isoformat()
    else:
        assert american.iso() == date.isoformat()


@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or isinstance(parsed.iso(), str)
