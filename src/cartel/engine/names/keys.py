"""Matching keys of a parsed name (MATCHING.md §1.4): several folds, because no single key is safe.

Linkage compares each key as its own level: skeletons with string similarity, groups and folds exactly.
Every per-word function below is cached, so a list of a million names costs about one lookup per distinct word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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

__all__ = ["NameKeys", "latin_display", "name_keys", "skeleton"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NameKeys:
    """Comparison keys of one person's name; None where the part is missing or has no usable letters."""

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


def _none_if_blank(value: str | None) -> str | None:
    return value if value else None


@lru_cache(maxsize=131072)
def _given_keys(given: str) -> tuple[str | None, str | None, str | None, bool]:
    """Return (group, skeleton, initial, diminutive) of a given name or initial."""
    skel = skeleton(given)
    if sum(ch.isalpha() for ch in given) < 2:
        return None, None, skel[:1] or None, False
    return given_name_group(given) or skel, skel, skel[:1], is_diminutive(given)


@lru_cache(maxsize=131072)
def _patronymic_keys(patronymic: str) -> tuple[str | None, str | None, Sex | None]:
    """Return (group, initial, sex) of a patronymic or its initial."""
    skel = skeleton(patronymic)
    if sum(ch.isalpha() for ch in patronymic) < 2:
        return None, skel[:1] or None, None
    group, sex = patronymic_group(patronymic)
    return group or skel, skel[:1], sex or patronymic_sex(patronymic)


def _language(parts: NameParts) -> Language | None:
    text = " ".join(p for p in (parts.surname, parts.given, parts.patronymic) if p)
    return detect_language(text) or (given_name_language(parts.given) if parts.given else None)


def _display_case(word: str) -> str:
    pieces = word.split("-")
    return "-".join(p[:1].upper() + (p[1:].lower() if p.isupper() else p[1:]) for p in pieces)


def latin_display(parts: NameParts) -> str:
    """Return "Surname Given Patronymic" romanised by KMU 2010 for Ukrainian, else ICAO 9303; Latin as is."""
    system = "uk-kmu-2010" if _language(parts) == "uk" else "ru-icao-9303"
    words = []
    for part in (parts.surname, parts.given, parts.patronymic):
        if part:
            latin = transliterate(part, system)
            words.append(" ".join(_display_case(w) for w in latin.split()))
    return " ".join(words)


def name_keys(parts: NameParts) -> NameKeys:
    """Return the matching keys of a parsed name."""
    surname_skel = _none_if_blank(skeleton(parts.surname)) if parts.surname else None
    given_group = given_skel = given_initial = None
    diminutive = False
    if parts.given:
        given_group, given_skel, given_initial, diminutive = _given_keys(parts.given)
    patr_group = patr_initial = None
    sex: Sex | None = None
    if parts.patronymic:
        patr_group, patr_initial, sex = _patronymic_keys(parts.patronymic)
    if sex is None and given_skel and parts.given:
        sex = given_name_sex(parts.given)
    if sex is None and parts.surname:
        sex = surname_sex(parts.surname)
    tokens = {
        t for part in (parts.surname, parts.given, parts.patronymic) if part for t in skeleton_tokens(part)
    }
    tokens_skel = tuple(sorted(t for t in tokens if len(t) > 1))
    return NameKeys(
        surname_cyr_ru=surname_to_russian(parts.surname) if parts.surname else None,
        surname_skel=surname_skel,
        surname_fold=_none_if_blank(surname_fold(parts.surname)) if parts.surname else None,
        given_group=given_group,
        given_skel=given_skel,
        given_initial=given_initial,
        given_diminutive=diminutive,
        patronymic_group=patr_group,
        patronymic_initial=patr_initial,
        sex_hint=sex,
        latin_display=latin_display(parts),
        tokens_skel=tokens_skel,
        empty=not tokens_skel,
    )
