"""Script and language detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.names import Script, detect_language, detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Коваленко Олександр", Script.CYRILLIC),
        ("Kovalenko Oleksandr", Script.LATIN),
        ("Šewčenko", Script.LATIN),
        ("Koвaлeнко", Script.MIXED),
        ("", Script.EMPTY),
        ("  12.03.1991 — №5 ", Script.EMPTY),
        ("Γιώργος", Script.OTHER),
        ("Γιώργος Коваленко", Script.MIXED),
    ],
)
def test_detect_script(text: str, script: Script) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Сергій Олійник", "uk"),
        ("Ґудзь Євген", "uk"),
        ("Пётр Васильевич Хрущёв", "ru"),
        ("Эдуард Крылов", "ru"),
        ("Коваленко Олександр Петрович", None),  # no letter unique to one language
        ("Kovalenko", None),
        ("ї ы", None),  # a tie is no evidence
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


@given(st.text())
def test_detection_never_raises(text: str) -> None:
    assert detect_script(text) in Script
    assert detect_language(text) in ("uk", "ru", None)
