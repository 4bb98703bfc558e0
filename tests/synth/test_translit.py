"""The generator's own romanisation habits give the spellings clerks produce."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.synth.translit import RU_SCHEMES, SCHEMES, UK_SCHEMES, transliterate

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.mark.parametrize(
    ("text", "scheme", "expected"),
    [
        ("Олександр Петрович Коваленко", "uk-kmu-2010", "Oleksandr Petrovych Kovalenko"),
        ("Юрій", "uk-kmu-2010", "Yurii"),
        ("Згурський", "uk-kmu-2010", "Zghurskyi"),
        ("Наталія", "uk-kmu-2010", "Nataliia"),
        ("Сергій", "uk-passport-2007", "Serhiy"),
        ("Михайло", "uk-passport-2007", "Mykhaylo"),
        ("Шевчук", "uk-german", "Schewtschuk"),
        ("Щербак", "uk-polish", "Szczerbak"),
        ("Шевчук", "uk-french", "Chevtchouk"),
        ("ЯРОШЕНКО", "uk-german", "JAROSCHENKO"),
        ("Юрий", "ru-icao", "Iurii"),
        ("Юрий", "ru-mvd-310", "Yuriy"),
        ("Дмитрий", "ru-wikipedia", "Dmitry"),
        ("Пётр", "ru-wikipedia", "Pyotr"),
        ("Александр", "ru-wikipedia", "Alexandr"),
        ("Евгений", "ru-bgn", "Yevgeniy"),
        ("Кузнецов", "ru-gost-52535", "Kuznetcov"),
    ],
)
def test_known_spellings(text, scheme, expected):
    assert transliterate(text, scheme) == expected


def test_every_scheme_gives_a_distinct_spelling_somewhere():
    probe = "Щербак Юрій В'ячеславович Їжакевич Євген Шевчук Андрій Лук'яненко"
    ru_probe = "Щербаков Юрий Вячеславович Пётр Соловьёв Евгений Царёв Подъячев Дмитрий Алексеевич"
    uk = {transliterate(probe, s) for s in UK_SCHEMES}
    ru = {transliterate(ru_probe, s) for s in RU_SCHEMES}
    assert len(uk) == len(UK_SCHEMES)
    assert len(ru) == len(RU_SCHEMES)


UK_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'"
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@given(
    st.text(alphabet=UK_LETTERS + UK_LETTERS.upper() + " -", max_size=30), st.sampled_from(sorted(UK_SCHEMES))
)
def test_ukrainian_text_comes_out_without_cyrillic(text, scheme):
    assert not CYRILLIC.search(transliterate(text, scheme))


@given(
    st.text(alphabet=RU_LETTERS + RU_LETTERS.upper() + " -", max_size=30), st.sampled_from(sorted(SCHEMES))
)
def test_russian_text_comes_out_without_cyrillic_in_any_scheme(text, scheme):
    assert not CYRILLIC.search(transliterate(text, scheme))


@given(st.text(alphabet=st.characters(codec="ascii", categories=["Lu", "Ll", "Nd", "Zs", "Pd"]), max_size=20))
def test_latin_text_is_left_alone(text):
    assert transliterate(text, "uk-kmu-2010") == text


def test_separators_and_case_are_kept():
    assert transliterate("КОВАЛЕНКО Олександр-Петро", "uk-kmu-2010") == "KOVALENKO Oleksandr-Petro"


def test_generator_tables_do_not_import_the_matcher():
    import cartel.synth.translit as mod

    with open(mod.__file__, encoding="utf-8") as f:
        source = f.read()
    for name in ("cartel.engine", "translitua", "iuliia", "names_translator"):
        assert f"import {name}" not in source and f"from {name}" not in source
