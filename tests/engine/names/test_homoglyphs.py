"""Homoglyph repair in names and folding of service numbers and unit codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import detect_script, normalize_identifier, repair_homoglyphs


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Koвaлeнко", "Коваленко"),  # Latin K, a, e in a Cyrillic word
        ("KOBAЛEHKO", "КОВАЛЕНКО"),  # Latin capitals, betrayed by one Л
        ("Шeвчeнко Тaрaс", "Шевченко Тарас"),
        ("Kоvаlenkо", "Kovalenko"),  # Cyrillic о, а in a Latin word
        ("Сидоренкo Петро", "Сидоренко Петро"),  # a Latin o at the end
        ("Ivanenкo", "Ivanenko"),  # a Cyrillic к in a Latin word
        ("Коваленко Олександр", "Коваленко Олександр"),  # clean text is untouched
        ("Kovalenko Oleksandr", "Kovalenko Oleksandr"),
    ],
)
def test_repair_homoglyphs(typed: str, meant: str) -> None:
    assert repair_homoglyphs(typed) == meant


def test_word_of_look_alikes_only_follows_the_text() -> None:
    """«Косар» typed entirely with Latin look-alikes inside Cyrillic text becomes Cyrillic."""
    typed = "Олександр K" + "о" + "cap"  # K, c, a, p Latin; о Cyrillic
    assert repair_homoglyphs(typed) == "Олександр Косар"


@pytest.mark.parametrize(
    "variant",
    ["А1234", "A1234", "a-1234", "А 1234", "а–1234", " A.1234 ", "А/1234"],
)
def test_identifier_variants_share_one_key(variant: str) -> None:
    assert normalize_identifier(variant) == "A1234"


def test_identifier_keeps_letters_without_a_twin() -> None:
    assert normalize_identifier("Б-12 34") == "Б1234"
    assert normalize_identifier("ВЧ-А0123") == normalize_identifier("BЧ A0123")


@given(st.text())
def test_repair_never_raises_and_is_idempotent(text: str) -> None:
    once = repair_homoglyphs(text)
    assert repair_homoglyphs(once) == once
    assert normalize_identifier(text) == normalize_identifier(normalize_identifier(text))


@given(st.text(alphabet="абвгдеклмнопрстуАВЕКМНОРСТХ", min_size=2))
def test_cyrillic_words_stay_cyrillic(word: str) -> None:
    assert detect_script(repair_homoglyphs(word)).value in ("cyrillic", "empty")


def test_words_are_repaired_one_by_one_unlike_a_whole_string_fix() -> None:
    """names-translator's whole-string fixer gives up on text that mixes a Cyrillic and a Latin word."""
    from names_translator.name_utils import try_to_fix_mixed_charset

    text = "Koвaлeнко Oleksandr"
    assert try_to_fix_mixed_charset(text) == text
    assert repair_homoglyphs(text) == "Коваленко Oleksandr"
