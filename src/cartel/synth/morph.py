"""Patronymics from a father's given name and feminine surname forms, in Ukrainian and Russian.

Own small rule tables, independent of the matcher's name engine.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, Literal

Language = Literal["uk", "ru"]
Sex = Literal["M", "F"]

__all__ = ["Language", "Sex", "feminine_surname", "patronymic"]

_UK_IRREGULAR: Final = {
    "Григорій": ("Григорович", "Григорівна"),
    "Федір": ("Федорович", "Федорівна"),
    "Яків": ("Якович", "Яківна"),
    "Микола": ("Миколайович", "Миколаївна"),
    "Ілля": ("Ілліч", "Іллівна"),
    "Микита": ("Микитович", "Микитівна"),
}

_RU_IRREGULAR: Final = {
    "Илья": ("Ильич", "Ильинична"),
    "Пётр": ("Петрович", "Петровна"),
    "Павел": ("Павлович", "Павловна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Яков": ("Яковлевич", "Яковлевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Даниил": ("Даниилович", "Данииловна"),
    "Никита": ("Никитич", "Никитична"),
}

_INVARIANT_SURNAMES: Final = frozenset({"Литвин"})


@lru_cache(maxsize=4096)
def patronymic(father: str, language: Language, sex: Sex) -> str:
    """Return the patronymic formed from the father's given name (already in `language`)."""
    female = sex == "F"
    if language == "uk":
        if father in _UK_IRREGULAR:
            return _UK_IRREGULAR[father][female]
        if father.endswith("ій"):
            return father[:-1] + ("ївна" if female else "йович")
        if father.endswith("ь"):
            return father[:-1] + ("івна" if female else "ьович")
        if father.endswith(("о", "а")):
            return father[:-1] + ("івна" if female else "ович")
        return father + ("івна" if female else "ович")
    if father in _RU_IRREGULAR:
        return _RU_IRREGULAR[father][female]
    if father.endswith("ий"):
        return father[:-2] + ("ьевна" if female else "ьевич")
    if father.endswith(("ей", "ай")):
        return father[:-1] + ("евна" if female else "евич")
    if father.endswith("ь"):
        return father[:-1] + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


@lru_cache(maxsize=8192)
def feminine_surname(surname: str, language: Language) -> str:
    """Return the feminine form of a masculine surname; invariant surnames come back unchanged."""
    if surname in _INVARIANT_SURNAMES:
        return surname
    if language == "uk":
        for masc, fem in (("ський", "ська"), ("цький", "цька"), ("ій", "я"), ("ий", "а")):
            if surname.endswith(masc):
                return surname[: -len(masc)] + fem
    else:
        for masc, fem in (("ский", "ская"), ("цкий", "цкая"), ("ный", "ная"), ("ый", "ая"), ("ой", "ая")):
            if surname.endswith(masc):
                return surname[: -len(masc)] + fem
        if surname.endswith("ий"):
            return surname[:-2] + "яя"
    if surname.endswith(("ов", "ев", "єв", "ёв", "ьов", "йов", "ин", "ін", "їн", "ын")):
        return surname + "а"
    return surname
