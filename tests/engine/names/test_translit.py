"""Transliteration by named standards, checked against the official examples and the reference libraries."""

from __future__ import annotations

import iuliia
import pytest
from hypothesis import given
from hypothesis import strategies as st
from translitua import UkrainianKMU, translit

from cartel.engine.names import SYSTEMS, to_cyrillic_guess, transliterate

# Examples printed in KMU Resolution No. 55 (2010), plus the ones named in the brief:
KMU_EXAMPLES = {
    "Алушта": "Alushta", "Андрій": "Andrii", "Борщагівка": "Borshchahivka", "Борисенко": "Borysenko",
    "Вінниця": "Vinnytsia", "Володимир": "Volodymyr", "Гадяч": "Hadiach", "Богдан": "Bohdan",
    "Згурський": "Zghurskyi", "Ґалаґан": "Galagan", "Ґорґани": "Gorgany", "Донецьк": "Donetsk",
    "Дмитро": "Dmytro", "Рівне": "Rivne", "Олег": "Oleh", "Есмань": "Esman", "Єнакієве": "Yenakiieve",
    "Гаєвич": "Haievych", "Короп'є": "Koropie", "Житомир": "Zhytomyr", "Жанна": "Zhanna",
    "Жежелів": "Zhezheliv", "Закарпаття": "Zakarpattia", "Казимирчук": "Kazymyrchuk", "Медвин": "Medvyn",
    "Михайленко": "Mykhailenko", "Іванків": "Ivankiv", "Іващенко": "Ivashchenko", "Їжакевич": "Yizhakevych",
    "Кадиївка": "Kadyivka", "Мар'їне": "Marine", "Йосипівка": "Yosypivka", "Стрий": "Stryi",
    "Олексій": "Oleksii", "Київ": "Kyiv", "Коваленко": "Kovalenko", "Лебедин": "Lebedyn", "Леонід": "Leonid",
    "Миколаїв": "Mykolaiv", "Маринич": "Marynych", "Ніжин": "Nizhyn", "Наталія": "Nataliia", "Одеса": "Odesa",
    "Онищенко": "Onyshchenko", "Полтава": "Poltava", "Петро": "Petro", "Решетилівка": "Reshetylivka",
    "Рибчинський": "Rybchynskyi", "Суми": "Sumy", "Соломія": "Solomiia", "Тернопіль": "Ternopil",
    "Троць": "Trots", "Ужгород": "Uzhhorod", "Уляна": "Uliana", "Фастів": "Fastiv", "Філіпчук": "Filipchuk",
    "Харків": "Kharkiv", "Христина": "Khrystyna", "Біла Церква": "Bila Tserkva", "Стеценко": "Stetsenko",
    "Чернівці": "Chernivtsi", "Шевченко": "Shevchenko", "Шостка": "Shostka", "Кишеньки": "Kyshenky",
    "Щербухи": "Shcherbukhy", "Гоща": "Hoshcha", "Гаращенко": "Harashchenko", "Юрій": "Yurii",
    "Корюківка": "Koriukivka", "Яготин": "Yahotyn", "Ярошенко": "Yaroshenko", "Костянтин": "Kostiantyn",
    "Знам'янка": "Znamianka", "Феодосія": "Feodosiia", "Розгон": "Rozghon", "Згорани": "Zghorany",
    "Гайовий": "Haiovyi", "Олександр": "Oleksandr", "Знам’янка": "Znamianka", "Подольський": "Podolskyi",
}  # fmt: skip


@pytest.mark.parametrize(("cyrillic", "latin"), KMU_EXAMPLES.items())
def test_kmu_2010_official_examples(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "uk-kmu-2010") == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("ЗГУРСЬКИЙ", "ZGHURSKYI"), ("КОВАЛЕНКО Олександр", "KOVALENKO Oleksandr"), ("ЯРОШЕНКО Юрій", "YAROSHENKO Yurii"),
     ("Ю.", "Yu."), ("Ярошенко-Юрченко", "Yaroshenko-Yurchenko"), ("Петро́", "Petro")],
)  # fmt: skip
def test_kmu_keeps_case_word_by_word(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "uk-kmu-2010") == latin


def test_kmu_agrees_with_translitua_on_title_case_names() -> None:
    for word in KMU_EXAMPLES:
        assert transliterate(word, "uk-kmu-2010") == translit(word, UkrainianKMU)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Сергій", "Sergii"), ("Юрій", "Iurii"), ("Євген", "Ievgen"), ("Згурський", "Zgurskyi"),
     ("Наталія", "Nataliia"), ("Михайло", "Mykhailo")],
)  # fmt: skip
def test_passport_2007(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "uk-passport-2007") == latin


RU_SENTENCE = "Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        (RU_SENTENCE, "Iuliia, sieesh eshche etikh miagkikh frantsuzskikh bulok iz Ioshkar-Oly, da vypei altaiskogo chaiu"),
        ("Юлия Щеглова", "Iuliia Shcheglova"), ("Гайа Васильева", "Gaia Vasileva"), ("Андрей Видный", "Andrei Vidnyi"),
        ("Артём Краевой", "Artem Kraevoi"), ("Мадыр Чёткий", "Madyr Chetkii"), ("Юрий", "Iurii"),
        ("Дмитрий", "Dmitrii"), ("Пётр", "Petr"), ("Хрущёв", "Khrushchev"), ("Ґудзь Євгенія Її", "Gudz Ievgeniia Ii"),
    ],
)  # fmt: skip
def test_icao_9303(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "ru-icao-9303") == latin


def test_icao_agrees_with_iuliia() -> None:
    for text in (RU_SENTENCE, "Щербаков Эдуард Ильич", "Соловьёв Ефим Объедков"):
        assert transliterate(text, "ru-icao-9303") == iuliia.ICAO_DOC_9303.translate(text)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        (RU_SENTENCE, "Yuliya, s``esh` eshhyo e`tix myagkix franczuzskix bulok iz Joshkar-Oly`, da vy`pej altajskogo chayu"),
        ("Цыц", "Cy`cz"), ("Цёмки", "Cyomki"), ("Цапко", "Czapko"), ("Кузнецов", "Kuzneczov"), ("Ельцин", "El`cin"),
        ("Їжакевич Ґудзь", "Yizhakevy`ch G`udz`"), ("Короп'є", "Korop'ye"),
    ],
)  # fmt: skip
def test_gost_7_79_system_b(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "ru-gost-7.79-b") == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        (RU_SENTENCE, "Yuliya, s”yesh’ yeshchë etikh myagkikh frantsuzskikh bulok iz Yoshkar-Oly, da vypey altayskogo chayu"),
        ("Елизово", "Yelizovo"), ("Чапаевск", "Chapayevsk"), ("Юрьев объезд", "Yur’yev ob”yezd"), ("Белкино", "Belkino"),
        ("Воробьёво", "Vorob’yëvo"), ("Пётр Андреев", "Pëtr Andreyev"), ("Озёрный", "Ozërnyy"),
    ],
)  # fmt: skip
def test_bgn_pcgn(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "ru-bgn-pcgn") == latin


def test_bgn_agrees_with_iuliia_except_that_yo_is_transliterated() -> None:
    expected = iuliia.BGN_PCGN_ALT.translate(RU_SENTENCE).replace("ё", "ë")
    assert transliterate(RU_SENTENCE, "ru-bgn-pcgn") == expected


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        (RU_SENTENCE, "Ûliâ, sʺešʹ eŝë ètih mâgkih francuzskih bulok iz Joškar-Oly, da vypej altajskogo čaû"),
        ("Ґудзь Євгенія Їжакевич", "G̀udzʹ Êvgenìâ Ïžakevič"), ("Знам'янка", "Znamʼânka"), ("Щербак", "Ŝerbak"),
    ],
)  # fmt: skip
def test_iso_9(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "iso-9") == latin


def test_latin_and_digits_pass_through() -> None:
    for system in SYSTEMS:
        assert transliterate("Kovalenko A-1234, 12.03.1991", system) == "Kovalenko A-1234, 12.03.1991"


def test_unknown_system_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown transliteration system"):
        transliterate("Петро", "uk-klingon")


def test_to_cyrillic_guess_offers_ukrainian_then_russian() -> None:
    assert to_cyrillic_guess("Serhii") == ["Сергій", "Сергий"]
    assert to_cyrillic_guess("Dmitry Nikolai")[-1] == "Дмитрий Николай"
    assert to_cyrillic_guess("") == []


CYRILLIC = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'’ʼ "


@given(
    st.text(alphabet=CYRILLIC + "abcXYZ-.,0123456789"),
    st.sampled_from([s for s in SYSTEMS if s not in ("iso-9", "ru-bgn-pcgn")]),
)
def test_ascii_systems_give_ascii(text: str, system: str) -> None:
    assert transliterate(text, system).isascii()


@given(st.text(), st.sampled_from(SYSTEMS))
def test_transliterate_never_raises_on_any_text(text: str, system: str) -> None:
    assert isinstance(transliterate(text, system), str)
    assert isinstance(to_cyrillic_guess(text), list)
