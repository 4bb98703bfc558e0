"""Which script a name is written in, and whether its Cyrillic letters prove Ukrainian or Russian."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import Literal

__all__ = ["Language", "Script", "detect_language", "detect_script", "is_cyrillic_char", "is_latin_char"]

Language = Literal["uk", "ru"]

# Letters that occur in Ukrainian but not in Russian, and the other way round:
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
RUSSIAN_LETTERS = frozenset("ыэъёЫЭЪЁ")


class Script(StrEnum):
    """The writing system of a piece of text, judged from its letters only."""

    CYRILLIC = "cyrillic"  # only Cyrillic letters
    LATIN = "latin"  # only Latin letters, with or without diacritics
    MIXED = "mixed"  # letters of two or more scripts
    EMPTY = "empty"  # no letters at all (blank, digits, punctuation)
    OTHER = "other"  # letters of one script that is neither Cyrillic nor Latin


def is_cyrillic_char(ch: str) -> bool:
    """Return True for a Cyrillic letter (basic block and supplement)."""
    return "\u0400" <= ch <= "\u052f"


def is_latin_char(ch: str) -> bool:
    """Return True for a Latin letter, including the accented ones of Latin-1 and Latin Extended."""
    if ch.isascii():
        return ch.isalpha()
    return ("\u00c0" <= ch <= "\u024f" and ch not in "\u00d7\u00f7") or "\u1e00" <= ch <= "\u1eff"


def _char_script(ch: str) -> str:
    if is_cyrillic_char(ch):
        return "c"
    if is_latin_char(ch):
        return "l"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] or "?"


@lru_cache(maxsize=65536)
def detect_script(text: str) -> Script:
    """Return the script of the letters in `text`; marks, digits and punctuation are ignored."""
    scripts = {_char_script(ch) for ch in text if ch.isalpha()}
    if not scripts:
        return Script.EMPTY
    if len(scripts) > 1:
        return Script.MIXED
    only = scripts.pop()
    if only == "c":
        return Script.CYRILLIC
    if only == "l":
        return Script.LATIN
    return Script.OTHER


def detect_language(text: str) -> Language | None:
    """Return "uk" or "ru" when letters unique to one of them prevail, else None (no evidence or a tie)."""
    uk = sum(1 for ch in text if ch in UKRAINIAN_LETTERS)
    ru = sum(1 for ch in text if ch in RUSSIAN_LETTERS)
    if uk > ru:
        return "uk"
    if ru > uk:
        return "ru"
    return None
