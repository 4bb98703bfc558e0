"""Pure post-processing of scored pairs: re-estimating the prior and one-to-one assignment.

Both work on pyarrow tables with `left_id`, `right_id`, `match_weight` and `match_probability` columns.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["connected_clusters", "contested", "logit2", "one_to_one", "refine_prior", "reweight"]


def logit2(p: float) -> float:
    """Return log2 of the odds p / (1 - p)."""
    return math.log2(p / (1.0 - p))


def _sigmoid2(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
    return out


def refine_prior(
    weights: pa.ChunkedArray | pa.Array, *, prior: float, n_pairs: float, max_matches: float, rounds: int = 30
) -> float:
    """Return the prior match share consistent with the scores: expected matches over all pairs.

    `weights` are total match weights computed with `prior`; pairs left out (scored very low) add almost
    nothing. The expected number of matches is capped at `max_matches` (a list holds a person at most once).
    """
    w = np.asarray(pc.cast(weights, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    if w.size == 0 or n_pairs <= 0:
        return prior
    base = logit2(prior)
    ceiling = min(max_matches / n_pairs, 0.5)
    current = prior
    for _ in range(rounds):
        expected = float(_sigmoid2(w + (logit2(current) - base)).sum())
        updated = min(max(expected / n_pairs, 1e-12), ceiling)
        if abs(math.log(updated / current)) < 1e-4:
            return updated
        current = updated
    return current


def reweight(pairs: pa.Table, *, old_prior: float, new_prior: float) -> pa.Table:
    """Return `pairs` with match weights and probabilities recomputed for another prior."""
    shift = logit2(new_prior) - logit2(old_prior)
    w = np.asarray(pc.cast(pairs["match_weight"], pa.float64()).to_numpy(zero_copy_only=False)) + shift
    pairs = pairs.set_column(pairs.schema.get_field_index("match_weight"), "match_weight", pa.array(w))
    index = pairs.schema.get_field_index("match_probability")
    return pairs.set_column(index, "match_probability", pa.array(_sigmoid2(w)))


def one_to_one(pairs: pa.Table, *, threshold: float) -> pa.Table:
    """Return the pairs kept when each record may have one partner: best first, ties to the lowest ids.

    Taking pairs in order of decreasing probability and skipping any whose record is already taken gives the
    same links as repeatedly joining mutually best pairs (Splink's single-best-links clustering).
    """
    kept = pairs.filter(pc.greater_equal(pairs["match_probability"], threshold))
    kept = kept.sort_by(
        [("match_probability", "descending"), ("left_id", "ascending"), ("right_id", "ascending")]
    )
    taken_left: set[str] = set()
    taken_right: set[str] = set()
    mask = []
    for left, right in zip(kept["left_id"].to_pylist(), kept["right_id"].to_pylist(), strict=True):
        ok = left not in taken_left and right not in taken_right
        if ok:
            taken_left.add(left)
            taken_right.add(right)
        mask.append(ok)
    return kept.filter(pa.array(mask, type=pa.bool_()))


def connected_clusters(ids: list[str], pairs: pa.Table, *, threshold: float) -> pa.Table:
    """Return `id, cluster_id` for every record: records joined by pairs at or above `threshold` share a cluster.

    The cluster id is the first id of the cluster in input order, so clusters are stable across runs.
    """
    parent = {rid: rid for rid in ids}
    order = {rid: i for i, rid in enumerate(ids)}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    kept = pairs.filter(pc.greater_equal(pairs["match_probability"], threshold))
    for a, b in zip(kept["left_id"].to_pylist(), kept["right_id"].to_pylist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            if order[rb] < order[ra]:
                ra, rb = rb, ra
            parent[rb] = ra
    return pa.table({"id": ids, "cluster_id": [find(rid) for rid in ids]})


def contested(pairs: pa.Table, *, prior: float, n_left: int, n_right: int) -> pa.Table:
    """Return `pairs` with each probability set from the view of both records and their rival candidates.

    Pairwise scores treat each pair alone. A request has at most one partner in the other list, with chance
    π = prior × (size of that list); against its candidates c' the chance that c is it is
    λ·BF_c / ((1 − π) + Σ λ·BF_c'). An uncontested pair so gains (a namesake nowhere else in the list is
    telling), a contested one loses. The lower of the two records' views is kept.
    """
    if pairs.num_rows == 0:
        return pairs
    w = np.asarray(
        pc.cast(pairs["match_weight"], pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
    )
    share = np.exp2(np.clip(w, -200, 200)) * (1.0 - prior)  # λ·BF of each pair
    result = np.ones_like(share)
    for column, others in (("right_id", n_left), ("left_id", n_right)):
        ids = pairs[column].to_numpy(zero_copy_only=False)
        _, group = np.unique(ids, return_inverse=True)
        totals = np.bincount(group, weights=share)
        chance = min(prior * others, 0.95)
        result = np.minimum(result, share / ((1.0 - chance) + totals[group]))
    index = pairs.schema.get_field_index("match_probability")
    return pairs.set_column(index, "match_probability", pa.array(result))
