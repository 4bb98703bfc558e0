"""Splitting full names into surname, given name and patronymic, in any order and script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import NameParts, parse_full_name, parse_name_fields


@pytest.mark.parametrize(
    ("text", "surname", "given_name", "patronymic"),
    [
        ("КОВАЛЕНКО Олександр Петрович", "КОВАЛЕНКО", "Олександр", "Петрович"),
        ("Олександр Петрович Коваленко", "Коваленко", "Олександр", "Петрович"),
        ("Kovalenko Oleksandr P.", "Kovalenko", "Oleksandr", "P."),
        ("Oleksandr Kovalenko", "Kovalenko", "Oleksandr", None),
        ("Kovalenko Oleksandr", "Kovalenko", "Oleksandr", None),
        ("Kovalenko, Oleksandr", "Kovalenko", "Oleksandr", None),
        ("KOVALENKO Oleksandr", "KOVALENKO", "Oleksandr", None),
        ("Коваленко О.П.", "Коваленко", "О.", "П."),
        ("О.П.Коваленко", "Коваленко", "О.", "П."),
        ("Бабич Олександр Петрович", "Бабич", "Олександр", "Петрович"),  # a surname in -ич
        ("Олександр Петрович Бабич", "Бабич", "Олександр", "Петрович"),
        ("Коваленко-Шевченко Марія Іванівна", "Коваленко-Шевченко", "Марія", "Іванівна"),
        ("Шевченко Тарас Григорович, 1990 р.н.", "Шевченко", "Тарас", "Григорович"),
        ("Sergei Nikolaevich Ivanov", "Ivanov", "Sergei", "Nikolaevich"),
        ("Koвaлeнко Oлeксaндр Пeтрович", "Коваленко", "Олександр", "Петрович"),  # homoglyphs repaired
        ("Ярополк Ярополкович Зозуля", "Зозуля", "Ярополк", "Ярополкович"),  # unknown names, by suffix
        ("Дар'я Ковальова", "Ковальова", "Дар'я", None),
    ],
)
def test_roles_are_found_in_any_order(
    text: str, surname: str, given_name: str | None, patronymic: str | None
) -> None:
    parts = parse_full_name(text)
    assert (parts.surname, parts.given, parts.patronymic) == (surname, given_name, patronymic)
    assert parts.order_confidence >= 0.7


def test_order_without_evidence_follows_the_script_with_low_confidence() -> None:
    cyrillic = parse_full_name("Зозуля Ярополк")
    latin = parse_full_name("Yaropolk Zozulia")
    assert (cyrillic.surname, cyrillic.given) == ("Зозуля", "Ярополк")
    assert (latin.surname, latin.given) == ("Zozulia", "Yaropolk")
    assert cyrillic.order_confidence < 0.5 and latin.order_confidence < 0.5


@pytest.mark.parametrize("text", ["", "   ", "???", "12.03.1991", "—", "№ 5"])
def test_blank_names_are_empty(text: str) -> None:
    parts = parse_full_name(text)
    assert parts.empty
    assert parts.order_confidence == 0.0


def test_single_word_is_a_surname_unless_it_is_a_known_given_name() -> None:
    assert parse_full_name("Петренко") == NameParts(
        surname="Петренко", given=None, patronymic=None, order_confidence=0.3
    )
    assert parse_full_name("Oleksandr").given == "Oleksandr"


def test_separate_fields_are_kept_as_given() -> None:
    parts = parse_name_fields(surname=" Коваленко ", given="Олександр", patronymic="Петрович")
    assert parts == NameParts(
        surname="Коваленко", given="Олександр", patronymic="Петрович", order_confidence=1.0
    )


def test_initials_in_the_given_field_are_split() -> None:
    parts = parse_name_fields(surname="Коваленко", given="О.П.")
    assert (parts.given, parts.patronymic) == ("О.", "П.")


def test_a_whole_name_in_one_field_is_parsed() -> None:
    parts = parse_name_fields(surname="Коваленко Олександр Петрович", given="", patronymic=None)
    assert (parts.surname, parts.given, parts.patronymic) == ("Коваленко", "Олександр", "Петрович")


def test_blank_fields_are_none() -> None:
    assert parse_name_fields(surname="  ", given="-", patronymic=None).empty


@given(st.text())
def test_parse_full_name_never_raises(text: str) -> None:
    parts = parse_full_name(text)
    assert 0.0 <= parts.order_confidence <= 1.0


@given(st.text(), st.text(), st.text())
def test_parse_name_fields_never_raises(surname: str, given_name: str, patronymic: str) -> None:
    parse_name_fields(surname=surname, given=given_name, patronymic=patronymic)
