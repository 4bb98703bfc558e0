"""The backend-free model: Splink settings, SQL of levels and blocks, parameters and one-to-one assignment."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from cartel.engine.linkage import DEDUPE_SPEC, LINK_SPEC, ModelParams, to_splink
from cartel.engine.linkage.assign import connected_clusters, one_to_one, refine_prior, reweight
from cartel.engine.linkage.features import FEATURE_COLUMNS
from cartel.engine.linkage.model import Level, block_sql, level_sql
from cartel.engine.linkage.params import prior_params


def test_every_compared_and_blocked_column_is_a_feature() -> None:
    """Levels and blocking rules only use columns that features provide."""
    columns = set(FEATURE_COLUMNS)
    for comparison in LINK_SPEC.comparisons:
        for level in comparison.levels:
            for part in (level, *level.also):
                assert part.kind == "else" or part.column in columns, part
                assert not part.other or part.other in columns, part
    for block in (*LINK_SPEC.blocks, *LINK_SPEC.deterministic, *LINK_SPEC.training_blocks):
        for term in block.terms:
            assert {term.left, term.right_column} <= columns, block


def test_each_comparison_starts_with_missing_and_ends_with_else() -> None:
    """Missing values are neutral; anything not matched falls to the last level."""
    for comparison in LINK_SPEC.comparisons:
        assert comparison.levels[0].kind == "null"
        assert comparison.levels[-1].kind == "else"


def test_splink_settings_for_link_and_dedupe() -> None:
    """The spec renders as a Splink 5 SettingsCreator for both link types, m/u filled in when given."""
    params = prior_params(LINK_SPEC)
    for spec in (LINK_SPEC, DEDUPE_SPEC):
        settings = to_splink(spec, params).get_settings("duckdb").as_dict()
        assert settings["link_type"] == spec.link_type
        assert settings["unique_id_column_name"] == "id"
        assert len(settings["comparisons"]) == len(spec.comparisons)
        assert len(settings["blocking_rules_to_generate_predictions"]) == len(spec.blocks)
        surname = settings["comparisons"][0]["comparison_levels"]
        assert surname[1]["m_probability"] == pytest.approx(params.m_u("surname", 1)[0])
        assert surname[1]["tf_adjustment_column"] == "surname_skel"


def test_level_and_block_sql() -> None:
    """Custom levels and blocking rules use Splink's column naming."""
    dob = LINK_SPEC.comparison("dob")
    swap = next(level for level in dob.levels if level.kind == "cross")
    assert level_sql(swap) == "(dob_l = dob_swapped_r OR dob_swapped_l = dob_r)"
    near = next(level for level in dob.levels if level.also)
    assert "dob_md_l = dob_md_r" in level_sql(near) and "abs(dob_year_l - dob_year_r) <= 1" in level_sql(near)
    assert level_sql(Level(label="", kind="jaro_winkler", column="x", threshold=0.9), "spark").startswith(
        "jaro_winkler("
    )
    block = next(b for b in LINK_SPEC.blocks if any(t.prefix for t in b.terms))
    assert "substr(l.surname_skel, 1, 3) = substr(r.surname_skel, 1, 3)" in block_sql(block)


def test_fingerprint_follows_the_compared_fields_only() -> None:
    """Link and dedupe share parameters; changing a level changes the fingerprint."""
    assert LINK_SPEC.fingerprint() == DEDUPE_SPEC.fingerprint()
    changed = LINK_SPEC.comparisons[0].levels[1].__class__(label="x", kind="exact", column="surname_fold")
    other = LINK_SPEC.__class__(
        link_type="link_only",
        comparisons=(LINK_SPEC.comparisons[0].__class__(name="surname", field="surname", levels=(changed,)),),
        blocks=LINK_SPEC.blocks,
        deterministic=LINK_SPEC.deterministic,
    )
    assert other.fingerprint() != LINK_SPEC.fingerprint()


def test_params_round_trip_through_json(tmp_path: object) -> None:
    """Saved parameters read back identical and still fit the spec."""
    params = prior_params(LINK_SPEC, lambda_=3e-5)
    again = ModelParams.from_json(params.to_json())
    assert again.levels == params.levels and again.lambda_ == params.lambda_
    assert again.fits(LINK_SPEC)
    assert params.weight("surname", 0) == 0.0  # the "missing" level
    assert (
        params.weight("surname", 1)
        > 0
        > params.weight("surname", len(LINK_SPEC.comparison("surname").levels) - 1)
    )


def _pairs(rows: list[tuple[str, str, float]]) -> pa.Table:
    weights = [math.log2(p / (1 - p)) for _, _, p in rows]
    return pa.table({
        "left_id": [r[0] for r in rows], "right_id": [r[1] for r in rows],
        "match_probability": [r[2] for r in rows], "match_weight": weights,
    })  # fmt: skip


def test_one_to_one_keeps_the_best_partner_of_each_record() -> None:
    """a1 prefers b1 (0.99), so a1–b2 goes; a2 then takes b2; pairs under the threshold never count."""
    pairs = _pairs(
        [("a1", "b1", 0.99), ("a1", "b2", 0.9), ("a2", "b2", 0.8), ("a2", "b1", 0.7), ("a3", "b3", 0.2)]
    )
    kept = one_to_one(pairs, threshold=0.5)
    assert set(zip(kept["left_id"].to_pylist(), kept["right_id"].to_pylist(), strict=True)) == {
        ("a1", "b1"),
        ("a2", "b2"),
    }


def test_prior_is_re_estimated_from_the_scores() -> None:
    """Many confident pairs among few possible ones raise the prior; rescoring shifts every weight equally."""
    pairs = _pairs([(f"a{i}", f"b{i}", 0.9) for i in range(50)])
    prior = refine_prior(pairs["match_weight"], prior=1e-4, n_pairs=100 * 100, max_matches=100)
    assert 1e-4 < prior <= 100 / (100 * 100)
    again = reweight(pairs, old_prior=1e-4, new_prior=prior)
    shift = again["match_weight"][0].as_py() - pairs["match_weight"][0].as_py()
    assert shift == pytest.approx(math.log2(prior / (1 - prior)) - math.log2(1e-4 / (1 - 1e-4)))
    assert all(p > 0.9 for p in again["match_probability"].to_pylist())


def test_connected_clusters_join_chains() -> None:
    """r1–r2 and r2–r3 above the threshold make one cluster named after its first record; r4 is alone."""
    pairs = _pairs([("r2", "r3", 0.95), ("r1", "r2", 0.92), ("r3", "r4", 0.3)])
    clusters = connected_clusters(["r1", "r2", "r3", "r4"], pairs, threshold=0.9)
    assert clusters["cluster_id"].to_pylist() == ["r1", "r1", "r1", "r4"]
