"""The HiGHS planners find the same optimum as exhaustive search, and keep every rule on larger pools."""

from __future__ import annotations

import random

import pytest
from planning_pools import random_pool

from cartel.engine.planning import (
    BinaryHighsSolver,
    BruteForceSolver,
    Candidate,
    HighsSolver,
    PlanProblem,
    PlanResult,
    ReasonCode,
    load_pool,
    plan,
    plan_breaches,
)


def tie_weight(problem: PlanProblem, result: PlanResult) -> int:
    """Sum over the list of each person's count of eligible people at or after them in urgency order."""
    rules = {r.code: r for r in problem.categories}

    def eligible(c: Candidate) -> bool:
        rule = rules.get(c.category)
        return c.ready and c.consent and rule is not None and rule.side in (None, c.side)

    order = sorted(filter(eligible, problem.candidates), key=lambda c: (-c.priority, c.id))
    weight = {c.id: len(order) - rank for rank, c in enumerate(order)}
    return sum(weight[i] for i in result.selected)


def assert_well_formed(problem: PlanProblem, result: PlanResult) -> None:
    """The list keeps every rule and everyone in the pool is either listed or excluded with a reason."""
    assert plan_breaches(problem, result.selected) == []
    ids = [c.id for c in problem.candidates]
    assert sorted([*result.selected, *(e.id for e in result.excluded)]) == sorted(ids)
    assert all(e.reason.strip() for e in result.excluded)
    if result.optimal and all(c.priority >= 0 for c in problem.candidates):
        # An optimal list leaves nobody off without a binding limit to name.
        assert not {e.code for e in result.excluded} & {ReasonCode.NOT_SELECTED, ReasonCode.NO_GAIN}
    listed = set(result.selected)
    total = sum(c.priority for c in problem.candidates if c.id in listed)
    assert result.objective == total


@pytest.mark.parametrize("seed", range(20))
def test_highs_matches_brute_force_on_small_random_pools(seed: int) -> None:
    """On pools of up to 14 people the aggregated model's total priority equals exhaustive search, ties too."""
    rng = random.Random(seed)
    for _ in range(20):
        sides = "AB" if rng.random() < 0.85 else rng.choice("AB")
        problem = load_pool(random_pool(rng, rng.randint(0, 14), sides=sides))
        exact = plan(problem, solver=BruteForceSolver())
        fast = plan(problem)
        assert fast.optimal and fast.status == "optimal"
        assert fast.objective == exact.objective
        assert tie_weight(problem, fast) == tie_weight(problem, exact)
        assert_well_formed(problem, fast)
        assert_well_formed(problem, exact)


@pytest.mark.parametrize("seed", range(4))
def test_binary_model_matches_brute_force(seed: int) -> None:
    """The plain one-binary-per-candidate model agrees with exhaustive search as well."""
    rng = random.Random(1000 + seed)
    for _ in range(10):
        problem = load_pool(random_pool(rng, rng.randint(0, 12)))
        exact = plan(problem, solver=BruteForceSolver())
        binary = plan(problem, solver=BinaryHighsSolver())
        assert binary.objective == exact.objective
        assert_well_formed(problem, binary)


@pytest.mark.parametrize("seed", range(3))
def test_aggregated_matches_binary_model_on_medium_pools(seed: int) -> None:
    """On a few hundred people the aggregated and binary models reach the same optimum."""
    rng = random.Random(2000 + seed)
    data = random_pool(rng, 400)
    data["stage"]["capacity_per_side"] = rng.randint(20, 150)
    problem = load_pool(data)
    aggregated = plan(problem)
    binary = plan(problem, solver=BinaryHighsSolver())
    assert aggregated.objective == binary.objective
    assert tie_weight(problem, aggregated) == tie_weight(problem, binary)
    assert_well_formed(problem, aggregated)


def test_large_random_pool_keeps_every_rule() -> None:
    """A pool of 12,000 is planned optimally with every rule kept and a reason for each person left off."""
    rng = random.Random(7)
    data = random_pool(rng, 12_000)
    data["agreement"]["categories"] = [
        {"code": "wounded", "rule": "all_for_all"},
        {"code": "young", "rule": "all_for_all"},
        {"code": "general", "rule": "n_for_n", "quota_remaining": 900},
        {"code": "тяжкопоранені", "rule": "unilateral"},
    ]
    data["stage"].update(
        capacity_per_side=2_500, stretcher_capacity_per_side=300, balance="per_category", tolerance=3
    )
    for person in data["candidates"]:
        person["priority"] = rng.randint(0, 1000)
    problem = load_pool(data)
    result = plan(problem)
    assert result.optimal
    assert_well_formed(problem, result)
    assert 0 < result.counts.total <= 5_000


def test_fractional_priorities_are_planned_exactly() -> None:
    """Priorities need not be whole numbers; the optimum still matches exhaustive search."""
    rng = random.Random(99)
    for _ in range(20):
        data = random_pool(rng, rng.randint(1, 12))
        for person in data["candidates"]:
            person["priority"] = round(rng.uniform(0, 10), 3)
        problem = load_pool(data)
        exact = plan(problem, solver=BruteForceSolver())
        fast = plan(problem)
        assert fast.objective == pytest.approx(exact.objective, abs=1e-9)
        assert plan_breaches(problem, fast.selected) == []


def test_highs_solver_is_the_default() -> None:
    """`plan` without a solver uses the aggregated HiGHS model."""
    assert plan(load_pool(random_pool(random.Random(1), 5))).solver == HighsSolver.name
