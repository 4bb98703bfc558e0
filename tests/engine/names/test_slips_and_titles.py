"""Clerical slips the names engine repairs: digits for letters, surname-first order, romanisation habits
(French "tch", German "sch"/"tsch"/"w"/"j"/"ch"), adjectival surnames across genders, ranks written with names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import (
    looks_like_surname,
    parse_full_name,
    parse_name_fields,
    rank_key,
    repair_digits,
    skeleton,
    strip_rank,
    surname_fold,
    surname_sex,
)

# ------------------------------------------------------------------ digits read as letters


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("B0NDAR O1EKSANDR", "BONDAR OLEKSANDR"),
        ("Petr0v", "Petrov"),
        ("Vasy1", "Vasyl"),
        ("1VAN V1KTOR", "IVAN VIKTOR"),  # 1 between consonants or before one at the start is I, not l
        ("Б0НДАР В1КТОР", "БОНДАР ВІКТОР"),  # Cyrillic words get Cyrillic о and і
        ("K0VALENK0-SHEVCHENK0", "KOVALENKO-SHEVCHENKO"),
    ],
)
def test_digits_inside_names_are_read_as_letters(typed: str, meant: str) -> None:
    assert repair_digits(typed) == meant


@pytest.mark.parametrize(
    "text", ["АР 0013015", "A-1234", "AB12", "1991рік", "10.01.1991", "1991 р.н.", "в/ч 0101"]
)
def test_numbers_dates_and_codes_keep_their_digits(text: str) -> None:
    assert repair_digits(text) == text


def test_a_name_with_digit_slips_is_parsed_like_the_clean_one() -> None:
    assert parse_full_name("B0NDARENKO O1eksandr 1991 р.н.") == parse_full_name("BONDARENKO Oleksandr")
    assert parse_name_fields(surname="Петр0в", given="1ван").surname == "Петров"


_NAME_WORD = st.text(alphabet="abcdefgklmnoprstuvzабвгдежзиклмнопрстуфхцчшщюяі01", min_size=1, max_size=12)


@given(st.lists(_NAME_WORD, min_size=1, max_size=4).map(" ".join))
def test_repair_digits_keeps_length_is_idempotent_and_leaves_no_01_in_letter_words(text: str) -> None:
    fixed = repair_digits(text)
    assert len(fixed) == len(text)
    assert repair_digits(fixed) == fixed
    for before, after in zip(text.split(), fixed.split(), strict=True):
        letters = sum(ch.isalpha() for ch in before)
        if letters >= 2 and letters > len(before) - letters:
            assert not any(ch in "01" for ch in after)
        else:
            assert after == before


@given(st.text(alphabet="23456789 .-/№", max_size=20))
def test_text_without_letters_is_never_changed(text: str) -> None:
    assert repair_digits(text) == text


# ------------------------------------------------------------------ surname-first by surname endings


@pytest.mark.parametrize(
    ("text", "surname", "given_name"),
    [
        ("KOVALENKO RUSLANCHYK", "KOVALENKO", "RUSLANCHYK"),  # Latin habit says given name first
        ("Ruslanchyk Kovalenko", "Kovalenko", "Ruslanchyk"),
        ("Ярополк Шевчук", "Шевчук", "Ярополк"),  # Cyrillic habit says surname first
        ("Zozulia Yaropolk", "Yaropolk", "Zozulia"),  # no ending on either word: the Latin habit stays
    ],
)
def test_a_surname_ending_decides_an_otherwise_guessed_order(
    text: str, surname: str, given_name: str
) -> None:
    parts = parse_full_name(text)
    assert (parts.surname, parts.given) == (surname, given_name)


def test_order_by_ending_is_surer_than_a_guess_but_below_real_evidence() -> None:
    by_ending = parse_full_name("Ярополк Шевчук").order_confidence
    assert parse_full_name("Zozulia Yaropolk").order_confidence < by_ending < 0.7


@pytest.mark.parametrize("word", ["Kovalenko", "ШЕВЧУК", "Petrov", "Podolska", "Мельник", "Tkatchouk"])
def test_surname_endings(word: str) -> None:
    assert looks_like_surname(word)


@pytest.mark.parametrize("word", ["Lev", "Олександр", "Ivan", "Zozulia", "Kovalenko-Shevchenko", "", "12"])
def test_given_names_and_unmarked_words_are_not_surname_like(word: str) -> None:
    assert not looks_like_surname(word)


# ------------------------------------------------------------------ romanisation habits in the skeleton


@pytest.mark.parametrize(
    "spellings",
    [
        ["Ткачук", "Tkachuk", "Tkatchouk", "Tkatschuk", "Tkaczuk"],  # French tch, German tsch, Polish cz
        ["Захарченко", "Zakharchenko", "Zakhartchenko"],
        ["Шевченко", "Schewtschenko", "Shevchenko"],  # German sch, tsch, w
        ["Ющенко", "Juschtschenko", "Yushchenko"],  # German j, schtsch
        ["Яковлев", "Jakowlew", "Yakovlev"],
        ["Сергей", "Sergej", "Sergei"],
        ["Юрій", "Jurij", "Yurii"],
        ["Прохоров", "Prochorow", "Prokhorov"],  # German/Polish ch for х in a word with w
        ["Михайлов", "Michajlow", "Mikhailov"],
        ["Хрущов", "Chruschtschow", "Khrushchov"],
        ["Хмелевський", "Chmielewski"],  # Polish
    ],
)
def test_romanisation_habits_share_one_skeleton(spellings: list[str]) -> None:
    assert len({skeleton(s) for s in spellings}) == 1, [skeleton(s) for s in spellings]


def test_english_ch_stays_ch_without_german_or_polish_letters() -> None:
    assert skeleton("Chernenko") == skeleton("Черненко") != skeleton("Херненко")


# ------------------------------------------------------------------ adjectival surnames


@pytest.mark.parametrize(
    "spellings",
    [
        ["Толстой", "Толстая", "Толста", "Tolstoy", "Tolstaya", "Tolstoi"],
        ["Тихий", "Тихый", "Тиха", "Тихая", "Tykhyi", "Tikhaya"],
        ["Великий", "Велика", "Великая", "Velykyi", "Velikaya"],
        ["Синій", "Синя", "Синий", "Синяя"],
        ["Лозовий", "Лозовой", "Лозовая", "Lozovyi", "Lozovoy"],
    ],
)
def test_adjectival_surnames_fold_across_genders_and_languages(spellings: list[str]) -> None:
    assert len({surname_fold(s) for s in spellings}) == 1, [surname_fold(s) for s in spellings]


def test_adjectival_folds_keep_other_surnames_apart() -> None:
    assert surname_fold("Толстой") != surname_fold("Толстов")
    assert surname_fold("Тихий") != surname_fold("Тихонов")
    assert surname_fold("Ковальова") == surname_fold("Ковалев") != surname_fold("Ковалевський")


def test_adjectival_surnames_show_their_sex() -> None:
    assert surname_sex("Толстой") == surname_sex("Синій") == surname_sex("Tolstoy") == "m"
    assert surname_sex("Толстая") == surname_sex("Синяя") == surname_sex("Tolstaya") == "f"
    assert surname_sex("Тиха") is None  # Ukrainian -а is also the ending of unmarked surnames (Сорока)


# Stems of a vowel and consonants (no т: тс reads as ц, and the skeleton writes ц before о as k):
_STEM = st.text(alphabet="бвгдзклмнпрсфх", min_size=1, max_size=3).flatmap(
    lambda c: st.text(alphabet="аоуе", min_size=1, max_size=1).map(lambda v: "Т" + v + c)
)


@given(_STEM)
def test_male_and_female_adjectival_forms_always_fold_together(stem: str) -> None:
    """Any stem + -ий/-ой/-ый (male) and + -ая (female) give one fold; + -а too unless it reads as -ова/-ина.

    Лозова is also the feminine of a Лозов (Петрова of Петров), so -ова/-ева/-ина fold as possessive surnames.
    """
    forms = [stem + "ий", stem + "ой", stem + "ый", stem + "ая"]
    if not stem.endswith(("в", "н")):
        forms.append(stem + "а")
    assert len({surname_fold(f) for f in forms}) == 1


# ------------------------------------------------------------------ ranks


def test_rank_keys_cross_languages() -> None:
    assert rank_key("солдат") == rank_key("рядовий") == rank_key("рядовой") == rank_key("private")
    assert rank_key("старший лейтенант") == rank_key("senior lieutenant") != rank_key("лейтенант")
    assert rank_key("капітан") == rank_key("капитан") == rank_key("kapitan")  # and a close misspelling
    assert rank_key("Коваленко") is None
    assert rank_key("") is None


@pytest.mark.parametrize(
    ("text", "surname", "given_name", "patronymic"),
    [
        ("сержант Коваленко Іван Петрович", "Коваленко", "Іван", "Петрович"),
        ("ст. лейтенант Петренко О.П.", "Петренко", "О.", "П."),
        ("мл. сержант Бойко Олег", "Бойко", "Олег", None),
        ("Sgt Kovalenko Ivan", "Kovalenko", "Ivan", None),
        ("Col. Ivanov Petr", "Ivanov", "Petr", None),
        ("Kovalenko Ivan, private", "Kovalenko", "Ivan", None),
        ("Lieutenant Colonel Ivanov Petr", "Ivanov", "Petr", None),
    ],
)
def test_a_rank_written_with_the_name_is_taken_off(
    text: str, surname: str, given_name: str, patronymic: str | None
) -> None:
    parts = parse_full_name(text)
    assert (parts.surname, parts.given, parts.patronymic) == (surname, given_name, patronymic)


def test_rank_words_that_could_be_names_stay() -> None:
    assert parse_full_name("Майор").surname == "Майор"  # nothing would be left
    assert parse_full_name("Коль Іван").surname == "Коль"  # "Col" counts only with its dot
    assert parse_full_name("старший Коваленко").surname is not None  # a qualifier alone is no rank
    assert strip_rank(["Коваленко", "Іван"]) == (["Коваленко", "Іван"], None)
    assert strip_rank(["ст.", "лейтенант", "Коваленко"]) == (["Коваленко"], rank_key("старший лейтенант"))


@given(st.lists(st.text(min_size=1, max_size=8), max_size=5))
def test_strip_rank_never_raises_and_keeps_a_word(words: list[str]) -> None:
    rest, key = strip_rank(words)
    assert (rest == words and key is None) or (rest and len(rest) < len(words))
