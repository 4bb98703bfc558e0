"""Synthetic list pairs with ground truth for the linkage tests, and pairwise scores against the truth."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from cartel.synth.lists import ListPair, SynthList, make_inquiries, make_list_pair
from cartel.synth.noise import HOLDOUT, TUNING

__all__ = ["holdout_pair", "latin_inquiries", "prf", "rows_of", "truth_pairs", "tuning_pair"]


@lru_cache(maxsize=4)
def holdout_pair(n_registry: int, seed: int) -> ListPair:
    """A Russian-Cyrillic registry and Ukrainian-Cyrillic requests rendered with the holdout noise profile."""
    return make_list_pair(n_registry, int(n_registry * 0.7), seed=seed, profile=HOLDOUT)


@lru_cache(maxsize=2)
def tuning_pair(n_registry: int, seed: int) -> ListPair:
    """The same kind of pair with the tuning noise profile."""
    return make_list_pair(n_registry, int(n_registry * 0.7), seed=seed, profile=TUNING)


@lru_cache(maxsize=2)
def latin_inquiries(n_registry: int, seed: int) -> tuple[ListPair, SynthList]:
    """Family inquiries in Latin script: a third about registered persons, some about others."""
    pair = holdout_pair(n_registry, seed)
    registered = np.array(sorted(int(pid[1:]) for pid in pair.registry.truth.values()))
    rng = np.random.default_rng(seed)
    others = np.setdiff1d(np.arange(len(pair.population.side)), registered)
    members = np.concatenate([
        rng.choice(registered, n_registry // 3, replace=False),
        rng.choice(others, min(len(others), n_registry // 10), replace=False),
    ])  # fmt: skip
    inquiries, _ = make_inquiries(
        pair.population, members, owner="A", language="uk", profile=HOLDOUT, seed=seed, latin_share=1.0
    )
    return pair, inquiries


def rows_of(synth: SynthList) -> list[dict[str, str]]:
    """The list's rows as plain dicts, the way a file reader hands them over."""
    return [row._asdict() for row in synth.rows]


def truth_pairs(left: SynthList, right: SynthList) -> set[tuple[str, str]]:
    """Every (left id, right id) pair naming the same latent person."""
    by_person: dict[str, list[str]] = {}
    for rid, pid in left.truth.items():
        by_person.setdefault(pid, []).append(rid)
    return {(lid, rid) for rid, pid in right.truth.items() for lid in by_person.get(pid, ())}


def prf(found: Iterable[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of `found` against `truth` (pairs never scored count as misses)."""
    got = set(found)
    tp = len(got & truth)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
