"""The same model on Splink's Spark backend (`uv sync --extra spark`; skipped without pyspark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkage_fixtures import prf, rows_of, truth_pairs

from cartel.engine.linkage import link
from cartel.synth.lists import make_list_pair
from cartel.synth.noise import HOLDOUT

pytest.importorskip("pyspark", reason="pyspark is an optional extra: uv sync --extra spark")


@pytest.mark.slow
def test_spark_links_like_duckdb(tmp_path: Path) -> None:
    """A small holdout pair links on Spark with the accuracy DuckDB reaches on it."""
    pair = make_list_pair(600, 420, seed=8, profile=HOLDOUT)
    truth = truth_pairs(pair.registry, pair.requests)
    results = {}
    for engine in ("duckdb", "spark"):
        result = link(
            rows_of(pair.registry), rows_of(pair.requests), engine=engine, cache_dir=tmp_path / engine
        )
        found = zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
        results[engine] = prf(found, truth)
    assert results["spark"][2] >= results["duckdb"][2] - 0.02, results
