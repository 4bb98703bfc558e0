"""Run linkage with Splink: train (or reuse) the model, score blocked pairs, cluster, explain.

The only module that talks to DuckDB, Spark and Splink. `link` matches two lists (each holding a person at
most once), `dedupe` finds the records of one list that name the same person.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import itertools
import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import pyarrow as pa
import pyarrow.compute as pc

from cartel.engine.linkage.assign import connected_clusters, contested, one_to_one, refine_prior, reweight
from cartel.engine.linkage.explain import explanations
from cartel.engine.linkage.features import FEATURE_COLUMNS, RecordLike, build_features
from cartel.engine.linkage.model import (
    DEDUPE_SPEC,
    LINK_SPEC,
    Block,
    LinkageSpec,
    block_sql,
    key_sql,
    to_splink,
)
from cartel.engine.linkage.params import ModelParams, params_from_splink, prior_params

__all__ = [
    "DedupeResult",
    "Engine",
    "LinkResult",
    "ProgressCallback",
    "dedupe",
    "default_params",
    "link",
    "link_features",
    "train_params",
]

Engine = Literal["duckdb", "spark"]
ProgressCallback = Callable[[str, float], None]  # stage name, share of that stage done (0…1)

_TRAINING_VERSION: Final = "1"
_MIN_TRAIN_RECORDS: Final = 1000  # below this, trained weights are noise: use the shipped defaults
_U_MAX_PAIRS: Final = 1.2e6
_EM_MAX_PAIRS: Final = 1.5e6
_SIDES: Final = ("left", "right")
_PAIRS_PER_CHUNK: Final = 4e10  # all pairs (n_left × n_right) per scoring slice; about 15M blocked pairs
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


def default_params(spec: LinkageSpec = LINK_SPEC) -> ModelParams:
    """Return the shipped parameters, trained on synthetic tuning lists (used for small inputs)."""
    resource = resources.files("cartel.engine.linkage").joinpath("default_params.json")
    if resource.is_file():
        params = ModelParams.from_json(resource.read_text(encoding="utf-8"), source="default")
        if params.fits(spec):
            return params
    return prior_params(spec)


def _default_cache_dir() -> Path:
    configured = os.environ.get("CARTEL_LINKAGE_CACHE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cartel")) / "linkage"


def _fingerprint(spec: LinkageSpec, tables: Sequence[pa.Table]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_TRAINING_VERSION}:{spec.link_type}:{spec.fingerprint()}".encode())
    for table in tables:
        sink = pa.BufferOutputStream()
        narrow = table.select(list(FEATURE_COLUMNS))
        with pa.ipc.new_stream(sink, narrow.schema) as writer:
            writer.write_table(narrow)
        digest.update(sink.getvalue())
    return digest.hexdigest()


_TABLE_NUMBERS: Final = itertools.count(1)


class _Backend:
    """A Splink database API plus the tables registered in it."""

    def __init__(self, engine: Engine) -> None:
        logging.getLogger("splink").setLevel(logging.ERROR)
        if engine == "duckdb":
            import duckdb
            from splink import DuckDBAPI

            self.con = duckdb.connect()
            self.api: Any = DuckDBAPI(connection=self.con)
        elif engine == "spark":
            from splink import SparkAPI

            self.spark = _spark_session()
            self.api = SparkAPI(spark_session=self.spark, break_lineage_method="persist")  # type: ignore[no-untyped-call]
        else:
            raise ValueError(f"unknown engine {engine!r}: use duckdb or spark")
        self.engine = engine
        self.frames: list[Any] = []  # the tables of the current linker, as Splink frames
        self._names: list[str] = []

    def register(self, table: pa.Table, name: str) -> Any:
        # Spark keeps temporary views per session, across backends: names must never repeat.
        physical = f"cartel_{name}_{next(_TABLE_NUMBERS)}"
        self._names.append(physical)
        return self.api.register(table.select(list(FEATURE_COLUMNS)), dataset_display_name=name,
                                 table_name=physical)  # fmt: skip

    def close(self) -> None:
        if self.engine == "duckdb":
            self.con.close()
        else:
            for name in self._names:
                self.spark.catalog.dropTempView(name)


def _spark_session() -> Any:
    """Return the active Spark session, or a new one (`CARTEL_SPARK_MASTER` points at a cluster).

    A session made here loads Splink's similarity functions (jaro_winkler…) from the jar Splink ships; an
    existing session must have been started with `spark.jars` set to `similarity_jar_location()`.
    """
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("engine 'spark' needs pyspark: run `uv sync --extra spark`") from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = os.environ.get("CARTEL_SPARK_MASTER", "local[2]")
    builder = SparkSession.builder.master(master).appName("cartel-linkage")
    builder = builder.config("spark.jars", similarity_jar_location())
    builder = builder.config("spark.sql.shuffle.partitions", "8").config("spark.ui.enabled", "false")
    return builder.getOrCreate()


@contextmanager
def _backend(engine: Engine) -> Iterator[_Backend]:
    backend = _Backend(engine)
    try:
        yield backend
    finally:
        backend.close()


def _linker(backend: _Backend, spec: LinkageSpec, tables: Sequence[pa.Table], settings: Any) -> Any:
    from splink import Linker

    names = _SIDES if spec.link_type == "link_only" else ("records",)
    frames = [backend.register(t, n) for t, n in zip(tables, names, strict=False)]
    backend.frames = frames
    return Linker(frames if len(frames) > 1 else frames[0], settings, log_level=None)


def _blocking_sql(
    spec: LinkageSpec, physical: Sequence[str], names: Sequence[str], chunk: tuple[int, int] = (0, 1)
) -> str:
    """Return SQL making Splink's blocked-pairs table: one hash join per rule, first matching rule wins.

    Equivalent to Splink's own blocking, which excludes earlier rules from each later join by re-testing
    their conditions; a union of plain joins and one GROUP BY is several times faster in DuckDB.
    """
    if spec.link_type == "link_only":
        left, right = physical
        key_l, key_r = f"'{names[0]}-__-' || l.id", f"'{names[1]}-__-' || r.id"
        extra = ""
    else:
        left = right = physical[0]
        key_l, key_r = "l.id", "r.id"
        extra = " AND l.id < r.id"
    part, parts = chunk
    if parts > 1:
        extra += f" AND hash(r.id) % {parts} = {part}"
    joins = [
        f"SELECT {k} AS k, {key_l} AS join_key_l, {key_r} AS join_key_r "
        f"FROM {left} AS l JOIN {right} AS r ON {block_sql(block)}{extra}"
        for k, block in enumerate(spec.blocks)
    ]
    union = "\nUNION ALL\n".join(joins)
    return (
        "SELECT CAST(min(k) AS VARCHAR) AS match_key, join_key_l, join_key_r "
        f"FROM ({union}) GROUP BY join_key_l, join_key_r"
    )


def _block_count(backend: _Backend, spec: LinkageSpec, block: Block, physical: Sequence[str]) -> int:
    """Return how many pairs a blocking rule would make, from key counts on each side (no join of records)."""
    left, right = (physical[0], physical[-1])
    keys_l, keys_r = key_sql(block, "l"), key_sql(block, "r")
    names = [f"k{i}" for i in range(len(keys_l))]

    def grouped(table: str, keys: list[str]) -> str:
        cols = ", ".join(f"{k} AS {n}" for k, n in zip(keys, names, strict=True))
        not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        return f"SELECT {cols}, count(*) AS n FROM {table} WHERE {not_null} GROUP BY ALL"

    on = " AND ".join(f"a.{n} = b.{n}" for n in names)
    sql = f"SELECT sum(a.n * b.n) FROM ({grouped(left, keys_l)}) a JOIN ({grouped(right, keys_r)}) b ON {on}"
    row = backend.con.execute(sql).fetchone()
    count = int(row[0] or 0) if row else 0
    if spec.link_type == "dedupe_only":  # pairs of a record with itself, and each pair twice
        not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys_l)
        same = backend.con.execute(f"SELECT count(*) FROM {left} WHERE {not_null}").fetchone()
        count = (count - int(same[0] if same else 0)) // 2
    return count


def _rows(backend: _Backend, table: str) -> int:
    row = backend.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _affordable(backend: _Backend, spec: LinkageSpec) -> LinkageSpec:
    """Return `spec` with those optional blocks added whose pair count fits the per-record budget."""
    if not spec.optional_blocks:
        return spec
    physical = [f.physical_name for f in backend.frames]
    records = sum(_rows(backend, p) for p in dict.fromkeys(physical))
    budget = spec.optional_pairs_per_record * records
    extra = tuple(b for b in spec.optional_blocks if _block_count(backend, spec, b, physical) <= budget)
    return dataclasses.replace(spec, blocks=spec.blocks + extra)


def _register_blocked_pairs(
    backend: _Backend, linker: Any, spec: LinkageSpec, chunk: tuple[int, int]
) -> None:
    frames = backend.frames
    names = _SIDES if spec.link_type == "link_only" else ("records",)
    sql = _blocking_sql(spec, [f.physical_name for f in frames], names, chunk)
    name = f"cartel_blocked_pairs_{chunk[0]}"
    backend.con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
    pairs = backend.api.register(name, table_name=name)
    linker.table_management.register_blocked_pairs_for_predict(pairs)


def _n_pairs(spec: LinkageSpec, tables: Sequence[pa.Table]) -> float:
    if spec.link_type == "link_only":
        return float(tables[0].num_rows) * float(tables[1].num_rows)
    n = float(tables[0].num_rows)
    return n * (n - 1) / 2


def _prior_from_sizes(spec: LinkageSpec, tables: Sequence[pa.Table]) -> float:
    expected = (
        0.5 * min(t.num_rows for t in tables) if spec.link_type == "link_only" else 0.05 * tables[0].num_rows
    )
    return float(min(0.5, max(expected, 1.0) / max(_n_pairs(spec, tables), 1.0)))


def train_params(
    spec: LinkageSpec, tables: Sequence[pa.Table], *, engine: Engine = "duckdb", seed: int = 42
) -> ModelParams:
    """Train m/u and the prior without labels: deterministic rules, u by random sampling, then EM per block."""
    fallback = default_params(spec)
    with _backend(engine) as backend:
        linker = _linker(backend, spec, tables, to_splink(spec, fallback))
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [block_sql(b) for b in spec.deterministic], recall=spec.deterministic_recall
        )
        small = min(t.num_rows for t in tables) < _MIN_TRAIN_RECORDS
        if not small:
            training.estimate_u_using_random_sampling(max_pairs=_U_MAX_PAIRS, seed=seed)
            for block in spec.training_blocks:
                before = copy.deepcopy(linker.misc.save_model_to_json())
                try:
                    training.estimate_parameters_using_expectation_maximisation(
                        block_sql(block), estimate_without_term_frequencies=True, max_pairs=_EM_MAX_PAIRS
                    )
                except Exception as exc:  # EM degenerates on some data (e.g. only exact duplicates)
                    logging.getLogger(__name__).warning(
                        "EM on %s failed (%s); estimates kept", block.name, exc
                    )
                    return _finish(spec, tables, before, fallback, small=False)
        settings = linker.misc.save_model_to_json()
    return _finish(spec, tables, settings, fallback, small=small)


def _finish(
    spec: LinkageSpec,
    tables: Sequence[pa.Table],
    settings: dict[str, Any],
    fallback: ModelParams,
    *,
    small: bool,
) -> ModelParams:
    """Turn Splink's trained settings into parameters, with a sane prior and defaults where training was thin."""
    trained = params_from_splink(spec, settings, fallback=fallback)
    prior = trained.lambda_
    if not (0 < prior < 1) or math.isnan(prior):
        prior = _prior_from_sizes(spec, tables)
    if small:
        return ModelParams(
            spec_fingerprint=fallback.spec_fingerprint,
            lambda_=prior,
            levels=fallback.levels,
            source="default",
        )
    return ModelParams(spec_fingerprint=trained.spec_fingerprint, lambda_=prior, levels=trained.levels)


def _params_for(
    spec: LinkageSpec, tables: Sequence[pa.Table], engine: Engine, cache_dir: Path | None, use_cache: bool
) -> tuple[ModelParams, Path | None]:
    """Return cached parameters for these exact inputs, or freshly trained ones and where to cache them."""
    if not use_cache:
        return train_params(spec, tables, engine=engine), None
    path = (cache_dir or _default_cache_dir()) / f"{_fingerprint(spec, tables)}.json"
    if path.exists():
        try:
            cached = ModelParams.load(path, source="cache")
        except (OSError, ValueError, KeyError):
            cached = None
        if cached is not None and cached.fits(spec):
            return cached, None
    return train_params(spec, tables, engine=engine), path


def _save(params: ModelParams, path: Path | None) -> None:
    if path is None:
        return
    try:
        params.save(path)
    except OSError:
        logging.getLogger(__name__).warning("could not write the model cache %s", path)


def _refined(
    params: ModelParams, pairs: pa.Table, *, n_pairs: float, max_matches: float
) -> tuple[ModelParams, pa.Table]:
    """Re-estimate the prior from the scores themselves (once per dataset) and rescore the pairs."""
    if params.source == "cache":  # already refined on these very lists
        return params, pairs
    prior = refine_prior(
        pairs["match_weight"], prior=params.lambda_, n_pairs=n_pairs, max_matches=max_matches
    )
    notes = {**params.notes, "prior_refined": True, "prior_before_refining": params.lambda_}
    refined = dataclasses.replace(params, lambda_=prior, notes=notes)
    return refined, reweight(pairs, old_prior=params.lambda_, new_prior=prior)


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


def _progress(on_progress: ProgressCallback | None, stage: str, done: float) -> None:
    if on_progress is not None:
        on_progress(stage, done)


def _chunks(spec: LinkageSpec, tables: Sequence[pa.Table]) -> int:
    """Return how many slices to score in, so that the blocked pairs of one slice fit comfortably in memory."""
    return max(1, math.ceil(_n_pairs(spec, tables) / _PAIRS_PER_CHUNK))


def _predict(
    backend: _Backend,
    spec: LinkageSpec,
    tables: Sequence[pa.Table],
    params: ModelParams,
    *,
    floor: float,
    explain: bool,
    on_progress: ProgressCallback | None = None,
) -> pa.Table:
    """Score the blocked pairs (slice by slice of the right-hand records) and return those above `floor`."""
    linker = _linker(backend, spec, tables, to_splink(spec, params, retain_intermediate=explain))
    if backend.engine != "duckdb":
        predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
        return predictions.as_pyarrow_table()
    parts = _chunks(spec, tables)
    spec = _affordable(backend, spec)
    results = []
    for part in range(parts):
        _register_blocked_pairs(backend, linker, spec, (part, parts))
        predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
        results.append(predictions.as_pyarrow_table())
        predictions.drop_table_from_database_and_remove_from_cache()
        backend.con.execute(f"DROP TABLE IF EXISTS cartel_blocked_pairs_{part}")
        _progress(on_progress, "scoring", (part + 1) / parts)
    return pa.concat_tables(results) if len(results) > 1 else results[0]


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
    _progress(on_progress, "training", 0.0)
    cache_path = None
    if params is None:
        params, cache_path = _params_for(spec, tables, engine, cache_dir, use_cache)
    timings["training"] = time.perf_counter() - start
    _progress(on_progress, "training", 1.0)
    start = time.perf_counter()
    _progress(on_progress, "scoring", 0.0)
    with _backend(engine) as backend:
        floor = min(threshold, _SCORE_FLOOR)
        raw = _predict(backend, spec, tables, params, floor=floor, explain=explain, on_progress=on_progress)
    swapped = pc.equal(raw["source_dataset_l"], "right")
    scored = _pairs_table(raw, swap=swapped)
    n_pairs = float(left.num_rows) * float(right.num_rows)
    params, scored = _refined(params, scored, n_pairs=n_pairs, max_matches=min(left.num_rows, right.num_rows))
    _save(params, cache_path)
    if one_to_one_only:
        scored = contested(scored, prior=params.lambda_, n_left=left.num_rows, n_right=right.num_rows)
    candidates = _final(scored, threshold)
    timings["scoring"] = time.perf_counter() - start
    _progress(on_progress, "scoring", 1.0)
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
    _progress(on_progress, "clustering", 1.0)
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
    _progress(on_progress, "training", 0.0)
    params, cache_path = _params_for(spec, (table,), engine, cache_dir, use_cache)
    timings["training"] = time.perf_counter() - start
    _progress(on_progress, "training", 1.0)
    start = time.perf_counter()
    _progress(on_progress, "scoring", 0.0)
    with _backend(engine) as backend:
        raw = _predict(backend, spec, (table,), params, floor=min(threshold, _SCORE_FLOOR), explain=False,
                       on_progress=on_progress)  # fmt: skip
    scored = _pairs_table(raw)
    params, scored = _refined(params, scored, n_pairs=_n_pairs(spec, (table,)), max_matches=table.num_rows)
    _save(params, cache_path)
    pairs = _final(scored, threshold).drop_columns(["_row"])
    timings["scoring"] = time.perf_counter() - start
    _progress(on_progress, "scoring", 1.0)
    start = time.perf_counter()
    clusters = connected_clusters(table["id"].to_pylist(), pairs, threshold=threshold)
    timings["clustering"] = time.perf_counter() - start
    _progress(on_progress, "clustering", 1.0)
    summary = {
        "records": table.num_rows,
        "pairs": pairs.num_rows,
        "clusters": len(set(clusters["cluster_id"].to_pylist())),
        "params_source": params.source,
        "prior": params.lambda_,
    }
    return DedupeResult(pairs=pairs, clusters=clusters, timings=timings, params=params, summary=summary)
