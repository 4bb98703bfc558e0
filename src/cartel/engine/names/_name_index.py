"""The in-memory index behind given-name and patronymic equivalence, built once from `given_names.txt`.

Every Cyrillic form of a group (Ukrainian, Russian, diminutive) and every patronymic derived from it is indexed
as written and, through the standard and the popular romanisations, by its Latin skeleton.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import iuliia
from translitua import UkrainianBGN, UkrainianFrench, UkrainianGerman, translit

from .skeleton import skeleton_token
from .translit import SYSTEMS, transliterate

__all__ = ["GivenEntry", "NameIndex", "Sex", "cyrillic_key", "name_index", "patronymics_of"]

Sex = Literal["m", "f"]

_RU_SCHEMAS = (iuliia.WIKIPEDIA, iuliia.MVD_310, iuliia.MVD_782, iuliia.GOST_52535)
_TRANSLITUA = (UkrainianBGN, UkrainianGerman, UkrainianFrench)
_ASCII_SYSTEMS = tuple(s for s in SYSTEMS if s != "iso-9")


@dataclass(frozen=True, slots=True)
class GivenEntry:
    """Where one spelling of a given name belongs."""

    group: str
    sex: Sex
    diminutive: bool
    language: Literal["uk", "ru"] | None = None  # set for Cyrillic forms found in one language only


@dataclass(slots=True)
class NameIndex:
    """Lookup tables: Cyrillic key or Latin skeleton → given-name entry or (father's group, sex)."""

    cyrillic: dict[str, GivenEntry] = field(default_factory=dict)
    latin: dict[str, GivenEntry] = field(default_factory=dict)
    patronymic_cyrillic: dict[str, tuple[str, Sex]] = field(default_factory=dict)
    patronymic_latin: dict[str, tuple[str, Sex]] = field(default_factory=dict)
    group_sex: dict[str, Sex] = field(default_factory=dict)
    # Latin skeletons claimed by two groups (the first claim is kept), for review:
    collisions: list[tuple[str, str, str]] = field(default_factory=list)


def cyrillic_key(word: str) -> str:
    """Return the lookup key of a Cyrillic name: lower case, ё as е, no apostrophes or stress marks."""
    return word.lower().replace("ё", "е").translate(_KEY_DROP)


_KEY_DROP = str.maketrans(dict.fromkeys("'’ʼ`´‘\u0301", ""))


def romanisations(cyrillic: str) -> tuple[list[str], list[str]]:
    """Return the spellings of a Cyrillic name by official systems, then by German, French and BGN practice."""
    official = {transliterate(cyrillic, s) for s in _ASCII_SYSTEMS}
    official.update(schema.translate(cyrillic) for schema in _RU_SCHEMAS)
    popular = {translit(cyrillic, table) for table in _TRANSLITUA} - official
    return sorted(official), sorted(popular)


def _all_romanisations(cyrillic: str) -> list[str]:
    official, popular = romanisations(cyrillic)
    return official + popular


def _ru_patronymics(name: str) -> Iterator[tuple[str, Sex]]:
    special = {"павел": "павл", "лев": "льв", "пётр": "петр", "петр": "петр"}
    low = name.lower()
    if low in special:
        stem = special[low]
        yield stem + "ович", "m"
        yield stem + "овна", "f"
    elif low.endswith("ий"):
        for stem in (low[:-2] + "ь", low[:-1]):
            yield stem + "евич", "m"
            yield stem + "евна", "f"
    elif low.endswith(("ей", "ай", "ой", "ь")):
        yield low[:-1] + "евич", "m"
        yield low[:-1] + "евна", "f"
    elif low.endswith(("а", "я")):
        yield low[:-1] + "ич", "m"
        yield low[:-1] + "ична", "f"
        yield low[:-1] + "инична", "f"
    else:
        yield low + "ович", "m"
        yield low + "овна", "f"


def _uk_patronymics(name: str) -> Iterator[tuple[str, Sex]]:
    low = name.lower()
    if low == "григорій":
        yield "григорович", "m"
        yield "григорівна", "f"
    if low.endswith(("ій", "ай", "ей")):
        yield low + "ович", "m"
        yield low[:-1] + "ївна", "f"
    elif low.endswith("о"):
        yield low[:-1] + "ович", "m"
        yield low[:-1] + "івна", "f"
    elif low.endswith("ь"):
        yield low + "ович", "m"
        yield low[:-1] + "івна", "f"
    elif low == "микола":
        yield "миколайович", "m"
        yield "миколаївна", "f"
    elif low.endswith(("а", "я")):
        yield low[:-1] + "ич", "m"
        yield low[:-1] + "івна", "f"
    else:
        yield low + "ович", "m"
        yield low + "івна", "f"


def patronymics_of(ukrainian: Iterable[str], russian: Iterable[str]) -> set[tuple[str, Sex]]:
    """Return the (patronymic, sex) pairs derived from a father's Ukrainian and Russian name forms."""
    out = {p for name in ukrainian for p in _uk_patronymics(name)}
    out.update(p for name in russian for p in _ru_patronymics(name))
    return out


def _parse_line(line: str) -> tuple[Sex, list[str], list[str], list[str], list[str]]:
    sex, uk, ru, latin, dims = (part.split() for part in line.split("|"))
    return ("f" if sex == ["f"] else "m"), uk, ru, latin, dims


def _claim(index: NameIndex, table: dict[str, GivenEntry], key: str, entry: GivenEntry) -> None:
    if not key:
        return
    held = table.get(key)
    if held is None:
        table[key] = entry
    elif held.group != entry.group and not entry.diminutive:
        index.collisions.append((key, held.group, entry.group))


@cache
def name_index() -> NameIndex:
    """Return the shared index, building it on first use (about a fifth of a second)."""
    index = NameIndex()
    text = resources.files(__package__).joinpath("given_names.txt").read_text(encoding="utf-8")
    rows = [_parse_line(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    explicit_claims: list[tuple[str, GivenEntry]] = []
    latin_claims: list[tuple[str, GivenEntry]] = []
    popular_claims: list[tuple[str, GivenEntry]] = []
    dim_claims: list[tuple[str, GivenEntry]] = []
    for sex, uk, ru, latin, dims in rows:
        group = transliterate(ru[0], "ru-icao-9303").lower()
        index.group_sex[group] = sex
        full = GivenEntry(group, sex, diminutive=False)
        small = GivenEntry(group, sex, diminutive=True)
        for form in (*uk, *ru):
            language: Literal["uk", "ru"] | None = None
            if (form in uk) != (form in ru):
                language = "uk" if form in uk else "ru"
            index.cyrillic.setdefault(cyrillic_key(form), GivenEntry(group, sex, False, language))
            official, popular = romanisations(form)
            latin_claims.extend((skeleton_token(r), full) for r in official)
            popular_claims.extend((skeleton_token(r), full) for r in popular)
        explicit_claims.extend((skeleton_token(form), full) for form in latin)
        for form in dims:
            if form.isascii():
                dim_claims.append((skeleton_token(form), small))
            else:
                index.cyrillic.setdefault(cyrillic_key(form), small)
                dim_claims.extend((skeleton_token(r), small) for r in _all_romanisations(form))
        if sex == "m":
            _add_patronymics(index, group, uk, ru)
    for key, entry in (*explicit_claims, *latin_claims, *popular_claims, *dim_claims):
        _claim(index, index.latin, key, entry)
    return index


def _add_patronymics(index: NameIndex, group: str, uk: list[str], ru: list[str]) -> None:
    for patronymic, sex in sorted(patronymics_of(uk, ru)):
        index.patronymic_cyrillic.setdefault(cyrillic_key(patronymic), (group, sex))
        for latin in _all_romanisations(patronymic.capitalize()):
            index.patronymic_latin.setdefault(skeleton_token(latin), (group, sex))
