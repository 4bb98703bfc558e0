"""Score record pairs in Python with the same levels and weights that Splink applies in SQL.

Used for single inquiries (no database round trip) and to explain a pair. Records are mappings of feature
columns (see `cartel.engine.linkage.features`); `None` is a missing value and never counts as evidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import JaroWinkler, Levenshtein

from cartel.engine.linkage.model import FieldComparison, Level, LinkageSpec
from cartel.engine.linkage.params import ModelParams

__all__ = ["Evidence", "PairScore", "level_index", "probability", "score_pair"]

Record = Mapping[str, Any]
TermFrequencies = Mapping[str, Mapping[Any, float]]  # column -> value -> share of records


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """How one comparison came out for a pair: its level and the weight it adds (log2 of a Bayes factor)."""

    comparison: str
    level: int
    label: str
    weight: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PairScore:
    """The total match weight of a pair, its probability and the evidence behind it."""

    match_weight: float
    match_probability: float
    evidence: tuple[Evidence, ...]


def _satisfies(level: Level, left: Record, right: Record) -> bool:
    if level.also and not all(_satisfies(c, left, right) for c in level.also):
        return False
    kind, col = level.kind, level.column
    if kind == "else":
        return True
    a, b = left.get(col), right.get(col)
    if kind == "null":
        return a is None or b is None
    if kind == "cross":
        other = level.other
        a2, b2 = left.get(other), right.get(other)
        return (a is not None and a == b2) or (a2 is not None and a2 == b)
    if a is None or b is None:
        return False
    if kind == "exact":
        return bool(a == b)
    if kind == "jaro_winkler":
        return JaroWinkler.similarity(a, b) >= level.threshold
    if kind == "levenshtein":
        return Levenshtein.distance(a, b) <= level.threshold
    if kind == "prefix":
        n = int(level.threshold)
        return bool(a[:n] == b[:n])
    if kind == "within":
        return bool(abs(a - b) <= level.threshold)
    raise ValueError(f"unknown level kind {kind!r}")


def level_index(comparison: FieldComparison, left: Record, right: Record) -> int:
    """Return the index of the first level of `comparison` that the pair satisfies."""
    for i, level in enumerate(comparison.levels):
        if _satisfies(level, left, right):
            return i
    return len(comparison.levels) - 1


def _tf_adjustment(
    level: Level,
    left: Record,
    right: Record,
    params: ModelParams,
    comparison: str,
    index: int,
    tf: TermFrequencies,
) -> float:
    table = tf.get(level.column)
    if not table:
        return 0.0
    freqs = [
        f for f in (table.get(left.get(level.column)), table.get(right.get(level.column))) if f is not None
    ]
    if not freqs:
        return 0.0
    _, u = params.m_u(comparison, index)
    return math.log2(u) - math.log2(max(freqs))


def probability(match_weight: float) -> float:
    """Return the match probability for a total match weight."""
    if match_weight > 60:
        return 1.0
    odds = math.pow(2.0, match_weight)
    return odds / (1.0 + odds)


def score_pair(
    spec: LinkageSpec, params: ModelParams, left: Record, right: Record, tf: TermFrequencies | None = None
) -> PairScore:
    """Return the match weight, probability and per-comparison evidence for one pair of feature records."""
    total = params.prior_weight()
    evidence = []
    for comparison in spec.comparisons:
        i = level_index(comparison, left, right)
        level = comparison.levels[i]
        weight = params.weight(comparison.name, i)
        if level.tf and tf:
            weight += _tf_adjustment(level, left, right, params, comparison.name, i, tf)
        total += weight
        evidence.append(Evidence(comparison=comparison.name, level=i, label=level.label, weight=weight))
    return PairScore(match_weight=total, match_probability=probability(total), evidence=tuple(evidence))
