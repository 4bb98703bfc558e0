"""Romanisation habits of clerks, from the generator's own small tables.

These tables are deliberately independent of the matcher (no translitua, iuliia or `cartel.engine.names`),
so that test data does not share the matcher's assumptions. They follow the published standards closely
enough to produce the spellings seen in real lists (Oleksandr, Serhiy, Jurij, Iurii, Yury, Dmitriy, Alexandr).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

__all__ = ["RU_SCHEMES", "SCHEMES", "UK_SCHEMES", "Scheme", "transliterate"]

_UK_VOWELS: Final = frozenset("аеєиіїоуюя")
_RU_VOWELS: Final = frozenset("аеёиоуыэюя")
_SIGNS: Final = frozenset("ьъ'")
# Letters of the other language, used when a clerk romanises a hybrid spelling.
_FALLBACK: Final = {"і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ы": "y", "э": "e", "ё": "yo", "ъ": "", "'": ""}


def _table(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in spec.split():
        key, _, value = item.partition(":")
        out[key] = value
    return out


@dataclass(frozen=True, slots=True)
class Scheme:
    """One romanisation habit: a letter table plus the context rules that standard uses."""

    code: str
    language: Literal["uk", "ru"]
    base: Mapping[str, str]
    initial: Mapping[str, str] = field(default_factory=dict)
    after_vowel: Mapping[str, str] = field(default_factory=dict)
    after_sign: Mapping[str, str] = field(default_factory=dict)
    digraphs: Mapping[str, str] = field(default_factory=dict)
    endings: Mapping[str, str] = field(default_factory=dict)


_UK_KMU: Final = _table(
    "а:a б:b в:v г:h ґ:g д:d е:e є:ie ж:zh з:z и:y і:i ї:i й:i к:k л:l м:m н:n о:o п:p р:r с:s т:t "
    "у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ь: ю:iu я:ia ':"
)
_UK_GLIDES: Final = _table("є:ye ї:yi й:y ю:yu я:ya")
_RU_ICAO: Final = _table(
    "а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f "
    "х:kh ц:ts ч:ch ш:sh щ:shch ъ:ie ы:y ь: э:e ю:iu я:ia"
)

UK_SCHEMES: Final = {
    s.code: s
    for s in (
        Scheme("uk-kmu-2010", "uk", _UK_KMU, initial=_UK_GLIDES, digraphs={"зг": "zgh"}),
        Scheme("uk-passport-2007", "uk", {**_UK_KMU, **_UK_GLIDES}),
        Scheme("uk-bgn", "uk", {**_UK_KMU, **_UK_GLIDES, "ь": "'", "'": '"'}),
        Scheme(
            "uk-german",
            "uk",
            _table(
                "а:a б:b в:w г:h ґ:g д:d е:e є:je ж:sch з:s и:y і:i ї:ji й:j к:k л:l м:m н:n о:o п:p "
                "р:r с:s т:t у:u ф:f х:ch ц:z ч:tsch ш:sch щ:schtsch ь: ю:ju я:ja ':"
            ),
        ),
        Scheme(
            "uk-french",
            "uk",
            _table(
                "а:a б:b в:v г:h ґ:g д:d е:e є:ie ж:j з:z и:y і:i ї:ï й:y к:k л:l м:m н:n о:o п:p "
                "р:r с:s т:t у:ou ф:f х:kh ц:ts ч:tch ш:ch щ:chtch ь: ю:iou я:ia ':"
            ),
            after_vowel={"й": "ï"},
        ),
        Scheme(
            "uk-polish",
            "uk",
            _table(
                "а:a б:b в:w г:h ґ:g д:d е:e є:ie ж:ż з:z и:y і:i ї:ji й:j к:k л:ł м:m н:n о:o п:p "
                "р:r с:s т:t у:u ф:f х:ch ц:c ч:cz ш:sz щ:szcz ь: ю:iu я:ia ':"
            ),
            initial={"є": "je", "ю": "ju", "я": "ja"},
            after_vowel={"є": "je", "ю": "ju", "я": "ja"},
            after_sign={"є": "je", "ю": "ju", "я": "ja"},
            digraphs=_table("ль:l ля:la лю:lu лє:le лі:li нь:ń сь:ś ць:ć зь:ź"),
        ),
    )
}

RU_SCHEMES: Final = {
    s.code: s
    for s in (
        Scheme("ru-icao", "ru", _RU_ICAO),
        Scheme(
            "ru-mvd-310",
            "ru",
            {**_RU_ICAO, "й": "y", "ю": "yu", "я": "ya", "ь": "'", "ъ": '"'},
            after_sign={"е": "ye"},
        ),
        Scheme("ru-gost-52535", "ru", {**_RU_ICAO, "ц": "tc", "ъ": ""}),
        Scheme(
            "ru-bgn",
            "ru",
            {**_RU_ICAO, "ё": "ë", "й": "y", "ю": "yu", "я": "ya", "ь": "'", "ъ": '"'},
            initial={"е": "ye", "ё": "yë"},
            after_vowel={"е": "ye", "ё": "yë"},
            after_sign={"е": "ye", "ё": "yë"},
        ),
        Scheme(
            "ru-wikipedia",
            "ru",
            {**_RU_ICAO, "ё": "yo", "й": "y", "ю": "yu", "я": "ya", "ъ": ""},
            initial={"е": "ye"},
            after_vowel={"е": "ye"},
            after_sign={"е": "ye"},
            digraphs={"кс": "x", "жё": "zho", "шё": "sho", "чё": "cho", "щё": "shcho"},
            endings={"ий": "y", "ый": "y"},
        ),
    )
}

SCHEMES: Final[Mapping[str, Scheme]] = {**UK_SCHEMES, **RU_SCHEMES}


def _word(word: str, scheme: Scheme) -> str:
    low = word.lower()
    upper_word = len(word) > 1 and word.isupper()
    vowels = _UK_VOWELS if scheme.language == "uk" else _RU_VOWELS
    out: list[str] = []

    def emit(piece: str, at: int) -> None:
        if word[at].isupper() and piece:
            piece = piece.upper() if upper_word else piece[0].upper() + piece[1:]
        out.append(piece)

    n = len(low)
    i = 0
    while i < n:
        tail = low[i:]
        if tail in scheme.endings and i > 0:
            emit(scheme.endings[tail], i)
            break
        pair = low[i : i + 2]
        if len(pair) == 2 and pair in scheme.digraphs:
            emit(scheme.digraphs[pair], i)
            i += 2
            continue
        ch = low[i]
        prev = low[i - 1] if i else ""
        if not prev and ch in scheme.initial:
            emit(scheme.initial[ch], i)
        elif prev in _SIGNS and ch in scheme.after_sign:
            emit(scheme.after_sign[ch], i)
        elif prev in vowels and ch in scheme.after_vowel:
            emit(scheme.after_vowel[ch], i)
        elif ch in scheme.base:
            emit(scheme.base[ch], i)
        else:
            emit(_FALLBACK.get(ch, ch), i)
        i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def transliterate(text: str, scheme: str) -> str:
    """Romanise Cyrillic `text` with the named habit (see `SCHEMES`), keeping word case and separators."""
    table = SCHEMES[scheme]
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch.isalpha() or ch in "'ʼ’":
            word.append("'" if ch in "ʼ’" else ch)
        else:
            if word:
                out.append(_word("".join(word), table))
                word = []
            out.append(ch)
    if word:
        out.append(_word("".join(word), table))
    return "".join(out)
