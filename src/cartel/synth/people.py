"""Latent persons: the true identities behind every synthetic list row.

A `Population` is stored column-wise (numpy arrays of indices into the name pools), so that a million persons
take well under a second and little memory; `Population.person(i)` gives one `Person` as plain data. Brothers
(same surname and patronymic, other given name and birth date) and namesakes (same surname and given name,
other birth date) are injected on purpose: they are the hard negatives of linkage.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from cartel.synth.person import MEDICAL_CATEGORIES, NameParts, Person, Relative
from cartel.synth.pools import COMMON_SURNAMES, FEMALE, MALE, PLACES, RANKS, SURNAMES, zipf_weights

__all__ = ["MEDICAL_CATEGORIES", "NameParts", "Person", "Population", "Relative", "make_population"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_UNIT_PREFIX: Final = ("А", "В", "К", "М", "Н", "Т")
_SN_PREFIX: Final = ("АР", "ВС", "КТ", "МН", "НА", "ТК")
_RANK_WEIGHTS: Final = (0.22, 0.12, 0.1, 0.1, 0.1, 0.08, 0.05, 0.04, 0.04, 0.03, 0.04, 0.03, 0.02, 0.015, 0.01, 0.005)  # fmt: skip


def _choice(rng: np.random.Generator, n_pool: int, size: int, exponent: float) -> IntArray:
    return rng.choice(n_pool, size=size, p=zipf_weights(n_pool, exponent)).astype(np.int64)


@dataclass(frozen=True, slots=True, kw_only=True)
class Population:
    """Column-wise store of latent persons; index `i` is the same person in every column."""

    sides: tuple[str, ...]
    as_of: date
    side: IntArray
    female: BoolArray
    surname: IntArray
    given: IntArray
    father: IntArray
    russian_names: BoolArray
    birth: IntArray  # proleptic Gregorian ordinal
    place: IntArray
    unit: IntArray  # -1 for civilians
    rank: IntArray  # -1 for civilians
    service: IntArray  # -1 for civilians
    civilian: BoolArray
    wounded: BoolArray
    medical: IntArray  # index into MEDICAL_CATEGORIES or -1
    mother_given: IntArray
    mother_father: IntArray
    sibling: IntArray  # index of an injected brother, or -1
    sibling_given: IntArray
    brother_of: IntArray  # index of the elder brother this person was made from, or -1
    namesake_of: IntArray  # index of the person whose surname and given name were copied, or -1

    def __len__(self) -> int:
        return int(self.side.shape[0])

    def __iter__(self) -> Iterator[Person]:
        return (self.person(i) for i in range(len(self)))

    def person_id(self, i: int) -> str:
        """Return the stable id of person `i`."""
        return f"P{i:07d}"

    def unit_code(self, i: int) -> str:
        """Return the unit code of person `i` ("" for civilians)."""
        u = int(self.unit[i])
        return "" if u < 0 else f"{_UNIT_PREFIX[int(self.side[i]) % 6]}{u:04d}"

    def service_code(self, i: int) -> str:
        """Return the service number of person `i` ("" for civilians)."""
        s = int(self.service[i])
        return "" if s < 0 else f"{_SN_PREFIX[int(self.side[i]) % 6]}{s:07d}"

    def person(self, i: int) -> Person:
        """Return person `i` as plain data."""
        med = int(self.medical[i])
        rank = int(self.rank[i])
        return Person(
            index=i,
            id=self.person_id(i),
            side=self.sides[int(self.side[i])],
            sex="F" if self.female[i] else "M",
            surname=int(self.surname[i]),
            given=int(self.given[i]),
            father_given=int(self.father[i]),
            name_language="ru" if self.russian_names[i] else "uk",
            birth_date=date.fromordinal(int(self.birth[i])),
            birth_place=int(self.place[i]),
            unit=self.unit_code(i),
            rank=rank,
            service_number=self.service_code(i),
            person_type="civilian" if self.civilian[i] else "military",
            wounded=bool(self.wounded[i]),
            medical_category=MEDICAL_CATEGORIES[med] if med >= 0 else None,
        )

    def persons(self, indices: npt.ArrayLike) -> list[Person]:
        """Return many persons at once (much faster than calling `person` in a loop)."""
        idx = np.asarray(indices, dtype=np.int64)
        cols = [
            c[idx].tolist()
            for c in (
                self.side,
                self.female,
                self.surname,
                self.given,
                self.father,
                self.russian_names,
                self.birth,
                self.place,
                self.unit,
                self.rank,
                self.service,
                self.civilian,
                self.wounded,
                self.medical,
            )
        ]
        out: list[Person] = []
        sides, fromordinal = self.sides, date.fromordinal
        for i, sd, fem, sur, giv, fat, ru, birth, place, unit, rank, svc, civ, wnd, med in zip(
            idx.tolist(), *cols, strict=True
        ):
            out.append(
                Person(
                    index=i,
                    id=f"P{i:07d}",
                    side=sides[sd],
                    sex="F" if fem else "M",
                    surname=sur,
                    given=giv,
                    father_given=fat,
                    name_language="ru" if ru else "uk",
                    birth_date=fromordinal(birth),
                    birth_place=place,
                    unit="" if unit < 0 else f"{_UNIT_PREFIX[sd % 6]}{unit:04d}",
                    rank=rank,
                    service_number="" if svc < 0 else f"{_SN_PREFIX[sd % 6]}{svc:07d}",
                    person_type="civilian" if civ else "military",
                    wounded=wnd,
                    medical_category=MEDICAL_CATEGORIES[med] if med >= 0 else None,
                )
            )
        return out

    def family(self, i: int) -> tuple[Relative, ...]:
        """Return the mother, father and one sibling of person `i`."""
        year = date.fromordinal(int(self.birth[i])).year
        sur, father = int(self.surname[i]), int(self.father[i])
        rng = random.Random(i)  # stable per person, independent of the population seed
        sib = int(self.sibling[i])
        sibling_female = bool(self.female[sib]) if sib >= 0 else rng.random() < 0.5
        sibling_year = date.fromordinal(int(self.birth[sib])).year if sib >= 0 else year + rng.randint(-8, 8)
        return (
            Relative(
                relation="mother",
                sex="F",
                surname=sur,
                given=int(self.mother_given[i]),
                father_given=int(self.mother_father[i]),
                birth_year=year - rng.randint(20, 35),
            ),
            Relative(
                relation="father",
                sex="M",
                surname=sur,
                given=father,
                father_given=rng.randrange(len(MALE)),
                birth_year=year - rng.randint(22, 39),
            ),
            Relative(
                relation="sibling",
                sex="F" if sibling_female else "M",
                surname=sur,
                given=int(self.given[sib])
                if sib >= 0
                else int(self.sibling_given[i]) % (len(FEMALE) if sibling_female else len(MALE)),
                father_given=father,
                birth_year=sibling_year,
                person_index=sib if sib >= 0 else None,
            ),
        )

    def indices(self, side: str) -> IntArray:
        """Return the indices of all persons of `side`."""
        return np.flatnonzero(self.side == self.sides.index(side)).astype(np.int64)


def _surnames(rng: np.random.Generator, n: int, rare_share: float) -> IntArray:
    common = _choice(rng, COMMON_SURNAMES, n, 0.8)
    if rare_share <= 0:
        return common  # no further draw: populations made before the rare tail existed stay the same
    rare = COMMON_SURNAMES + rng.integers(0, len(SURNAMES) - COMMON_SURNAMES, n)
    return np.where(rng.random(n) < rare_share, rare, common).astype(np.int64)


def _ages(rng: np.random.Generator, n: int, young_share: float) -> npt.NDArray[np.float64]:
    young = rng.random(n) < young_share
    return np.where(young, rng.uniform(18.0, 26.0, n), rng.triangular(26.0, 34.0, 61.0, n))


def make_population(
    counts: Mapping[str, int],
    *,
    seed: int = 0,
    as_of: date = date(2025, 6, 1),
    other_language_share: Mapping[str, float] | None = None,
    young_share: float = 0.25,
    civilian_share: float = 0.08,
    female_share: float = 0.05,
    wounded_share: float = 0.12,
    brother_share: float = 0.03,
    namesake_share: float = 0.03,
    rare_surname_share: float = 0.0,
) -> Population:
    """Sample `counts[side]` latent persons per side; the same arguments always give the same population.

    Surnames come from the common pool by a Zipf law; with `rare_surname_share` > 0 that share of persons takes
    one of the long tail of rarer surnames instead (uniformly), so that namesakes are about as rare as in real
    lists of this size. At 0 (the default, kept by the linkage benchmarks as their hard case) one pair in ~750
    shares surname and given name; at 0.85 (the demo) about one in 12,000.
    """
    rng = np.random.default_rng(seed)
    sides = tuple(counts)
    side = np.concatenate([np.full(counts[s], k, dtype=np.int64) for k, s in enumerate(sides)])
    n = int(side.shape[0])
    civilian = rng.random(n) < civilian_share
    female = rng.random(n) < np.where(civilian, 0.3, female_share)
    given = np.where(female, _choice(rng, len(FEMALE), n, 0.9), _choice(rng, len(MALE), n, 0.9))
    ages = _ages(rng, n, young_share)
    birth = (as_of.toordinal() - ages * 365.2425).astype(np.int64)
    share = other_language_share or {}
    # By default the first side's people mostly carry Ukrainian-language names, the second side's Russian.
    p_ru = np.array([share.get(s, 0.15 if k % 2 == 0 else 0.85) for k, s in enumerate(sides)])[side]
    unit = np.full(n, -1, dtype=np.int64)
    service = np.full(n, -1, dtype=np.int64)
    for k, s in enumerate(sides):
        idx = np.flatnonzero(side == k)
        n_units = max(12, counts[s] // 150)
        codes = rng.choice(10_000, size=min(n_units, 9000), replace=False)
        unit[idx] = codes[rng.integers(0, codes.shape[0], idx.shape[0])]
        service[idx] = rng.choice(10_000_000, size=idx.shape[0], replace=False)
    wounded = rng.random(n) < wounded_share
    pop = Population(
        sides=sides,
        as_of=as_of,
        side=side,
        female=female,
        surname=_surnames(rng, n, rare_surname_share),
        given=given,
        father=_choice(rng, len(MALE), n, 0.9),
        russian_names=rng.random(n) < p_ru,
        birth=birth,
        place=rng.integers(0, len(PLACES), n).astype(np.int64),
        unit=np.where(civilian, -1, unit),
        rank=np.where(
            civilian, -1, rng.choice(len(RANKS), size=n, p=np.array(_RANK_WEIGHTS) / sum(_RANK_WEIGHTS))
        ),
        service=np.where(civilian, -1, service),
        civilian=civilian,
        wounded=wounded,
        medical=np.where(wounded, rng.choice(4, size=n, p=[0.45, 0.3, 0.15, 0.1]), -1),
        mother_given=_choice(rng, len(FEMALE), n, 0.9),
        mother_father=_choice(rng, len(MALE), n, 0.9),
        sibling=np.full(n, -1, dtype=np.int64),
        sibling_given=rng.integers(0, len(MALE), n).astype(np.int64),
        brother_of=np.full(n, -1, dtype=np.int64),
        namesake_of=np.full(n, -1, dtype=np.int64),
    )
    _inject_relations(pop, rng, counts, brother_share, namesake_share)
    return pop


def _inject_relations(
    pop: Population, rng: np.random.Generator, counts: Mapping[str, int], brothers: float, namesakes: float
) -> None:
    """Turn some persons into brothers or namesakes of others of the same side, in place."""
    lo = 0
    for count in counts.values():
        if count < 4:
            lo += count
            continue
        perm = lo + rng.permutation(count)
        nb, nn = int(count * brothers), int(count * namesakes)
        # Each younger brother and namesake is made from a distinct original never modified itself.
        young, elder = perm[:nb], perm[nb : 2 * nb]
        copy, orig = perm[2 * nb : 2 * nb + nn], perm[2 * nb + nn : 2 * nb + 2 * nn]
        for col in (pop.surname, pop.father, pop.mother_given, pop.mother_father, pop.place):
            col[young] = col[elder]
        pop.female[young] = False
        pop.female[elder] = False
        pop.given[young] = np.where(
            pop.given[young] == pop.given[elder], (pop.given[elder] + 1) % len(MALE), pop.given[young]
        )
        gap = rng.integers(1, 9, nb) * 365 + rng.integers(-150, 150, nb)
        later = pop.birth[elder] + gap
        pop.birth[young] = np.where(later > pop.as_of.toordinal() - 18 * 366, pop.birth[elder] - gap, later)
        pop.sibling[young], pop.sibling[elder] = elder, young
        pop.brother_of[young] = elder
        pop.surname[copy] = pop.surname[orig]
        pop.female[copy] = pop.female[orig]
        pop.given[copy] = pop.given[orig]
        shift = rng.integers(400, 6000, nn) * np.where(rng.random(nn) < 0.5, -1, 1)
        pop.birth[copy] = np.clip(
            pop.birth[orig] + shift, pop.as_of.toordinal() - 60 * 365, pop.as_of.toordinal() - 18 * 366
        )
        pop.namesake_of[copy] = orig
        lo += count
