"""One latent person and their relatives as plain data, with their canonical names in either language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final, Literal

from cartel.synth.morph import Language, Sex, feminine_surname, patronymic
from cartel.synth.pools import FEMALE, MALE, SURNAMES, GivenName

__all__ = ["MEDICAL_CATEGORIES", "NameParts", "Person", "PersonType", "Relative"]

PersonType = Literal["military", "civilian"]
# Annex I groups: A1 traumatic disability, A2 chronic wounds, A3 chronic illness, B neutral accommodation.
MEDICAL_CATEGORIES: Final = ("A1", "A2", "A3", "B")


@dataclass(frozen=True, slots=True)
class NameParts:
    """Surname, given name and patronymic in one language's canonical Cyrillic spelling."""

    surname: str
    given: str
    patronymic: str


@lru_cache(maxsize=262_144)
def _name(sex: Sex, surname: int, given: int, father: int, language: Language) -> NameParts:
    pool: tuple[GivenName, ...] = FEMALE if sex == "F" else MALE
    sur = getattr(SURNAMES[surname], language)
    if sex == "F":
        sur = feminine_surname(sur, language)
    return NameParts(
        sur, getattr(pool[given], language), patronymic(getattr(MALE[father], language), language, sex)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Relative:
    """A family member who may file an inquiry: mother, father or sibling."""

    relation: Literal["mother", "father", "sibling"]
    sex: Sex
    surname: int
    given: int
    father_given: int
    birth_year: int
    person_index: int | None = None  # the sibling's own index when the sibling is also in the population

    def name(self, language: Language = "uk") -> NameParts:
        """Return the relative's name in `language`."""
        return _name(self.sex, self.surname, self.given, self.father_given, language)


@dataclass(slots=True, kw_only=True)
class Person:
    """One latent person: who they really are, whichever way a clerk writes them down."""

    index: int
    id: str
    side: str  # party code of the side the person belongs to
    sex: Sex
    surname: int  # index into pools.SURNAMES
    given: int  # index into pools.MALE or pools.FEMALE by sex
    father_given: int  # index into pools.MALE; the source of the patronymic
    name_language: Language  # language of the person's own documents
    birth_date: date
    birth_place: int  # index into pools.PLACES
    unit: str  # "" for civilians
    rank: int  # index into pools.RANKS, -1 for civilians
    service_number: str  # "" for civilians
    person_type: PersonType
    wounded: bool  # seriously wounded or sick
    medical_category: str | None

    def name(self, language: Language | None = None) -> NameParts:
        """Return the canonical name in `language` (default: the person's own)."""
        return _name(self.sex, self.surname, self.given, self.father_given, language or self.name_language)

    def age(self, on: date) -> int:
        """Return the age in whole years on `on`."""
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
