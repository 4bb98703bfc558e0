"""A whole demo scenario as plain data: parties, an agreement, captives, lists, remains, stages and users.

The agreement is modelled on the one announced on 2 June 2025 (DOMAIN.md §2.1): all-for-all exchanges of the
seriously wounded and sick and of those aged 18–25, bodies N for N, and a general N-for-N exchange with a quota.
Both belligerents are fictional and symmetric: each holds captives of the other, keeps a registry of them, asks
for its own people, receives its families' inquiries and hands over the bodies it holds.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from cartel.synth.lists import InquiryMeta, SynthList, make_inquiries, make_remains_manifest, render_list
from cartel.synth.model import (
    PARTIES,
    USERS,
    Agreement,
    Captive,
    Category,
    DemoUser,
    Party,
    RemainsBatch,
    StageSeed,
)
from cartel.synth.noise import TUNING, NoiseProfile
from cartel.synth.people import Person, Population, make_population
from cartel.synth.render import Clerk

__all__ = ["Fate", "Scenario", "build_scenario"]

Fate = Literal["captive", "deceased", "missing"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Everything the demo loads, as plain data; `fates` says what really became of each person."""

    seed: int
    as_of: date
    profile: str
    parties: tuple[Party, ...]
    agreement: Agreement
    population: Population = field(repr=False)
    captives: tuple[Captive, ...] = field(repr=False)
    lists: tuple[SynthList, ...] = field(repr=False)
    inquiries: tuple[InquiryMeta, ...] = field(repr=False)
    remains_batches: tuple[RemainsBatch, ...] = field(repr=False)
    stages: tuple[StageSeed, ...]
    users: tuple[DemoUser, ...]
    fates: dict[str, Fate] = field(repr=False)

    def get_list(self, owner: str, kind: str, about: str | None = None) -> SynthList:
        """Return the list of `kind` written by `owner` (and about `about`, when given)."""
        for lst in self.lists:
            if lst.owner == owner and lst.kind == kind and (about is None or lst.about == about):
                return lst
        raise KeyError((owner, kind, about))

    def truth(self) -> dict[str, str]:
        """Return record id → person id over every list."""
        out: dict[str, str] = {}
        for lst in self.lists:
            out.update(lst.truth)
        return out

    def planner_pool(self, stage_code: str) -> dict[str, Any]:
        """Return the planner pool (DESIGN.md "Planner pool") for one stage seed."""
        stage = next(s for s in self.stages if s.code == stage_code)
        categories = [c for c in self.agreement.categories if c.code in stage.categories]
        candidates = []
        for c in self.captives:
            chosen = next((code for code in c.categories if code in stage.categories), None)
            if chosen is None:
                continue
            candidates.append(
                {
                    "id": c.person_id,
                    "side": c.side,
                    "category": chosen,
                    "priority": c.priority,
                    "ready": c.ready,
                    "consent": c.consent,
                    "stretcher": c.stretcher,
                }
            )
        return {
            "agreement": {
                "categories": [
                    {"code": c.code, "rule": c.rule}
                    | ({"quota_remaining": c.quota} if c.rule == "n_for_n" and c.quota is not None else {})
                    for c in categories
                ]
            },
            "stage": {
                "capacity_per_side": stage.capacity_per_side,
                "stretcher_capacity_per_side": stage.stretcher_capacity_per_side,
                "balance": stage.balance,
                "tolerance": stage.tolerance,
            },
            "candidates": candidates,
        }


def _agreement(persons_per_side: int, bodies: int, concluded_on: date) -> Agreement:
    return Agreement(
        code="second-round",
        title="Humanitarian arrangement of the second round of direct talks",
        concluded_on=concluded_on,
        place="Capital of the Mediating State",
        mediator="M",
        parties=("A", "B"),
        art117_applies=False,
        categories=(
            Category(
                code="wounded", name="Seriously wounded and sick", rule="all_for_all", requires_medical=True
            ),
            Category(code="young", name="Aged 18 to 25", rule="all_for_all", age_min=18, age_max=25),
            Category(
                code="bodies", name="Bodies of the fallen", rule="n_for_n", quota=bodies, for_remains=True
            ),
            Category(
                code="general", name="General exchange", rule="n_for_n", quota=max(1, persons_per_side // 10)
            ),
        ),
        notes="Modelled on the arrangement announced on 2 June 2025; permanent medical commissions agreed.",
    )


def _captive(person: Person, held_by: str, as_of: date, rng: random.Random) -> Captive:
    wounded = person.wounded
    young = 18 <= person.age(as_of) <= 25
    cats = tuple(c for c, ok in (("wounded", wounded), ("young", young), ("general", True)) if ok)
    hold = rng.random() < 0.02
    severe = person.medical_category in ("A1", "A2")
    if wounded:
        priority = 80 + rng.randrange(21)
    elif young:
        priority = 50 + rng.randrange(21)
    else:
        priority = rng.randrange(10, 41)
    return Captive(
        person_id=person.id,
        side=person.side,
        held_by=held_by,
        captured_on=as_of - timedelta(days=rng.randrange(30, 1100)),
        categories=cats,
        consent=rng.random() < (0.97 if wounded else 0.99),
        ready=not hold and rng.random() < 0.92,
        stretcher=severe and rng.random() < 0.5,
        priority=priority,
        judicial_hold=hold,
    )


# Share of the demo's people with a surname from the long tail: namesakes about as rare as in real lists.
DEMO_RARE_SURNAMES = 0.85


def build_scenario(
    persons_per_side: int = 2000,
    seed: int = 0,
    *,
    profile: NoiseProfile = TUNING,
    bodies_per_side: int | Mapping[str, int] | None = None,
    missing_per_side: int | None = None,
    request_overlap: float = 0.8,
    duplicate_rate: float = 0.01,
    as_of: date = date(2025, 6, 1),
    rare_surname_share: float = DEMO_RARE_SURNAMES,
) -> Scenario:
    """Build the demo scenario with `persons_per_side` captives held by each side's adversary."""
    n = persons_per_side
    bodies = (
        bodies_per_side
        if isinstance(bodies_per_side, Mapping)
        else dict.fromkeys("AB", bodies_per_side or n // 2)
    )
    missing = missing_per_side if missing_per_side is not None else n // 5
    counts = {s: n + bodies[s] + missing for s in ("A", "B")}
    pop = make_population(counts, seed=seed, as_of=as_of, rare_surname_share=rare_surname_share)
    langs = {p.code: p.language for p in PARTIES}
    rng = random.Random(f"{seed}:scenario")
    nrng = np.random.default_rng(seed + 7)
    agreement = _agreement(n, max(bodies.values()), as_of + timedelta(days=1))
    captives: list[Captive] = []
    lists: list[SynthList] = []
    inquiries: list[InquiryMeta] = []
    batches: list[RemainsBatch] = []
    fates: dict[str, Fate] = {}
    for side, other in (("A", "B"), ("B", "A")):
        idx = pop.indices(side)
        held, dead, lost = idx[:n], idx[n : n + bodies[side]], idx[n + bodies[side] :]
        groups: tuple[tuple[npt.NDArray[np.int64], Fate], ...] = (
            (held, "captive"),
            (dead, "deceased"),
            (lost, "missing"),
        )
        for group, fate in groups:
            fates |= dict.fromkeys((f"P{i:07d}" for i in group.tolist()), fate)
        captives += [_captive(person, other, as_of, rng) for person in pop.persons(held)]
        own, theirs = langs[side], langs[other]
        assert own in ("uk", "ru") and theirs in ("uk", "ru")
        lists.append(
            render_list(
                pop, held, name=f"{other}-registry", kind="registry", owner=other, about=side,
                clerk=Clerk(language=theirs, layout="split", dob_format="dmy"), profile=profile, seed=seed,
                duplicate_rate=duplicate_rate,
            )
        )  # fmt: skip
        asked = np.concatenate([
            nrng.permutation(held)[: round(request_overlap * held.shape[0])],
            nrng.permutation(lost)[: lost.shape[0] // 2],
            nrng.permutation(dead)[: dead.shape[0] * 3 // 10],
        ])  # fmt: skip
        lists.append(
            render_list(
                pop, asked, name=f"{side}-requests", kind="requests", owner=side, about=side,
                clerk=Clerk(language=own, layout="full_name"), profile=profile, seed=seed,
                duplicate_rate=duplicate_rate,
            )
        )  # fmt: skip
        sought = np.concatenate([
            nrng.permutation(held)[: held.shape[0] // 4],
            nrng.permutation(lost)[: lost.shape[0] * 2 // 5],
            nrng.permutation(dead)[: dead.shape[0] * 3 // 10],
        ])  # fmt: skip
        lst, metas = make_inquiries(
            pop, sought, owner=side, language=own, profile=profile, seed=seed, as_of=as_of
        )
        lists.append(lst)
        inquiries += metas
        manifest = make_remains_manifest(
            pop, dead, owner=other, about=side, language=theirs, profile=profile, seed=seed
        )
        lists.append(manifest)
        batches += _batches(manifest, agreement.concluded_on)
    stages = _stages(n, agreement.concluded_on)
    return Scenario(
        seed=seed,
        as_of=as_of,
        profile=profile.name,
        parties=PARTIES,
        agreement=agreement,
        population=pop,
        captives=tuple(captives),
        lists=tuple(lists),
        inquiries=tuple(inquiries),
        remains_batches=tuple(batches),
        stages=stages,
        users=USERS,
        fates=fates,
    )


def _batches(manifest: SynthList, start: date, count: int = 5) -> list[RemainsBatch]:
    ids = [row.id for row in manifest.rows]
    size = -(-len(ids) // count) if ids else 0
    return [
        RemainsBatch(
            code=f"{manifest.owner}{manifest.about}-R{k + 1}",
            sender=manifest.owner,
            receiver=manifest.about,
            planned_on=start + timedelta(days=9 + k),
            record_ids=tuple(ids[k * size : (k + 1) * size]),
            claimed_nationality=manifest.about,
        )
        for k in range(count)
        if ids[k * size : (k + 1) * size]
    ]


def _stages(n: int, start: date) -> tuple[StageSeed, ...]:
    cap = max(10, min(300, n // 5))
    stretcher = max(2, cap * 2 // 15)
    return (
        StageSeed(code="S1", agreement="second-round", planned_on=start + timedelta(days=7),
                  categories=("young", "wounded"), capacity_per_side=cap, stretcher_capacity_per_side=stretcher),
        StageSeed(code="S2", agreement="second-round", planned_on=start + timedelta(days=8),
                  categories=("wounded",), capacity_per_side=cap, stretcher_capacity_per_side=stretcher),
        StageSeed(code="S3", agreement="second-round", planned_on=start + timedelta(days=12),
                  categories=("young", "wounded", "general"), capacity_per_side=cap,
                  stretcher_capacity_per_side=stretcher, balance="per_category"),
    )  # fmt: skip
