"""Linking two lists and deduplicating one: features, parameters, scoring, assignment, explanations."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from cartel.engine.linkage.assign import connected_clusters, contested, one_to_one
from cartel.engine.linkage.explain import explanations
from cartel.engine.linkage.features import RecordLike, build_features
from cartel.engine.linkage.model import (
    DEDUPE_SPEC,
    LINK_SPEC,
    LinkageSpec,
)
from cartel.engine.linkage.params import ModelParams
from cartel.engine.linkage.run._backend import (
    Engine,
    ProgressCallback,
    open_backend,
    pair_count,
    predict,
    report,
)
from cartel.engine.linkage.run._train import default_params, params_for, refined, save_params

__all__ = ["DedupeResult", "LinkResult", "dedupe", "link", "link_features"]

_SCORE_FLOOR: Final = 0.001  # pairs scored below this are dropped before the prior is re-estimated


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkResult:
    """Matched pairs of two lists (one partner per record unless asked otherwise) and how the run went."""

    pairs: pa.Table  # left_id, right_id, match_probability, match_weight (+ explanation with explain=True)
    candidates: pa.Table  # every pair at or above the threshold, before one-to-one assignment
    clusters: pa.Table  # side, id, cluster_id: a matched pair shares a cluster
    timings: dict[str, float]
    params: ModelParams
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupeResult:
    """Scored pairs within one list and the clusters of records naming one person."""

    pairs: pa.Table  # left_id, right_id, match_probability, match_weight
    clusters: pa.Table  # id, cluster_id
    timings: dict[str, float]
    params: ModelParams
    summary: dict[str, Any] = field(default_factory=dict)


def _pairs_table(raw: pa.Table, *, swap: pa.Array | None = None) -> pa.Table:
    left, right = raw["id_l"], raw["id_r"]
    if swap is not None:
        left, right = pc.if_else(swap, raw["id_r"], raw["id_l"]), pc.if_else(swap, raw["id_l"], raw["id_r"])
    return pa.table({
        "left_id": pc.cast(left, pa.string()),
        "right_id": pc.cast(right, pa.string()),
        "match_probability": pc.cast(raw["match_probability"], pa.float64()),
        "match_weight": pc.cast(raw["match_weight"], pa.float64()),
        "_row": pa.array(range(raw.num_rows), type=pa.int64()),
    })  # fmt: skip


def _final(pairs: pa.Table, threshold: float) -> pa.Table:
    kept = pairs.filter(pc.greater_equal(pairs["match_probability"], threshold))
    return kept.sort_by(
        [("match_probability", "descending"), ("left_id", "ascending"), ("right_id", "ascending")]
    )


def link_features(
    left: pa.Table,
    right: pa.Table,
    *,
    threshold: float = 0.5,
    explain: bool = False,
    engine: Engine = "duckdb",
    on_progress: ProgressCallback | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    params: ModelParams | None = None,
    spec: LinkageSpec = LINK_SPEC,
    one_to_one_only: bool = True,
) -> LinkResult:
    """Link two feature tables (see `build_features`); pairs below `threshold` are dropped.

    With `one_to_one_only` (each list holds a person at most once) probabilities weigh each pair against the
    records' rival candidates (`assign.contested`) and a record keeps only its best partner.
    """
    timings: dict[str, float] = {}
    tables = (left, right)
    if min(left.num_rows, right.num_rows) == 0:
        return _empty_link(left, right, params or default_params(spec), timings)
    start = time.perf_counter()
    report(on_progress, "training", 0.0)
    cache_path = None
    if params is None:
        params, cache_path = params_for(spec, tables, engine, cache_dir, use_cache)
    timings["training"] = time.perf_counter() - start
    report(on_progress, "training", 1.0)
    start = time.perf_counter()
    report(on_progress, "scoring", 0.0)
    with open_backend(engine) as backend:
        floor = min(threshold, _SCORE_FLOOR)
        raw = predict(backend, spec, tables, params, floor=floor, explain=explain, on_progress=on_progress)
    swapped = pc.equal(raw["source_dataset_l"], "right")
    scored = _pairs_table(raw, swap=swapped)
    n_pairs = float(left.num_rows) * float(right.num_rows)
    params, scored = refined(params, scored, n_pairs=n_pairs, max_matches=min(left.num_rows, right.num_rows))
    save_params(params, cache_path)
    if one_to_one_only:
        scored = contested(scored, prior=params.lambda_, n_left=left.num_rows, n_right=right.num_rows)
    candidates = _final(scored, threshold)
    timings["scoring"] = time.perf_counter() - start
    report(on_progress, "scoring", 1.0)
    start = time.perf_counter()
    best = one_to_one(candidates, threshold=threshold)
    pairs = best if one_to_one_only else candidates
    if explain:
        rows = pairs["_row"].to_pylist()
        pairs = pairs.append_column(
            "explanation", explanations(spec, raw, rows, swapped.to_pylist(), left, right)
        )
    clusters = _link_clusters(left, right, best)
    timings["clustering"] = time.perf_counter() - start
    report(on_progress, "clustering", 1.0)
    summary = {
        "left_records": left.num_rows,
        "right_records": right.num_rows,
        "scored_pairs": raw.num_rows,
        "candidates": candidates.num_rows,
        "pairs": pairs.num_rows,
        "review_band": int(pc.sum(pc.less(pairs["match_probability"], spec.review_threshold)).as_py() or 0),
        "params_source": params.source,
        "prior": params.lambda_,
    }
    return LinkResult(
        pairs=pairs.drop_columns(["_row"]), candidates=candidates.drop_columns(["_row"]), clusters=clusters,
        timings=timings, params=params, summary=summary,
    )  # fmt: skip


_EMPTY_PREDICTIONS: Final = pa.table({
    "id_l": pa.array([], pa.string()), "id_r": pa.array([], pa.string()),
    "match_probability": pa.array([], pa.float64()), "match_weight": pa.array([], pa.float64()),
})  # fmt: skip


def _empty_link(
    left: pa.Table, right: pa.Table, params: ModelParams, timings: dict[str, float]
) -> LinkResult:
    """Return the result of linking when one list is empty: no pairs, every record alone."""
    pairs = _pairs_table(_EMPTY_PREDICTIONS).drop_columns(["_row"])
    clusters = _link_clusters(left, right, pairs)
    summary = {"left_records": left.num_rows, "right_records": right.num_rows, "pairs": 0, "review_band": 0,
               "params_source": params.source}  # fmt: skip
    return LinkResult(pairs=pairs, candidates=pairs, clusters=clusters, timings=timings, params=params,
                      summary=summary)  # fmt: skip


def _link_clusters(left: pa.Table, right: pa.Table, best: pa.Table) -> pa.Table:
    """Return one cluster per person: a matched left/right pair shares a cluster, everyone else is alone."""
    partner = dict(zip(best["right_id"].to_pylist(), best["left_id"].to_pylist(), strict=True))
    left_ids = left["id"].to_pylist()
    number = {rid: i for i, rid in enumerate(left_ids)}
    right_ids = right["id"].to_pylist()
    next_id = len(left_ids)
    right_clusters = []
    for rid in right_ids:
        if rid in partner:
            right_clusters.append(number[partner[rid]])
        else:
            right_clusters.append(next_id)
            next_id += 1
    return pa.table({
        "side": ["left"] * len(left_ids) + ["right"] * len(right_ids),
        "id": left_ids + right_ids,
        "cluster_id": list(range(len(left_ids))) + right_clusters,
    })  # fmt: skip


def link(
    left_records: Iterable[RecordLike],
    right_records: Iterable[RecordLike],
    *,
    threshold: float = 0.5,
    explain: bool = False,
    engine: Engine = "duckdb",
    on_progress: ProgressCallback | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    one_to_one_only: bool = True,
) -> LinkResult:
    """Link two lists of records; return matched pairs at or above `threshold`, candidates and timings."""
    start = time.perf_counter()
    left = build_features(left_records, on_progress=_feature_progress(on_progress, 0.0, 0.5))
    right = build_features(right_records, on_progress=_feature_progress(on_progress, 0.5, 0.5))
    features_s = time.perf_counter() - start
    result = link_features(
        left, right, threshold=threshold, explain=explain, engine=engine, on_progress=on_progress,
        cache_dir=cache_dir, use_cache=use_cache, one_to_one_only=one_to_one_only,
    )  # fmt: skip
    result.timings["features"] = features_s
    return result


def _feature_progress(
    on_progress: ProgressCallback | None, offset: float, share: float
) -> Callable[[int, int], None] | None:
    if on_progress is None:
        return None
    return lambda done, total: on_progress("features", offset + share * done / max(total, 1))


def dedupe(
    records: Iterable[RecordLike],
    *,
    threshold: float = 0.9,
    engine: Engine = "duckdb",
    on_progress: ProgressCallback | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> DedupeResult:
    """Find records of one list that name the same person; return pairs and clusters at `threshold`."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    table = build_features(records, on_progress=_feature_progress(on_progress, 0.0, 1.0))
    timings["features"] = time.perf_counter() - start
    spec = DEDUPE_SPEC
    if table.num_rows < 2:
        clusters = pa.table({"id": table["id"], "cluster_id": table["id"]})
        empty = _pairs_table(_EMPTY_PREDICTIONS).drop_columns(["_row"])
        return DedupeResult(pairs=empty, clusters=clusters, timings=timings, params=default_params(spec))
    start = time.perf_counter()
    report(on_progress, "training", 0.0)
    params, cache_path = params_for(spec, (table,), engine, cache_dir, use_cache)
    timings["training"] = time.perf_counter() - start
    report(on_progress, "training", 1.0)
    start = time.perf_counter()
    report(on_progress, "scoring", 0.0)
    with open_backend(engine) as backend:
        raw = predict(backend, spec, (table,), params, floor=min(threshold, _SCORE_FLOOR), explain=False,
                       on_progress=on_progress)  # fmt: skip
    scored = _pairs_table(raw)
    params, scored = refined(params, scored, n_pairs=pair_count(spec, (table,)), max_matches=table.num_rows)
    save_params(params, cache_path)
    pairs = _final(scored, threshold).drop_columns(["_row"])
    timings["scoring"] = time.perf_counter() - start
    report(on_progress, "scoring", 1.0)
    start = time.perf_counter()
    clusters = connected_clusters(table["id"].to_pylist(), pairs, threshold=threshold)
    timings["clustering"] = time.perf_counter() - start
    report(on_progress, "clustering", 1.0)
    summary = {
        "records": table.num_rows,
        "pairs": pairs.num_rows,
        "clusters": len(set(clusters["cluster_id"].to_pylist())),
        "params_source": params.source,
        "prior": params.lambda_,
    }
    return DedupeResult(pairs=pairs, clusters=clusters, timings=timings, params=params, summary=summary)
