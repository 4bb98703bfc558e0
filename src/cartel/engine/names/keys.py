"""Matching keys of a parsed name (MATCHING.md §1.4): several folds, because no single key is safe.

Linkage compares each key as its own level: skeletons with string similarity, groups and folds exactly.
Every per-word function below is cached, so a list of a million names costs about one lookup per distinct word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

from .equivalence import (
    Sex,
    given_name_group,
    given_name_language,
    given_name_sex,
    is_diminutive,
    patronymic_group,
    patronymic_sex,
    surname_fold,
    surname_sex,
    surname_to_russian,
)
from .parse import NameParts
from .script import Language, detect_language
from .skeleton import skeleton, skeleton_tokens
from .translit import transliterate

__all__ = ["KEYS_VERSION", "NameKeys", "latin_display", "name_keys", "skeleton"]

# The version of the key rules. Keys are stored (persons' and bodies' search text, inquiries' search keys), so
# bump it with every change that can change a key of some name (parsing, folds, skeletons, ranks): installations
# then warn until `cartel reindex` has rebuilt the stored keys. 1: before digit slips, adjectival surnames,
# German ch and ranks; 2: with them.
KEYS_VERSION: Final = 2


class NameKeys(NamedTuple):
    """Comparison keys of one person's name; None where the part is missing or has no usable letters.

    A named tuple rather than a dataclass: a million of them are built per linkage run, and `_asdict()` feeds
    a data frame directly.
    """

    surname_cyr_ru: str | None  # canonical Russian Cyrillic surname (Cyrillic input only)
    surname_skel: str | None  # Latin skeleton of the surname
    surname_fold: str | None  # skeleton with gender and UA/RU endings folded (Ковальова = Kovalev)
    given_group: str | None  # equivalence group ("aleksandr"), else the skeleton of an unknown name
    given_skel: str | None  # Latin skeleton of the given name as written
    given_initial: str | None  # first letter of the given name's skeleton (also for a full name)
    given_diminutive: bool  # the given name is a known diminutive (Саша, Kolya)
    patronymic_group: str | None  # father's given-name group, else the skeleton of the patronymic
    patronymic_initial: str | None  # first letter of the patronymic's skeleton (also for a full patronymic)
    sex_hint: Sex | None  # from the patronymic, else the given name, else a gendered surname
    latin_display: str  # one fixed romanisation for people to read
    tokens_skel: tuple[
        str, ...
    ]  # sorted distinct skeletons of all words (2+ letters), for order-free matching
    empty: bool  # nothing usable: linkage must never count such a name as agreeing


@dataclass(frozen=True, slots=True)
class _Part:
    """Keys of one name part, worked out once per distinct spelling."""

    skel: str | None
    group: str | None  # surname: the fold; given and patronymic: the group, else the skeleton
    initial: str | None
    sex: Sex | None
    diminutive: bool
    language: Language | None
    tokens: tuple[str, ...]  # skeletons of its words of 2+ letters


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in skeleton_tokens(text) if len(t) > 1)


@lru_cache(maxsize=131072)
def _surname_part(surname: str) -> _Part:
    skel = skeleton(surname) or None
    fold = surname_fold(surname) or None
    return _Part(skel, fold, None, surname_sex(surname), False, detect_language(surname), _tokens(surname))


@lru_cache(maxsize=131072)
def _given_part(given: str) -> _Part:
    skel = skeleton(given)
    language = detect_language(given) or given_name_language(given)
    if sum(ch.isalpha() for ch in given) < 2:
        return _Part(None, None, skel[:1] or None, None, False, language, ())
    group = given_name_group(given) or skel or None
    return _Part(
        skel or None,
        group,
        skel[:1] or None,
        given_name_sex(given),
        is_diminutive(given),
        language,
        _tokens(given),
    )


@lru_cache(maxsize=131072)
def _patronymic_part(patronymic: str) -> _Part:
    skel = skeleton(patronymic)
    language = detect_language(patronymic)
    if sum(ch.isalpha() for ch in patronymic) < 2:
        return _Part(None, None, skel[:1] or None, None, False, language, ())
    group, sex = patronymic_group(patronymic)
    sex = sex or patronymic_sex(patronymic)
    return _Part(
        skel or None, group or skel or None, skel[:1] or None, sex, False, language, _tokens(patronymic)
    )


def _display_case(word: str) -> str:
    pieces = word.split("-")
    return "-".join(p[:1].upper() + (p[1:].lower() if p.isupper() else p[1:]) for p in pieces)


@lru_cache(maxsize=131072)
def _display_part(part: str, system: str) -> str:
    return " ".join(_display_case(w) for w in transliterate(part, system).split())


@lru_cache(maxsize=65536)
def _display(texts: tuple[str | None, str | None, str | None], system: str) -> str:
    return " ".join(_display_part(t, system) for t in texts if t)


def latin_display(parts: NameParts) -> str:
    """Return "Surname Given Patronymic" romanised by KMU 2010 for Ukrainian, else ICAO 9303; Latin as is."""
    return name_keys(parts).latin_display


_NO_PART = _Part(None, None, None, None, False, None, ())


@lru_cache(maxsize=65536)
def name_keys(parts: NameParts) -> NameKeys:
    """Return the matching keys of a parsed name."""
    surname = _surname_part(parts.surname) if parts.surname else _NO_PART
    given = _given_part(parts.given) if parts.given else _NO_PART
    patronymic = _patronymic_part(parts.patronymic) if parts.patronymic else _NO_PART
    tokens_skel = tuple(sorted({*surname.tokens, *given.tokens, *patronymic.tokens}))
    language = surname.language or patronymic.language or given.language
    system = "uk-kmu-2010" if language == "uk" else "ru-icao-9303"
    return NameKeys(
        surname_cyr_ru=surname_to_russian(parts.surname) if parts.surname else None,
        surname_skel=surname.skel,
        surname_fold=surname.group,
        given_group=given.group,
        given_skel=given.skel,
        given_initial=given.initial,
        given_diminutive=given.diminutive,
        patronymic_group=patronymic.group,
        patronymic_initial=patronymic.initial,
        sex_hint=patronymic.sex or given.sex or surname.sex,
        latin_display=_display((parts.surname, parts.given, parts.patronymic), system),
        tokens_skel=tokens_skel,
        empty=not tokens_skel,
    )
