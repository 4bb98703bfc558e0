"""Linkage runs end to end on DuckDB: pairs, explanations, the model cache, dedupe, and holdout accuracy."""

from __future__ import annotations

import collections
import math
from pathlib import Path

import pyarrow as pa
import pytest
from linkage_fixtures import holdout_pair, latin_inquiries, prf, rows_of, truth_pairs

from cartel.engine.linkage import (
    LINK_SPEC,
    LinkResult,
    build_features,
    dedupe,
    link,
    link_features,
    score_pair,
)
from cartel.synth.lists import make_list_pair
from cartel.synth.noise import CLEAN


def test_clean_lists_link_one_to_one(tmp_path: Path) -> None:
    """Without noise every registered request finds its record, and nothing else."""
    pair = make_list_pair(400, 280, seed=3, profile=CLEAN)
    result = link(rows_of(pair.registry), rows_of(pair.requests), cache_dir=tmp_path)
    found = zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
    precision, recall, _ = prf(found, truth_pairs(pair.registry, pair.requests))
    assert precision == 1.0 and recall > 0.98
    assert result.pairs.column_names[:3] == ["left_id", "right_id", "match_probability"]
    assert min(result.pairs["match_probability"].to_pylist()) >= 0.5
    assert set(result.timings) >= {"features", "training", "scoring", "clustering"}


@pytest.fixture(scope="module")
def holdout_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[LinkResult, pa.Table, pa.Table, Path]:
    """One explained link of a 1,500-record holdout registry with its requests, and the cache it wrote."""
    pair = holdout_pair(1500, 5)
    cache = tmp_path_factory.mktemp("cache")
    left, right = build_features(rows_of(pair.registry)), build_features(rows_of(pair.requests))
    return link_features(left, right, explain=True, cache_dir=cache), left, right, cache


def test_python_scores_equal_splink_scores(holdout_run: tuple[LinkResult, pa.Table, pa.Table, Path]) -> None:
    """The in-memory scorer (used for single inquiries) gives Splink's match weight for every pair."""
    result, left, right, _ = holdout_run
    by_id_l = {r["id"]: r for r in left.to_pylist()}
    by_id_r = {r["id"]: r for r in right.to_pylist()}
    tf: dict[str, dict[object, float]] = {}
    for column in {lv.column for c in LINK_SPEC.comparisons for lv in c.levels if lv.tf}:
        counts = collections.Counter(v for t in (left, right) for v in t[column].to_pylist() if v is not None)
        tf[column] = {value: n / sum(counts.values()) for value, n in counts.items()}
    rows = result.candidates.to_pylist()
    assert len(rows) > 300
    for row in rows:
        score = score_pair(LINK_SPEC, result.params, by_id_l[row["left_id"]], by_id_r[row["right_id"]], tf)
        assert score.match_weight == pytest.approx(row["match_weight"], abs=1e-6)


def test_explanations_name_each_field_with_level_and_weight(
    holdout_run: tuple[LinkResult, pa.Table, pa.Table, Path],
) -> None:
    """--explain gives, per comparison, both values as written, the level label and a weight summing up."""
    result = holdout_run[0]
    for row in result.pairs.slice(0, 50).to_pylist():
        items = row["explanation"]
        assert [i["field"] for i in items] == [c.field for c in LINK_SPEC.comparisons]
        assert all(set(i) == {"field", "left", "right", "level", "weight"} for i in items)
        prior = math.log2(result.params.lambda_ / (1 - result.params.lambda_))
        assert prior + sum(i["weight"] for i in items) == pytest.approx(row["match_weight"], abs=0.05)
    assert result.summary["review_band"] < result.pairs.num_rows


def test_second_run_reuses_the_trained_model(
    holdout_run: tuple[LinkResult, pa.Table, pa.Table, Path],
) -> None:
    """The same lists again load the cached parameters and give the same pairs."""
    first, left, right, cache = holdout_run
    second = link_features(left, right, cache_dir=cache)
    assert first.params.source == "trained" and second.params.source == "cache"

    def found(result: LinkResult) -> set[tuple[str, str]]:
        return set(
            zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
        )

    assert found(second) == found(first)
    assert len(list(cache.glob("*.json"))) == 1


def test_small_lists_use_the_shipped_model(tmp_path: Path) -> None:
    """A handful of records cannot train a model: the shipped parameters are used and matches still found."""
    left = [{"id": "L1", "full_name": "Коваленко Олександр Петрович", "birth_date": "12.03.1990"},
            {"id": "L2", "full_name": "Шевченко Тарас Григорович", "birth_date": "09.03.1984"}]  # fmt: skip
    right = [{"id": "R1", "full_name": "KOVALENKO Aleksandr Petrovich", "birth_date": "1990-03-12"},
             {"id": "R2", "full_name": "Мельник Іван", "birth_date": "1975"}]  # fmt: skip
    result = link(left, right, cache_dir=tmp_path)
    assert result.params.source in {"default", "prior"}
    assert result.pairs.select(["left_id", "right_id"]).to_pylist() == [{"left_id": "L1", "right_id": "R1"}]


def test_an_empty_list_links_to_nothing(tmp_path: Path) -> None:
    """No records on one side: no pairs, no error."""
    result = link([], [{"id": "R1", "full_name": "Мельник Іван"}], cache_dir=tmp_path)
    assert result.pairs.num_rows == 0


def test_dedupe_groups_the_records_of_one_person(tmp_path: Path) -> None:
    """A registry with some people entered twice: duplicates share a cluster, others stay alone."""
    pair = make_list_pair(800, 100, seed=9, profile=CLEAN, duplicate_rate=0.05)
    result = dedupe(rows_of(pair.registry), threshold=0.9, cache_dir=tmp_path)
    clusters = dict(
        zip(result.clusters["id"].to_pylist(), result.clusters["cluster_id"].to_pylist(), strict=True)
    )
    assert list(clusters) == [row.id for row in pair.registry.rows]
    by_person = collections.defaultdict(set)
    for rid, pid in pair.registry.truth.items():
        by_person[pid].add(clusters[rid])
    assert all(len(ids) == 1 for ids in by_person.values())  # never split
    assert len(set(clusters.values())) == len(by_person)  # never merged


def test_holdout_accuracy_registry_against_requests(tmp_path: Path) -> None:
    """Russian-Cyrillic registry × Ukrainian-Cyrillic requests, holdout noise: pairwise F1 ≥ 0.97."""
    pair = holdout_pair(2500, 1)
    result = link(rows_of(pair.registry), rows_of(pair.requests), cache_dir=tmp_path)
    found = zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
    precision, recall, f1 = prf(found, truth_pairs(pair.registry, pair.requests))
    assert f1 >= 0.97, (precision, recall, f1)


def test_holdout_accuracy_registry_against_latin_inquiries(tmp_path: Path) -> None:
    """Registry × family inquiries written in Latin letters (holdout romanisations): pairwise F1 ≥ 0.92."""
    pair, inquiries = latin_inquiries(2500, 2)
    result = link(rows_of(pair.registry), rows_of(inquiries), cache_dir=tmp_path)
    found = zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
    precision, recall, f1 = prf(found, truth_pairs(pair.registry, inquiries))
    assert f1 >= 0.92, (precision, recall, f1)
