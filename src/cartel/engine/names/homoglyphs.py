"""Repair Latin look-alike letters typed inside Cyrillic words (and the other way round), and fold identifiers.

Clerks mix keyboard layouts: «Koвaлeнко» has a Latin K, a, e; «KOBAЛEHKO» is mostly Latin. Each word is
brought to the script its unambiguous letters point to; a word made only of look-alikes follows the text.
Digits 0 and 1 typed or read (OCR) for letters inside a word are read back as letters: «B0NDAR», «Петр0в».
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .script import is_cyrillic_char, is_latin_char

__all__ = ["normalize_identifier", "repair_digits", "repair_homoglyphs"]

# Latin letter -> the Cyrillic letter it is mistaken for (lower and upper case):
_LAT_TO_CYR = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
    "ï": "ї", "ë": "ё",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У", "Ï": "Ї", "Ë": "Ё",
}  # fmt: skip
_CYR_TO_LAT = {cyr: lat for lat, cyr in _LAT_TO_CYR.items()}
_CYR_TO_LAT.update({"ј": "j", "Ј": "J", "ѕ": "s", "Ѕ": "S"})

_TO_CYR = str.maketrans(_LAT_TO_CYR)
_TO_LAT = str.maketrans(_CYR_TO_LAT)

_WORD = re.compile(r"\w+", re.UNICODE)
_ANY_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ANY_CYRILLIC = re.compile(r"[\u0400-\u052f]")

# Identifier separators dropped by normalize_identifier:
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./\\№#:]+")
# Upper-case Cyrillic look-alikes of Latin capitals, folded to Latin in identifiers:
_ID_FOLD = str.maketrans(
    {cyr: lat for cyr, lat in _CYR_TO_LAT.items() if cyr.isupper() and lat.isascii()} | {"Ё": "E", "Ї": "I"}
)


def _counts(word: str) -> tuple[int, int, int, int]:
    """Count (Cyrillic, Latin, unambiguous Cyrillic, unambiguous Latin) letters of `word`."""
    cyr = lat = sure_cyr = sure_lat = 0
    for ch in word:
        if is_cyrillic_char(ch):
            cyr += 1
            sure_cyr += ch not in _CYR_TO_LAT
        elif is_latin_char(ch):
            lat += 1
            sure_lat += ch not in _LAT_TO_CYR
    return cyr, lat, sure_cyr, sure_lat


@lru_cache(maxsize=65536)
def repair_homoglyphs(text: str) -> str:
    """Return `text` with every mixed-script word rewritten in the script its unambiguous letters show."""
    if text.isascii() or not (_ANY_LATIN.search(text) and _ANY_CYRILLIC.search(text)):
        return text
    words = _WORD.findall(text)
    total_cyr = total_lat = 0
    mixed = False
    for word in words:
        cyr, lat, sure_cyr, sure_lat = _counts(word)
        total_cyr += sure_cyr
        total_lat += sure_lat
        mixed = mixed or (cyr > 0 and lat > 0)
    if not mixed:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        cyr, lat, sure_cyr, sure_lat = _counts(word)
        if not (cyr and lat):
            return word
        if sure_cyr != sure_lat:
            to_cyr = sure_cyr > sure_lat
        elif sure_cyr == 0 and total_cyr != total_lat:
            to_cyr = total_cyr > total_lat
        elif sure_cyr == 0:
            to_cyr = cyr >= lat
        else:
            return word
        return word.translate(_TO_CYR if to_cyr else _TO_LAT)

    return _WORD.sub(fix, text)


_ALNUM_WORD = re.compile(r"[^\W_]+")
_LATIN_VOWELS = frozenset("aeiouyAEIOUY")


def _one_in_latin(word: str, i: int) -> str:
    """Return the letter a 1 at `word[i]` stands for: I between non-vowels ("1VAN", "V1KTOR"), else l."""
    before = word[i - 1] if i > 0 else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if before not in _LATIN_VOWELS and after.isalpha() and after not in _LATIN_VOWELS:
        return "i"
    return "l"


def _letters_for_digits(word: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    digits = len(word) - len(letters)
    if (
        not digits
        or len(letters) < 2
        or digits >= len(letters)
        or any(ch.isdigit() and ch not in "01" for ch in word)
    ):
        return word
    upper = sum(ch.isupper() for ch in letters) * 2 > len(letters)  # keep CAPS words in capitals
    cyrillic = sum(is_cyrillic_char(ch) for ch in letters) * 2 > len(letters)
    out = []
    for i, ch in enumerate(word):
        if ch == "0":
            ch = "о" if cyrillic else "o"
        elif ch == "1":
            ch = "і" if cyrillic else _one_in_latin(word, i)
        else:
            out.append(ch)
            continue
        out.append(ch.upper() if upper else ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def repair_digits(text: str) -> str:
    """Return `text` with the digits 0 and 1 inside otherwise-letter words read as the letters they stand for.

    0 is the letter o (О in a Cyrillic word); 1 is l, or I where l cannot stand (between two consonants or at the
    start before one: «1VAN», «V1KTOR»), and Ukrainian і in a Cyrillic word. A word needs at least two letters,
    more letters than digits and no other digit, so dates, service numbers and «1991р» are left alone. The case
    follows the word (B0NDAR → BONDAR, Petr0v → Petrov).
    """
    if "0" not in text and "1" not in text:
        return text
    return _ALNUM_WORD.sub(lambda m: _letters_for_digits(m.group()), text)


@lru_cache(maxsize=65536)
def normalize_identifier(text: str) -> str:
    """Return a comparison key for a service number or unit code: upper case, look-alikes in Latin, no separators.

    Cyrillic «А-1234» and Latin «a 1234» give «A1234»; Cyrillic letters without a Latin twin (Б, Ж…) stay.
    """
    folded = unicodedata.normalize("NFKC", text).upper().translate(_ID_FOLD)
    return unicodedata.normalize("NFKC", _ID_SEPARATORS.sub("", folded))
