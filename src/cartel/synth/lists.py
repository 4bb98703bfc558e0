"""Noisy lists with ground truth: registries, requests, family inquiries and remains manifests.

Every list is a `SynthList`: rows with the columns of DESIGN.md plus `truth`, a mapping from record id to the
latent person id. `make_list_pair` makes the registry/requests pair that the linkage benchmarks use.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from cartel.synth.morph import Language
from cartel.synth.noise import TUNING, NoiseProfile, pick
from cartel.synth.people import Population, make_population
from cartel.synth.render import COLUMNS, Clerk, ListRow, render_row
from cartel.synth.writers import write_csv, write_xlsx

__all__ = [
    "FULL_NAME_COLUMNS",
    "SPLIT_COLUMNS",
    "InquiryMeta",
    "ListKind",
    "ListPair",
    "SynthList",
    "make_inquiries",
    "make_list_pair",
    "make_remains_manifest",
    "render_list",
    "write_csv",
    "write_xlsx",
]

ListKind = Literal["registry", "requests", "inquiries", "remains"]
SPLIT_COLUMNS: Final = tuple(c for c in COLUMNS if c != "full_name")
FULL_NAME_COLUMNS: Final = tuple(c for c in COLUMNS if c not in ("surname", "given_name", "patronymic"))
_CHANNELS: Final = (("online", 0.4), ("phone", 0.3), ("letter", 0.1), ("in_person", 0.2))


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthList:
    """One synthetic list as a party would hand it over, plus the truth behind each row."""

    name: str
    kind: ListKind
    owner: str  # code of the party that wrote the list
    about: str  # code of the party whose people it lists
    clerk: Clerk
    profile: str
    columns: tuple[str, ...]
    rows: list[ListRow] = field(repr=False)
    truth: dict[str, str] = field(repr=False)  # record id -> latent person id

    def __len__(self) -> int:
        return len(self.rows)

    def person_ids(self) -> set[str]:
        """Return the latent persons that appear in the list."""
        return set(self.truth.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class InquiryMeta:
    """Who asked about the person in one inquiry row, how and when."""

    record_id: str
    person_id: str
    relation: Literal["mother", "father", "sibling"]
    inquirer_name: str
    channel: str
    submitted_on: date


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPair:
    """A detaining party's registry and the other party's requests, over one population."""

    population: Population
    registry: SynthList
    requests: SynthList

    def true_pairs(self) -> set[tuple[str, str]]:
        """Return every (registry id, requests id) pair that names the same person."""
        by_person: dict[str, list[str]] = {}
        for rid, pid in self.registry.truth.items():
            by_person.setdefault(pid, []).append(rid)
        return {(rid, qid) for qid, pid in self.requests.truth.items() for rid in by_person.get(pid, ())}


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"{seed}:{name}")


def render_list(
    population: Population,
    members: Sequence[int] | npt.NDArray[np.int64],
    *,
    name: str,
    kind: ListKind,
    owner: str,
    about: str,
    clerk: Clerk,
    profile: NoiseProfile = TUNING,
    seed: int = 0,
    id_prefix: str = "",
    duplicate_rate: float = 0.0,
) -> SynthList:
    """Render the `members` of `population` as one list in shuffled order; some may appear twice."""
    rng = _rng(seed, name)
    order = [int(i) for i in members]
    order += rng.sample(order, int(len(order) * duplicate_rate))
    rng.shuffle(order)
    prefix = id_prefix or f"{owner}-{kind[:3].upper()}-"
    rows: list[ListRow] = []
    truth: dict[str, str] = {}
    for k, person in enumerate(population.persons(order), start=1):
        rid = f"{prefix}{k:07d}"
        rows.append(render_row(person, record_id=rid, clerk=clerk, profile=profile, rng=rng))
        truth[rid] = person.id
    columns = SPLIT_COLUMNS if clerk.layout == "split" else FULL_NAME_COLUMNS
    return SynthList(
        name=name,
        kind=kind,
        owner=owner,
        about=about,
        clerk=clerk,
        profile=profile.name,
        columns=columns,
        rows=rows,
        truth=truth,
    )


def make_list_pair(
    n_registry: int = 100_000,
    n_requests: int = 70_000,
    *,
    overlap: float = 0.7,
    seed: int = 0,
    profile: NoiseProfile = TUNING,
    holder: str = "B",
    origin: str = "A",
    registry_language: Language = "ru",
    requests_language: Language = "uk",
    registry_layout: Literal["split", "full_name"] = "split",
    requests_layout: Literal["split", "full_name"] = "full_name",
    duplicate_rate: float = 0.0,
) -> ListPair:
    """Make `holder`'s registry of captives and `origin`'s requests; `overlap` of the requests are registered."""
    n_common = round(overlap * n_requests)
    if n_common > n_registry:
        raise ValueError("overlap * n_requests cannot exceed n_registry")
    n_total = n_registry + n_requests - n_common
    population = make_population({origin: n_total}, seed=seed)
    perm = np.random.default_rng(seed + 1).permutation(n_total)
    registry_members = perm[:n_registry]
    request_members = np.concatenate([perm[:n_common], perm[n_registry:]])
    registry = render_list(
        population,
        registry_members,
        name=f"{holder}-registry",
        kind="registry",
        owner=holder,
        about=origin,
        clerk=Clerk(language=registry_language, layout=registry_layout, dob_format="dmy"),
        profile=profile,
        seed=seed,
        duplicate_rate=duplicate_rate,
    )
    requests = render_list(
        population,
        request_members,
        name=f"{origin}-requests",
        kind="requests",
        owner=origin,
        about=origin,
        clerk=Clerk(language=requests_language, layout=requests_layout),
        profile=profile,
        seed=seed,
        duplicate_rate=duplicate_rate,
    )
    return ListPair(population=population, registry=registry, requests=requests)


def make_inquiries(
    population: Population,
    members: Sequence[int] | npt.NDArray[np.int64],
    *,
    owner: str,
    language: Language,
    profile: NoiseProfile = TUNING,
    seed: int = 0,
    latin_share: float = 0.5,
    as_of: date = date(2025, 6, 1),
) -> tuple[SynthList, tuple[InquiryMeta, ...]]:
    """Render family inquiries about `members` (Cyrillic or Latin, sparse details) and who filed each."""
    clerk = Clerk(
        language=language,
        script="mixed",
        latin_share=latin_share,
        layout="full_name",
        own_names=True,
        patronymic_known=0.5,
        birth_place_known=0.4,
        service_number_known=0.15,
        unit_known=0.4,
        rank_known=0.3,
        sex_known=0.6,
    )
    inquiries = render_list(
        population,
        members,
        name=f"{owner}-inquiries",
        kind="inquiries",
        owner=owner,
        about=owner,
        clerk=clerk,
        profile=profile,
        seed=seed,
    )
    rng = _rng(seed, f"{owner}-inquirers")
    metas: list[InquiryMeta] = []
    for rid, pid in inquiries.truth.items():
        index = int(pid[1:])
        relative = rng.choice(population.family(index))
        parts = relative.name("ru" if population.russian_names[index] else "uk")
        metas.append(
            InquiryMeta(
                record_id=rid,
                person_id=pid,
                relation=relative.relation,
                inquirer_name=f"{parts.surname} {parts.given} {parts.patronymic}",
                channel=pick(rng, _CHANNELS),
                submitted_on=as_of - timedelta(days=rng.randrange(1, 700)),
            )
        )
    return inquiries, tuple(metas)


def make_remains_manifest(
    population: Population,
    members: Sequence[int] | npt.NDArray[np.int64],
    *,
    owner: str,
    about: str,
    language: Language,
    profile: NoiseProfile = TUNING,
    seed: int = 0,
    named_share: float = 0.35,
) -> SynthList:
    """Render the manifest of bodies that `owner` hands over; most carry only a tag number."""
    clerk = Clerk(
        language=language,
        layout="split",
        dob_format="dmy",
        name_known=named_share,
        patronymic_known=0.7,
        birth_date_known=0.25,
        birth_place_known=0.05,
        service_number_known=0.45,
        unit_known=0.3,
        rank_known=0.3,
        sex_known=0.9,
    )
    return render_list(
        population,
        members,
        name=f"{owner}-remains-{about}",
        kind="remains",
        owner=owner,
        about=about,
        clerk=clerk,
        profile=profile,
        seed=seed,
        id_prefix=f"{owner}-RMN-",
    )
