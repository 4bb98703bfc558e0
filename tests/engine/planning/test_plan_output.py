"""The plan JSON of `cartel plan POOL.json --out PLAN.json` and the several-stage schedule."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from planning_pools import DESIGN_POOL, person, pool, random_pool

from cartel.engine.planning import (
    BruteForceSolver,
    PoolError,
    ReasonCode,
    load_pool,
    plan,
    plan_breaches,
    plan_file,
    plan_to_json,
    schedule,
    schedule_to_json,
)


def test_design_example_round_trips_through_files(tmp_path: Path) -> None:
    """The DESIGN pool file gives a plan file in the DESIGN output format."""
    pool_path, out_path = tmp_path / "pool.json", tmp_path / "plan.json"
    pool_path.write_text(json.dumps(DESIGN_POOL), encoding="utf-8")
    result = plan_file(pool_path, out_path)
    written = json.loads(out_path.read_text(encoding="utf-8"))
    assert {"selected", "excluded", "objective", "counts"} <= set(written)
    # A lone wounded man of side A has no counterpart under overall balance with tolerance 0.
    assert written["selected"] == [] and written["objective"] == 0
    assert written["excluded"][0]["id"] == "A-17"
    assert written["excluded"][0]["reason"] == (
        "no counterpart for balance: side B has fewer eligible candidates (A: 1, B: 0)"
    )
    assert (written["counts"]["A"], written["counts"]["B"]) == (0, 0)
    assert written["optimal"] is True and written["status"] == "optimal"
    assert result.selected == ()


def test_plan_json_shape() -> None:
    """Counts are given per side, per category and side, and for stretcher cases; excluded items carry codes."""
    data = pool(
        [
            person("A-1", "A", "wounded", 10, stretcher=True),
            person("A-2", "A", "general", 5),
            person("B-1", "B", "general", 7),
            person("B-2", "B", "young", 3),
            person("Б-3", "B", "young", 2, consent=False),
        ]
    )
    written = plan_to_json(plan(load_pool(data)))
    assert written["selected"] == ["A-1", "B-1", "A-2", "B-2"]
    assert written["objective"] == 25
    assert written["excluded"] == [
        {"id": "Б-3", "reason": "no consent recorded (GC III Art. 109(3))", "reason_code": "no_consent"}
    ]
    counts = written["counts"]
    assert (counts["total"], counts["A"], counts["B"]) == (4, 2, 2)
    assert counts["by_category"] == {
        "wounded": {"A": 1, "B": 0},
        "young": {"A": 0, "B": 1},
        "general": {"A": 1, "B": 1},
    }
    assert counts["stretcher"] == {"A": 1, "B": 0}
    json.dumps(written)


def test_plan_file_rejects_bad_json(tmp_path: Path) -> None:
    """A pool file that is not JSON raises PoolError, not a bare decoding error."""
    bad = tmp_path / "pool.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(PoolError, match="not valid JSON"):
        plan_file(bad, tmp_path / "plan.json")


def test_any_solver_plugs_in() -> None:
    """A solver behind the protocol, here the brute force, gives the same plan JSON fields."""
    problem = load_pool(random_pool(random.Random(5), 10))
    result = plan(problem, solver=BruteForceSolver())
    assert plan_to_json(result)["solver"] == "brute-force"
    assert plan_to_json(result)["objective"] == plan(problem).objective


def test_schedule_places_the_most_urgent_first_and_carries_quota() -> None:
    """Stages are disjoint, keep their limits, fall in total priority, and share the n_for_n quota."""
    categories = [
        {"code": "general", "rule": "n_for_n", "quota_remaining": 5},
        {"code": "wounded", "rule": "all_for_all"},
    ]
    rng = random.Random(8)
    people = [
        person(f"{side}-{i}", side, rng.choice(["general", "wounded"]), rng.randint(1, 50))
        for i in range(12)
        for side in "AB"
    ]
    people.append(person("A-99", "A", "wounded", 99, ready=False))
    problem = load_pool(pool(people, categories=categories, capacity=3))
    result = schedule(problem, 3)
    assert len(result.stages) == 3 and result.optimal
    placed = [i for stage in result.stages for i in stage.selected]
    assert len(placed) == len(set(placed)) == len(result.stage_of)
    for stage in result.stages:
        assert plan_breaches(problem, stage.selected) == []
    objectives = [stage.objective for stage in result.stages]
    assert objectives == sorted(objectives, reverse=True)
    general = sum(stage.counts.by_category["general"]["A"] for stage in result.stages)
    assert general <= 5
    left = {e.id: e for e in result.left_over}
    assert left["A-99"].code is ReasonCode.NOT_READY
    assert set(left) | set(placed) == {p["id"] for p in people}
    assert all(e.reason for e in result.left_over)
    assert json.loads(json.dumps(schedule_to_json(result)))["stages"][0]["selected"] == list(
        result.stages[0].selected
    )


def test_schedule_needs_a_stage() -> None:
    """Asking for zero stages is refused."""
    with pytest.raises(ValueError, match="at least 1"):
        schedule(load_pool(pool([])), 0)
