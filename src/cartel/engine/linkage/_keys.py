"""Comparison keys of single cells (name parts, dates, places, units, ranks), each cached per distinct value.

Built on the names engine (which also reads digits typed for letters, orders names by surname endings, folds
French "tch" and owns the rank table); what is added here is specific to linkage: initials folded across
languages, consonant keys for place names and unit codes without their "в/ч" label.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from cartel.engine.names import (
    given_name_group,
    given_name_sex,
    is_diminutive,
    normalize_identifier,
    parse_date,
    patronymic_group,
    patronymic_sex,
    rank_key,
    skeleton,
    skeleton_tokens,
    surname_fold,
    surname_sex,
    swap_day_month,
)

__all__ = [
    "NO_DATE",
    "NO_GIVEN",
    "NO_PATRONYMIC",
    "date_keys",
    "given_keys",
    "identifier_key",
    "patronymic_keys",
    "place_keys",
    "rank_key",
    "sex_code",
    "surname_keys",
    "unit_key",
]

# Initials of one name differ across languages: Олександр/Александр, Олена/Елена (о, е → а) and
# Микола/Николай (м → н). Folding them makes "О." agree with Александр and "М." with Николаевич.
_INITIAL: Final = str.maketrans("oem", "aan")
_VOWELS: Final = re.compile(r"[aeiou]+")
_PLACE_WORDS: Final = frozenset(
    [
        "s",
        "m",
        "g",
        "sm",
        "smt",
        "pgt",
        "p",
        "sel",
        "selo",
        "misto",
        "gorod",
        "gor",
        "posiolok",
        "posielok",
        "selishche",
        "pos",
        "obl",
        "rn",
        "raion",
        "raiion",
        "oblast",
        "oblasti",
        "region",
        "rai",
        "village",
        "town",
        "city",
    ]
)
_UNIT_LABEL: Final = re.compile(
    r"^\s*(?:в\s*/\s*ч|в\.\s*ч\.?|вч|mil(?:itary)?\.?\s*unit|unit|mil\.?\s*u\.?|в/ч)\s*[.:№#-]?\s*",
    re.IGNORECASE,
)
_SEX: Final = {"m": "M", "ч": "M", "м": "M", "f": "F", "ж": "F", "w": "F"}


def _initial(letters: str | None) -> str | None:
    return letters[:1].translate(_INITIAL) if letters else None


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


@lru_cache(maxsize=262144)
def surname_keys(surname: str) -> tuple[str | None, str | None, str | None]:
    """Return (skeleton, gender/language fold, sex hint) of a surname."""
    return (skeleton(surname) or None, surname_fold(surname) or None, surname_sex(surname))


GivenKeys = tuple[str | None, str | None, str | None, str | None, str | None, str | None]
NO_GIVEN: Final[GivenKeys] = (None, None, None, None, None, None)


@lru_cache(maxsize=131072)
def given_keys(given: str) -> GivenKeys:
    """Return (group of a full name, group of any form, skeleton, folded initial, initial if only that, sex).

    The initial of a known name is its group's (Ваня and Іван both give "i"), so diminutives agree with
    initials; an unknown name gives its own first letter.
    """
    skel = skeleton(given)
    if _letters(given) < 2:
        initial = _initial(skel)
        return (None, None, None, initial, initial, None)
    group = given_name_group(given)
    key = group or skel or None
    full = None if group is not None and is_diminutive(given) else key
    return (full, key, skel or None, _initial(group or skel), None, given_name_sex(given))


PatronymicKeys = tuple[str | None, str | None, str | None, str | None, str | None]
NO_PATRONYMIC: Final[PatronymicKeys] = (None, None, None, None, None)


@lru_cache(maxsize=131072)
def patronymic_keys(patronymic: str) -> PatronymicKeys:
    """Return (father's name group, skeleton, folded initial, initial if only that, sex) of a patronymic."""
    skel = skeleton(patronymic)
    if _letters(patronymic) < 2:
        initial = _initial(skel)
        return (None, None, initial, initial, None)
    group, sex = patronymic_group(patronymic)
    initial = _initial(group or skel)
    return (group or skel or None, skel or None, initial, None, sex or patronymic_sex(patronymic))


DateKeys = tuple[str | None, str | None, int | None, str | None]
NO_DATE: Final[DateKeys] = (None, None, None, None)


@lru_cache(maxsize=131072)
def date_keys(text: str) -> DateKeys:
    """Return (ISO date, day/month-swapped ISO date, year, "yyyy-mm") of a written birth date."""
    parsed = parse_date(text)
    if parsed is None:
        return NO_DATE
    ym = f"{parsed.year:04d}-{parsed.month:02d}" if parsed.month is not None else None
    if parsed.day is None:
        return (None, None, parsed.year, ym)
    swapped = swap_day_month(parsed) if parsed.day != parsed.month else None
    return (parsed.iso(), swapped.iso() if swapped else None, parsed.year, ym)


@lru_cache(maxsize=65536)
def place_keys(place: str) -> tuple[str | None, str | None]:
    """Return the skeleton of a place name without settlement words, and a consonant key.

    Ukrainian and Russian forms of one place mostly differ in vowels (Петрівка/Петровка, Залісся/Залесье)
    and in м/н (Миколаївка/Николаевка), which the consonant key ignores.
    """
    words = [w for w in skeleton_tokens(place) if w not in _PLACE_WORDS and len(w) > 1]
    if not words:
        return (None, None)
    consonants = " ".join(_VOWELS.sub("", w).replace("m", "n") for w in words)
    return (" ".join(words), consonants or None)


@lru_cache(maxsize=65536)
def unit_key(unit: str) -> str | None:
    """Return the code of a military unit without its label: «в/ч А-1234», "mil. unit A1234" → "A1234"."""
    return normalize_identifier(_UNIT_LABEL.sub("", unit)) or None


def identifier_key(value: str) -> str | None:
    """Return the comparison key of a service number."""
    return normalize_identifier(value) or None


def sex_code(value: str, *hints: str | None) -> str | None:
    """Return "M" or "F" from a sex cell, else from the first name-based hint."""
    if value:
        return _SEX.get(value[0].lower())
    for hint in hints:
        if hint:
            return hint.upper()
    return None
