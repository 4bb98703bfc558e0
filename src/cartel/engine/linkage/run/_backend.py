"""The database side of a run: DuckDB or Spark through Splink, blocking, and scoring in slices."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final, Literal

import pyarrow as pa

from cartel.engine.linkage.features import FEATURE_COLUMNS
from cartel.engine.linkage.model import (
    Block,
    LinkageSpec,
    block_sql,
    key_sql,
    to_splink,
)
from cartel.engine.linkage.params import ModelParams

__all__ = [
    "SIDES",
    "Engine",
    "ProgressCallback",
    "make_linker",
    "open_backend",
    "pair_count",
    "predict",
    "report",
]


Engine = Literal["duckdb", "spark"]


ProgressCallback = Callable[[str, float], None]  # stage name, share of that stage done (0…1)


SIDES: Final = ("left", "right")


_PAIRS_PER_CHUNK: Final = 4e10  # all pairs (n_left × n_right) per scoring slice; about 15M blocked pairs


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
    # The lists and the scored pairs pass through the driver; Spark's 1 GB default runs out at a few thousand
    # records and then hangs rather than failing (bench/linkage.py --engines duckdb,spark).
    builder = builder.config("spark.driver.memory", os.environ.get("CARTEL_SPARK_DRIVER_MEMORY", "8g"))
    return builder.getOrCreate()


@contextmanager
def open_backend(engine: Engine) -> Iterator[_Backend]:
    """Open a DuckDB connection (or the Spark session) for one run and close it afterwards."""
    backend = _Backend(engine)
    try:
        yield backend
    finally:
        backend.close()


def make_linker(backend: _Backend, spec: LinkageSpec, tables: Sequence[pa.Table], settings: Any) -> Any:
    """Register `tables` in the backend and return a Splink linker over them."""
    from splink import Linker

    names = SIDES if spec.link_type == "link_only" else ("records",)
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
    """Return `spec` fitted to the size of this run: each block refined (`Block.refine`) while it would make more
    than `block_pairs_per_record` pairs per input record, and those optional blocks added whose pair count fits
    `optional_pairs_per_record`. Counts come from key counts on each side (`_block_count`), not from joins."""
    physical = [f.physical_name for f in backend.frames]
    records = sum(_rows(backend, p) for p in dict.fromkeys(physical))
    blocks = []
    for block in spec.blocks:
        while (
            block.refine
            and _block_count(backend, spec, block, physical) > spec.block_pairs_per_record * records
        ):
            block = block.refined()
        blocks.append(block)
    budget = spec.optional_pairs_per_record * records
    extra = tuple(b for b in spec.optional_blocks if _block_count(backend, spec, b, physical) <= budget)
    return dataclasses.replace(spec, blocks=tuple(blocks) + extra)


def _register_blocked_pairs(
    backend: _Backend, linker: Any, spec: LinkageSpec, chunk: tuple[int, int]
) -> None:
    frames = backend.frames
    names = SIDES if spec.link_type == "link_only" else ("records",)
    sql = _blocking_sql(spec, [f.physical_name for f in frames], names, chunk)
    name = f"cartel_blocked_pairs_{chunk[0]}"
    backend.con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
    pairs = backend.api.register(name, table_name=name)
    linker.table_management.register_blocked_pairs_for_predict(pairs)


def pair_count(spec: LinkageSpec, tables: Sequence[pa.Table]) -> float:
    """Return the number of possible pairs: left × right, or n(n − 1)/2 within one list."""
    if spec.link_type == "link_only":
        return float(tables[0].num_rows) * float(tables[1].num_rows)
    n = float(tables[0].num_rows)
    return n * (n - 1) / 2


def report(on_progress: ProgressCallback | None, stage: str, done: float) -> None:
    """Tell the caller how far a stage has got, if it asked."""
    if on_progress is not None:
        on_progress(stage, done)


def _chunks(spec: LinkageSpec, tables: Sequence[pa.Table]) -> int:
    """Return how many slices to score in, so that the blocked pairs of one slice fit comfortably in memory."""
    return max(1, math.ceil(pair_count(spec, tables) / _PAIRS_PER_CHUNK))


def predict(
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
    linker = make_linker(backend, spec, tables, to_splink(spec, params, retain_intermediate=explain))
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
        report(on_progress, "scoring", (part + 1) / parts)
    return pa.concat_tables(results) if len(results) > 1 else results[0]
