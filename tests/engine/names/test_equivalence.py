"""Ukrainian↔Russian equivalence of given names, patronymics and surnames, in any script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import (
    given_name_group,
    given_name_language,
    given_name_sex,
    is_diminutive,
    patronymic_group,
    surname_fold,
    surname_sex,
    surname_to_russian,
)

SAME_GIVEN_NAME = [
    ["Олександр", "Александр", "Oleksandr", "Olexandr", "Aleksandr", "Alexander", "Oleksander", "Alexandr"],
    ["Hryhorii", "Grigory", "Григорій", "Григорий", "Hryhoriy", "Grigoriy"],
    ["Mykola", "Nikolai", "Микола", "Николай", "Nikolay", "Nicolai"],
    ["Serhiy", "Sergey", "Сергій", "Сергей", "Serhii", "Sergei", "Сергий"],
    ["Dmytro", "Dmitry", "Дмитро", "Дмитрий", "Dmitriy", "Dmitrii"],
    ["Petro", "Pyotr", "Пётр", "Петр", "Петро", "Petr", "Piotr"],
    ["Vasyl", "Vasily", "Василь", "Василий", "Wasyl", "Vasilii"],
    ["Ihor", "Igor", "Ігор", "Игорь"],
    ["Yevhen", "Evgeny", "Євген", "Евгений", "Ievgen", "Jewgeni", "Yevgeniy"],
    ["Yurii", "Yuriy", "Iurii", "Yury", "Jurij", "Юрій", "Юрий"],
    ["Ганна", "Анна", "Hanna", "Anna"],
    ["Наталія", "Наталья", "Nataliia", "Natalia", "Natalya", "Nataliya"],
    ["Олена", "Елена", "Olena", "Elena", "Yelena"],
    ["Тетяна", "Татьяна", "Tetiana", "Tatyana", "Tatiana"],
]


@pytest.mark.parametrize("spellings", SAME_GIVEN_NAME, ids=lambda s: s[0])
def test_spellings_of_one_given_name_share_a_group(spellings: list[str]) -> None:
    groups = {name: given_name_group(name) for name in spellings}
    assert None not in groups.values(), groups
    assert len(set(groups.values())) == 1, groups


def test_group_key_is_the_icao_spelling_of_the_russian_form() -> None:
    assert given_name_group("Олександр") == "aleksandr"
    assert given_name_group("Mykola") == "nikolai"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Petro", "Pavlo"),
        ("Олександр", "Олексій"),
        ("Іван", "Ян"),
        ("Anna", "Yana"),
        ("Олександр", "Олександра"),
    ],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert given_name_group(one) != given_name_group(other)


@pytest.mark.parametrize(
    ("diminutive", "full"),
    [("Саша", "Олександр"), ("Sasha", "Alexander"), ("Коля", "Микола"), ("Vasya", "Vasyl"), ("Женя", "Євген"),
     ("Дима", "Dmitry"), ("Наташа", "Наталія"), ("Льоша", "Олексій"), ("Вова", "Володимир")],
)  # fmt: skip
def test_diminutives_join_the_group_but_are_flagged(diminutive: str, full: str) -> None:
    assert given_name_group(diminutive) == given_name_group(full)
    assert is_diminutive(diminutive)
    assert not is_diminutive(full)


def test_sex_and_language_of_given_names() -> None:
    assert given_name_sex("Oleksandra") == "f"
    assert given_name_sex("Олександр") == "m"
    assert given_name_language("Олександр") == "uk"
    assert given_name_language("Александр") == "ru"
    assert given_name_language("Роман") is None


@pytest.mark.parametrize("unknown", ["", "???", "Zzxq", "Ярополк", "Коваленко"])
def test_unknown_given_names_have_no_group(unknown: str) -> None:
    assert given_name_group(unknown) is None
    assert not is_diminutive(unknown)


@pytest.mark.parametrize(
    ("patronymic", "expected"),
    [
        ("Петрович", ("petr", "m")), ("Petrovych", ("petr", "m")), ("Petrovich", ("petr", "m")),
        ("Андрійович", ("andrei", "m")), ("Андреевич", ("andrei", "m")), ("Andriiovych", ("andrei", "m")),
        ("Andreyevich", ("andrei", "m")), ("Миколаївна", ("nikolai", "f")), ("Nikolaevna", ("nikolai", "f")),
        ("Григорович", ("grigorii", "m")), ("Ілліч", ("ilia", "m")), ("Ильич", ("ilia", "m")),
        ("Юрійович", ("iurii", "m")), ("Юрьевич", ("iurii", "m")), ("Yuriyovych", ("iurii", "m")),
        ("Олександрівна", ("aleksandr", "f")), ("Aleksandrovna", ("aleksandr", "f")),
        ("Дмитриевич", ("dmitrii", "m")), ("Евгеньевич", ("evgenii", "m")), ("Yevhenovych", ("evgenii", "m")),
        ("Ярополкович", (None, "m")), ("Zhyvkivna", (None, "f")), ("П.", (None, None)), ("", (None, None)),
    ],
)  # fmt: skip
def test_patronymic_group(patronymic: str, expected: tuple[str | None, str | None]) -> None:
    assert patronymic_group(patronymic) == expected


SAME_SURNAME_FOLD = [
    ["Ковальова", "Ковалев", "Kovalov", "Kovaleva", "Ковалёв", "Kovalyov", "Ковальов"],
    ["Подольський", "Подольська", "Подольский", "Подольская", "Podolskyi", "Podolskaya", "Podolskiy"],
    ["Олійник", "Олейник", "Oliinyk", "Oleynik"],
    ["Лисенко", "Лысенко", "Lysenko"],
    ["Білоус", "Белоус", "Bilous", "Belous"],
    ["Хрущов", "Хрущёв", "Khrushchev"],
    ["Чорний", "Чорна", "Chornyi"],
    ["Иванов", "Иванова", "Ivanova", "Іванов"],
]


@pytest.mark.parametrize("spellings", SAME_SURNAME_FOLD, ids=lambda s: s[0])
def test_surname_fold_joins_gender_and_language_forms(spellings: list[str]) -> None:
    folds = {name: surname_fold(name) for name in spellings}
    assert len(set(folds.values())) == 1, folds


def test_surname_fold_keeps_different_surnames_apart() -> None:
    assert surname_fold("Коваленко") != surname_fold("Ковальчук")
    assert surname_fold("Петров") != surname_fold("Петренко")


def test_surname_sex_and_russian_form() -> None:
    assert surname_sex("Ковальова") == "f"
    assert surname_sex("Podolskyi") == "m"
    assert surname_sex("Коваленко") is None
    assert surname_to_russian("Подольська") == "Подольская"
    assert surname_to_russian("Ковальов") == "Ковалев"
    assert surname_to_russian("Kovalenko") is None


@given(st.text())
def test_equivalence_never_raises(text: str) -> None:
    given_name_group(text)
    is_diminutive(text)
    patronymic_group(text)
    surname_fold(text)
    surname_sex(text)
    surname_to_russian(text)


def _table_rows() -> list[tuple[str, list[str], list[str]]]:
    from importlib import resources

    from cartel.engine.names import transliterate

    text = resources.files("cartel.engine.names").joinpath("given_names.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            _, uk, ru, latin, dims = (part.split() for part in line.split("|"))
            rows.append((transliterate(ru[0], "ru-icao-9303").lower(), uk + ru + latin, dims))
    return rows


def test_every_spelling_in_the_table_resolves_to_its_own_group() -> None:
    """No listed form is lost to another group through a shared skeleton."""
    for group, full, dims in _table_rows():
        for name in full:
            assert (given_name_group(name), is_diminutive(name)) == (group, False), name
        for name in dims:
            assert given_name_group(name) == group, name
            if not name.isascii():
                assert is_diminutive(name), name
