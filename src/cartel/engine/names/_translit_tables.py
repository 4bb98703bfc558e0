"""Letter tables of the transliteration systems (lower case; context rules live in `translit`).

Sources:
- uk-kmu-2010: Cabinet of Ministers of Ukraine Resolution No. 55 of 27 January 2010.
- uk-passport-2007: the Ukrainian passport table of 2007–2010 (г = g, є/ї/й/ю/я = ie/i/i/iu/ia everywhere),
  as in the "Passport (2007)" column of the romanisation tables and translitua's UkrainianPassport2007.
- ru-icao-9303: ICAO Doc 9303 part 3 (Russian passports since 2013), with its Ukrainian letters.
- ru-gost-7.79-b: GOST 7.79-2000 system B (ASCII only; ` marks), with its Ukrainian letters.
- ru-bgn-pcgn: BGN/PCGN 1947 for Russian; the optional middle-dot separators are not written.
- iso-9: ISO 9:1995 (= GOST 7.79-2000 system A), one Latin letter per Cyrillic letter.
Letters outside a table's language use the closest letters of the same family (documented in docs/names.md).
"""

from __future__ import annotations

from typing import Final

APOSTROPHES: Final = "'’ʼ`´‘"
_DROP_APOSTROPHES: Final = dict.fromkeys(APOSTROPHES, "")

_COMMON: Final = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "з": "z", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
}  # fmt: skip

KMU: Final = _COMMON | _DROP_APOSTROPHES | {
    "г": "h", "ґ": "g", "є": "ie", "ж": "zh", "и": "y", "і": "i", "ї": "i", "й": "i", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    # Russian letters, not in the resolution:
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
KMU_INITIAL: Final = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}

PASSPORT_2007: Final = KMU | {"г": "g"}

ICAO: Final = _COMMON | _DROP_APOSTROPHES | {
    "г": "g", "ё": "e", "ж": "zh", "и": "i", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ґ": "g", "є": "ie", "і": "i", "ї": "i",
}  # fmt: skip

GOST_B: Final = _COMMON | dict.fromkeys(APOSTROPHES, "'") | {
    "г": "g", "ё": "yo", "ж": "zh", "и": "i", "й": "j", "х": "x", "ч": "ch", "ш": "sh", "щ": "shh",
    "ъ": "``", "ы": "y`", "ь": "`", "э": "e`", "ю": "yu", "я": "ya",
    "ґ": "g`", "є": "ye", "і": "i", "ї": "yi",
}  # fmt: skip
# In Ukrainian text system B writes и as y` (і is i).
GOST_B_UK: Final = GOST_B | {"и": "y`"}

BGN: Final = _COMMON | dict.fromkeys(APOSTROPHES, "”") | {
    "г": "g", "ё": "ë", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "”", "ы": "y", "ь": "’", "э": "e", "ю": "yu", "я": "ya",
    "ґ": "g", "є": "ye", "і": "i", "ї": "yi",
}  # fmt: skip
# е and ё are written ye/yë at the start of a word and after these letters:
BGN_YE_AFTER: Final = frozenset("аеёиоуыэюяіїєйъь")

ISO9: Final = _COMMON | dict.fromkeys(APOSTROPHES, "ʼ") | {
    "г": "g", "ґ": "g̀", "ё": "ë", "є": "ê", "ж": "ž", "и": "i", "і": "ì", "ї": "ï", "й": "j",
    "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è",
    "ю": "û", "я": "â",
}  # fmt: skip

# Guesses back to Cyrillic (search aid only, not a standard). Endings first, then longest letter groups.
_LATIN_COMMON: Final = {
    "a": "а", "b": "б", "v": "в", "w": "в", "d": "д", "e": "е", "z": "з", "k": "к", "c": "к", "q": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
    "f": "ф", "x": "кс", "zh": "ж", "kh": "х", "ts": "ц", "tz": "ц", "ch": "ч", "sh": "ш",
    "shch": "щ", "sch": "щ", "yu": "ю", "iu": "ю", "ju": "ю", "ya": "я", "ia": "я", "ja": "я", "j": "й",
}  # fmt: skip
LATIN_TO_UKRAINIAN: Final = _LATIN_COMMON | {
    "h": "г", "g": "ґ", "zgh": "зг", "y": "и", "i": "і", "yi": "ї", "ye": "є", "ie": "є",
    "yy#": "ий", "yi#": "ий", "iy#": "ій", "ii#": "ій",
}  # fmt: skip
LATIN_TO_RUSSIAN: Final = _LATIN_COMMON | {
    "h": "г", "g": "г", "y": "ы", "i": "и", "ye": "е", "ie": "е", "yo": "ё", "tc": "ц",
    "yy#": "ий", "iy#": "ий", "ii#": "ий", "y#": "ий", "ai#": "ай", "ay#": "ай", "ei#": "ей",
    "ey#": "ей",
}  # fmt: skip
LATIN_TO_CYRILLIC: Final = LATIN_TO_UKRAINIAN | LATIN_TO_RUSSIAN
