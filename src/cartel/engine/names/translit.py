"""Transliteration of Ukrainian and Russian Cyrillic by named, official standards.

Each system is a letter table plus the context rules of its standard (word-initial forms, зг, ц before
e/i/y/j, BGN/PCGN ye). Words are processed one at a time, so case survives the way it is written: «ЗГУРСЬКИЙ»
gives «ZGHURSKYI», «Юрій» gives «Yurii», «КОВАЛЕНКО Олександр» gives «KOVALENKO Oleksandr». Non-Cyrillic
characters pass through unchanged. The tables and their sources are in `_translit_tables` and docs/names.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final, Literal, get_args

from . import _translit_tables as t
from .script import detect_language

__all__ = ["SYSTEMS", "System", "to_cyrillic_guess", "transliterate"]

System = Literal["uk-kmu-2010", "uk-passport-2007", "ru-icao-9303", "ru-gost-7.79-b", "ru-bgn-pcgn", "iso-9"]
SYSTEMS: Final[tuple[System, ...]] = get_args(System)

# A rule maps the letter at index i of a lower-case word to its Latin form.
Rule = Callable[[str, int], str]

# Apostrophes belong to words (Ukrainian spelling), also when they stand at a word's edge like quotes.
_WORD = re.compile(r"(?:[^\W\d_]|[" + t.APOSTROPHES + r"])+")
_STRESS = re.compile("[\u0300\u0301]")


def _at_start(w: str, i: int) -> bool:
    return i == 0 or not w[:i].strip(t.APOSTROPHES)


def _kmu(w: str, i: int) -> str:
    ch = w[i]
    if ch in t.KMU_INITIAL and _at_start(w, i):
        return t.KMU_INITIAL[ch]
    if ch == "г" and i > 0 and w[i - 1] == "з":
        return "gh"
    return t.KMU.get(ch, ch)


def _passport_2007(w: str, i: int) -> str:
    return t.PASSPORT_2007.get(w[i], w[i])


def _icao(w: str, i: int) -> str:
    return t.ICAO.get(w[i], w[i])


def _gost_b(ukrainian: bool) -> Rule:
    table = t.GOST_B_UK if ukrainian else t.GOST_B

    def rule(w: str, i: int) -> str:
        ch = w[i]
        if ch == "ц":
            nxt = w[i + 1] if i + 1 < len(w) else ""
            return "c" if nxt and table.get(nxt, nxt)[:1] in ("e", "i", "y", "j") else "cz"
        return table.get(ch, ch)

    return rule


def _bgn(w: str, i: int) -> str:
    ch = w[i]
    if ch in ("е", "ё") and (_at_start(w, i) or w[i - 1] in t.BGN_YE_AFTER):
        return "y" + t.BGN[ch]
    return t.BGN.get(ch, ch)


def _iso9(w: str, i: int) -> str:
    return t.ISO9.get(w[i], w[i])


def _case_like(source: str, piece: str) -> str:
    return piece[:1].upper() + piece[1:] if source.isupper() else piece


def _apply(text: str, rule: Rule) -> str:
    def word(match: re.Match[str]) -> str:
        src = match.group()
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in src)
        pieces = [rule(low, i) for i in range(len(low))]
        if src.isupper() and sum(ch.isalpha() for ch in src) > 1:
            return "".join(pieces).upper()
        return "".join(_case_like(s, p) for s, p in zip(src, pieces, strict=True))

    return _WORD.sub(word, text)


@lru_cache(maxsize=65536)
def transliterate(text: str, system: str) -> str:
    """Return `text` romanised by `system` (one of SYSTEMS); raise ValueError for an unknown system."""
    text = _STRESS.sub("", unicodedata.normalize("NFC", text))
    if system == "uk-kmu-2010":
        return _apply(text, _kmu)
    if system == "uk-passport-2007":
        return _apply(text, _passport_2007)
    if system == "ru-icao-9303":
        return _apply(text, _icao)
    if system == "ru-gost-7.79-b":
        return _apply(text, _gost_b(detect_language(text) == "uk"))
    if system == "ru-bgn-pcgn":
        return _apply(text, _bgn)
    if system == "iso-9":
        return unicodedata.normalize("NFC", _apply(text, _iso9))
    raise ValueError(f"unknown transliteration system {system!r}; expected one of {', '.join(SYSTEMS)}")


_REVERSE = re.compile("|".join(re.escape(k) for k in sorted(t.LATIN_TO_CYRILLIC, key=len, reverse=True)))
_LATIN_WORD = re.compile(r"[a-z]+")


def _lookup(table: dict[str, str], key: str) -> str:
    if key in table:
        return table[key]
    return "".join(table.get(ch, ch) for ch in key)


def _reverse(text: str, table: dict[str, str]) -> str:
    def word(match: re.Match[str]) -> str:
        marked = match.group() + "#"
        out = _REVERSE.sub(lambda m: _lookup(table, m.group()), marked)
        return out.rstrip("#").capitalize()

    return _LATIN_WORD.sub(word, text)


def to_cyrillic_guess(latin: str) -> list[str]:
    """Return plausible Cyrillic spellings of a romanised name (Ukrainian reading first, then Russian), for search."""
    low = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().strip().lower()
    guesses: list[str] = []
    for table in (t.LATIN_TO_UKRAINIAN, t.LATIN_TO_RUSSIAN):
        guess = _reverse(low, table)
        if guess and not _LATIN_WORD.search(guess) and guess not in guesses:
            guesses.append(guess)
    return guesses
