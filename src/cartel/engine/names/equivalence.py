"""Ukrainian↔Russian name equivalence: given-name groups, patronymics and gender-folded surnames.

Groups come from the curated table `given_names.txt` (UA and RU forms, Latin spellings, diminutives), widened
by names-translator's UA→RU dictionaries for Cyrillic spellings the table does not list. Latin spellings are
found through their skeleton, so Oleksandr, Olexandr, Aleksandr and Alexander all land in group "aleksandr".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from names_translator.dicts import default_dicts

from ._name_index import GivenEntry, Sex, cyrillic_key, name_index
from .homoglyphs import repair_homoglyphs
from .script import is_cyrillic_char
from .skeleton import skeleton_token, skeleton_tokens

__all__ = [
    "Sex",
    "given_name_group",
    "given_name_language",
    "given_name_sex",
    "is_diminutive",
    "looks_like_surname",
    "patronymic_group",
    "patronymic_sex",
    "surname_fold",
    "surname_sex",
    "surname_to_russian",
]

_CYR_PATRONYMIC_SUFFIXES = (
    "йович",
    "ьович",
    "ович",
    "евич",
    "инична",
    "ична",
    "ич",
    "ївна",
    "івна",
    "овна",
    "евна",
)
_LATIN_PATRONYMIC_SUFFIXES = ("ovich", "evich", "inichna", "ichna", "ich", "ovna", "evna", "ivna")
_CYR_MALE = ("ич", "іч", "ыч", "оглы", "огли")
_CYR_FEMALE = ("вна", "чна", "кызы", "гизи")
_LATIN_MALE = ("ich", "ic", "ogli")
_LATIN_FEMALE = ("vna", "chna", "cna", "kizi", "gizi")


def _clean(text: str) -> str:
    return repair_homoglyphs(text).strip().strip(".,;:").strip()


def _is_cyrillic(text: str) -> bool:
    return any(is_cyrillic_char(ch) for ch in text)


@lru_cache(maxsize=131072)
def _given_entry(name: str) -> GivenEntry | None:
    text = _clean(name)
    if not text:
        return None
    index = name_index()
    if _is_cyrillic(text):
        hit = index.cyrillic.get(cyrillic_key(text))
        if hit is not None:
            return hit
        for candidate in default_dicts().lookup(text, "first"):
            hit = index.cyrillic.get(cyrillic_key(candidate))
            if hit is not None:
                return hit
    tokens = skeleton_tokens(text)
    if not tokens:
        return None
    return index.latin.get(tokens[0]) if len(tokens) == 1 or "-" in text else None


def given_name_group(name: str) -> str | None:
    """Return the equivalence-group key of a given name in any script ("aleksandr" for Саша or Olexandr)."""
    entry = _given_entry(name)
    return entry.group if entry is not None else None


def is_diminutive(name: str) -> bool:
    """Return True when the name is a known diminutive (Саша, Коля, Vasya), not a full given name."""
    entry = _given_entry(name)
    return entry is not None and entry.diminutive


def given_name_sex(name: str) -> Sex | None:
    """Return "m" or "f" for a known given name, else None."""
    entry = _given_entry(name)
    return entry.sex if entry is not None else None


def given_name_language(name: str) -> Literal["uk", "ru"] | None:
    """Return "uk" or "ru" when a Cyrillic given name is spelt in one language only (Олександр, Александр)."""
    entry = _given_entry(name)
    return entry.language if entry is not None else None


def patronymic_sex(patronymic: str) -> Sex | None:
    """Return the sex a patronymic's suffix shows (-ович/-ovych → "m", -івна/-ovna → "f"), else None."""
    text = _clean(patronymic).lower()
    if _is_cyrillic(text):
        return "m" if text.endswith(_CYR_MALE) else "f" if text.endswith(_CYR_FEMALE) else None
    sk = skeleton_token(text)
    return "m" if sk.endswith(_LATIN_MALE) else "f" if sk.endswith(_LATIN_FEMALE) else None


def _father_from_stem(text: str) -> str | None:
    index = name_index()
    if _is_cyrillic(text):
        low = cyrillic_key(text)
        for suffix in _CYR_PATRONYMIC_SUFFIXES:
            if low.endswith(suffix) and len(low) > len(suffix) + 1:
                stem = low[: -len(suffix)]
                for name in (
                    stem,
                    stem + "й",
                    stem + "ий",
                    stem[:-1] + "ий",
                    stem + "о",
                    stem + "ь",
                    stem + "а",
                ):
                    hit = index.cyrillic.get(name)
                    if hit is not None and hit.sex == "m":
                        return hit.group
                break
        return None
    sk = skeleton_token(text)
    for suffix in _LATIN_PATRONYMIC_SUFFIXES:
        if sk.endswith(suffix) and len(sk) > len(suffix) + 1:
            stem = sk[: -len(suffix)]
            for name in (stem, stem + "o", stem + "i", stem + "a"):
                hit = index.latin.get(name)
                if hit is not None and hit.sex == "m":
                    return hit.group
            break
    return None


@lru_cache(maxsize=131072)
def patronymic_group(patronymic: str) -> tuple[str | None, Sex | None]:
    """Return (father's given-name group, sex) for a patronymic in any script; (None, None) for an initial."""
    text = _clean(patronymic)
    if sum(ch.isalpha() for ch in text) < 2:
        return None, None
    index = name_index()
    sex = patronymic_sex(text)
    if _is_cyrillic(text):
        hit = index.patronymic_cyrillic.get(cyrillic_key(text))
        if hit is not None:
            return hit
        for candidate in default_dicts().lookup(text, "patronymic"):
            hit = index.patronymic_cyrillic.get(cyrillic_key(candidate))
            if hit is not None:
                return hit
    tokens = skeleton_tokens(text)
    hit = index.patronymic_latin.get(tokens[0]) if len(tokens) == 1 else None
    if hit is not None:
        return hit
    return _father_from_stem(text), sex


# Gender and Ukrainian/Russian endings of surname skeletons, folded to one form (applied in order):
_SURNAME_FOLDS = (
    (re.compile(r"aia$"), "i"),  # Russian adjectival feminine (Толстая, Подольская, Лозовая) = male -ий/-ой
    (re.compile(r"(sk|ck)a$"), r"\1i"),
    (re.compile(r"([oe])va$"), r"\1v"),
    (re.compile(r"ina$"), "in"),
    (re.compile(r"na$"), "ni"),
    # Adjectival surnames: Толстой/Толстая/Толста, Тихий/Тихый/Тиха/Тихая, Синій/Синя/Синяя, Лозовий/Лозовой
    # end in -oi or -i (male) and -a or -ia (female) after a consonant; all give consonant + i.
    (re.compile(r"([^aeiou])oi$"), r"\1i"),
    (re.compile(r"([^aeiou])i?a$"), r"\1i"),
    (re.compile(r"i?[oe]v$"), "v"),
    (re.compile(r"e"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=131072)
def _fold_token(token: str) -> str:
    for pattern, replacement in _SURNAME_FOLDS:
        token = pattern.sub(replacement, token)
    return token


def surname_fold(surname: str) -> str:
    """Return a key on which the male/female and Ukrainian/Russian forms of a surname agree.

    Ковальова, Ковалев, Kovalov and Kovaleva give one key; so do Подольська/Podolskiy, Олійник/Олейник,
    Білоус/Белоус and Лисенко/Лысенко; adjectival surnames agree across genders and languages (Толстой, Толстая,
    Tolstaya; Тихий, Тихый, Тиха, Тихая; Лозовий, Лозовой). It is coarse: any surname ending in consonant + a
    meets its form in -ий/-ой (Сорока and a Сорокий would agree); compare it as its own level, never instead of
    the skeleton.
    """
    return " ".join(_fold_token(t) for t in skeleton_tokens(surname))


_CYR_SURNAME_FEMALE = ("ова", "ева", "ёва", "ська", "цька", "ская", "цкая", "ина", "іна", "ая", "яя", "ня")
_CYR_SURNAME_MALE = ("ов", "ев", "ёв", "ський", "цький", "ский", "цкий", "ин", "ін", "ий", "ый", "ій", "ой")


def surname_sex(surname: str) -> Sex | None:
    """Return the sex a gendered surname ending shows (-ова/-ська → "f", -ов/-ський → "m"), else None."""
    text = _clean(surname).lower()
    if _is_cyrillic(text):
        return (
            "f" if text.endswith(_CYR_SURNAME_FEMALE) else "m" if text.endswith(_CYR_SURNAME_MALE) else None
        )
    sk = skeleton_token(text.split()[-1]) if text.split() else ""
    if sk.endswith(("ova", "eva", "ska", "cka", "ina", "aia")):
        return "f"
    return "m" if sk.endswith(("ov", "ev", "ski", "cki", "in", "oi")) else None


# Endings that make a word a surname rather than a given name, in skeleton form (Коваленко, Шевчук, Мельник…):
_SURNAME_ENDINGS = ("enko", "inko", "chuk", "iuk", "uk", "ski", "ska", "nik", "iak", "ak")
_SURNAME_ENDINGS_LONG = ("ov", "ev", "ova", "eva")  # only in words of five letters or more (not Lev)


def looks_like_surname(word: str) -> bool:
    """Return whether one word ends like a Ukrainian or Russian surname and is no known given name.

    Endings: -енко, -инко, -чук, -юк, -ук, -ський/-ська, -ник, -як, -ак, and (five letters or more) -ов, -ев,
    -ова, -ева, in any script (Kovalenko, Schewtschuk, Petrov; not Lev, not Олександр). Used by the name parser
    when nothing else tells the order of two words.
    """
    tokens = skeleton_tokens(word)
    if len(tokens) != 1 or given_name_group(word) is not None:
        return False
    skel = tokens[0]
    return skel.endswith(_SURNAME_ENDINGS) or (len(skel) >= 5 and skel.endswith(_SURNAME_ENDINGS_LONG))


_UK_TO_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "", "ʼ": ""})


@lru_cache(maxsize=131072)
def surname_to_russian(surname: str) -> str | None:
    """Return the canonical Russian Cyrillic form of a Cyrillic surname (None for other scripts)."""
    text = _clean(surname)
    if not text or not _is_cyrillic(text):
        return None
    words = []
    for word in re.split(r"([\s-]+)", text):
        if not word or not word.strip(" -"):
            words.append(word)
            continue
        candidates = default_dicts().lookup(word, "last")
        ru = candidates[0] if candidates else word
        ru = ru.lower().translate(_UK_TO_RU).replace("ё", "е")
        ru = re.sub(r"ськ(ий|а)$", lambda m: "ск" + ("ий" if m.group(1) == "ий" else "ая"), ru)
        ru = re.sub(r"цьк(ий|а)$", lambda m: "цк" + ("ий" if m.group(1) == "ий" else "ая"), ru)
        words.append(ru.capitalize())
    return "".join(words)
