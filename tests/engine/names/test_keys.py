"""Matching keys: the acceptance examples of the brief, and the empty-name guard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import NameKeys, name_keys, parse_full_name, parse_name_fields, skeleton


def keys(text: str) -> NameKeys:
    return name_keys(parse_full_name(text))


def test_one_man_in_four_lists_has_equal_surname_skeleton_and_given_group() -> None:
    records = [
        "КОВАЛЕНКО Александр Петрович",
        "Коваленко Олександр Петрович",
        "Oleksandr Kovalenko",
        "Kowalenko Olexandr",
    ]
    found = [keys(r) for r in records]
    assert {k.surname_skel for k in found} == {"kovalenko"}
    assert {k.given_group for k in found} == {"aleksandr"}
    assert {k.surname_fold for k in found} == {found[0].surname_fold}


def test_patronymic_keys_agree_across_languages() -> None:
    ru, uk = keys("КОВАЛЕНКО Александр Петрович"), keys("Коваленко Олександр Петрович")
    initial = name_keys(parse_full_name("Kovalenko Oleksandr P."))
    assert ru.patronymic_group == uk.patronymic_group == "petr"
    assert ru.patronymic_initial == uk.patronymic_initial == initial.patronymic_initial == "p"
    assert initial.patronymic_group is None
    assert ru.sex_hint == uk.sex_hint == "m"


@pytest.mark.parametrize(
    "spellings",
    [["Шевченко", "Schewtschenko", "Shevchenko", "Szewczenko"], ["Згурський", "Zghurskyi", "Zgurskiy"]],
)
def test_surname_skeletons(spellings: list[str]) -> None:
    assert len({skeleton(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "spellings",
    [
        ["Hryhorii", "Grigory", "Григорій", "Григорий"],
        ["Mykola", "Nikolai", "Микола", "Николай"],
        ["Serhiy", "Sergey", "Сергій"],
        ["Dmytro", "Dmitry"],
        ["Petro", "Pyotr", "Пётр"],
        ["Vasyl", "Vasily"],
        ["Ihor", "Igor"],
        ["Yevhen", "Evgeny", "Євген"],
    ],
    ids=lambda s: s[0],
)
def test_given_groups(spellings: list[str]) -> None:
    groups = {name_keys(parse_name_fields(surname="Petrenko", given=g)).given_group for g in spellings}
    assert len(groups) == 1


def test_petro_and_pavlo_differ() -> None:
    assert keys("Petro Kovalenko").given_group != keys("Pavlo Kovalenko").given_group


def test_unknown_given_name_falls_back_to_its_skeleton() -> None:
    assert keys("Зозуля Ярополк").given_group == keys("Yaropolk Zozulia").given_group == "iaropolk"


def test_diminutive_is_flagged() -> None:
    sasha = keys("Саша Коваленко")
    assert sasha.given_group == "aleksandr" and sasha.given_diminutive


@pytest.mark.parametrize("text", ["", "???", "  --  ", "12.03.1991", "О. П."])
def test_unusable_names_are_empty(text: str) -> None:
    assert keys(text).empty


def test_name_with_letters_is_not_empty() -> None:
    assert not keys("Коваленко").empty


def test_tokens_skel_ignores_order() -> None:
    assert keys("Kovalenko Oleksandr").tokens_skel == keys("Олександр Коваленко").tokens_skel


def test_latin_display_uses_kmu_for_ukrainian_and_icao_otherwise() -> None:
    assert keys("КОВАЛЕНКО Олександр Петрович").latin_display == "Kovalenko Oleksandr Petrovych"
    assert keys("КОВАЛЕНКО Александр Петрович").latin_display == "Kovalenko Aleksandr Petrovich"
    assert keys("Oleksandr KOVALENKO").latin_display == "Kovalenko Oleksandr"


def test_russian_surname_form_and_sex_hint() -> None:
    her = keys("Ковальова Олена Іванівна")
    assert her.surname_cyr_ru == "Ковалева"
    assert her.sex_hint == "f"
    assert keys("Kovalova Olena").surname_cyr_ru is None


@given(st.text())
def test_keys_never_raise(text: str) -> None:
    found = keys(text)
    assert found.empty == (not found.tokens_skel)
