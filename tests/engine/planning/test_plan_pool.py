"""Reading planner pools: the DESIGN format is accepted and every malformed field is named."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planning_pools import DESIGN_POOL, person, pool

from cartel.engine.planning import Balance, PoolError, Rule, load_pool


def test_design_example_is_read() -> None:
    """The pool shown in DESIGN.md loads with its rules, limits and candidate."""
    problem = load_pool(DESIGN_POOL)
    assert [(r.code, r.rule, r.quota_remaining) for r in problem.categories] == [
        ("wounded", Rule.ALL_FOR_ALL, None),
        ("young", Rule.ALL_FOR_ALL, None),
        ("general", Rule.N_FOR_N, 120),
    ]
    assert problem.stage.capacity_per_side == 300
    assert problem.stage.stretcher_capacity_per_side == 40
    assert problem.stage.balance is Balance.OVERALL and problem.stage.tolerance == 0
    (candidate,) = problem.candidates
    assert (candidate.id, candidate.side, candidate.priority, candidate.stretcher) == ("A-17", "A", 87, True)


def test_missing_flags_default_to_not_listable() -> None:
    """A candidate without `ready`, `consent` or `stretcher` counts as not ready, without consent, walking."""
    data = pool([{"id": "Б-1", "side": "B", "category": "wounded", "priority": 3}])
    (candidate,) = load_pool(data).candidates
    assert (candidate.ready, candidate.consent, candidate.stretcher) == (False, False, False)


def test_extra_keys_are_ignored() -> None:
    """Unknown keys (a name, a note) do not disturb loading."""
    data = pool([{**person("A-1", "A", "wounded", 5), "name": "Петренко Іван / Petrenko Ivan"}])
    data["note"] = "stage 4"
    assert load_pool(data).candidates[0].id == "A-1"


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(pool([person("A-1", "A", "wounded", 5), person("B-1", "B", "young", 4)]))
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["agreement"], KeyError, "agreement: expected an object"),
        (["agreement", "categories"], "wounded", "agreement.categories: expected a list"),
        (
            ["agreement", "categories", 0, "rule"],
            "some_for_some",
            "agreement.categories[0].rule: 'some_for_some'",
        ),
        (["agreement", "categories", 2, "quota_remaining"], -1, "agreement.categories[2].quota_remaining"),
        (["agreement", "categories", 1, "code"], "wounded", "duplicate category code 'wounded'"),
        (["agreement", "categories", 0, "side"], "A", "agreement.categories[0].side: only a unilateral"),
        (["stage", "capacity_per_side"], KeyError, "stage.capacity_per_side"),
        (["stage", "capacity_per_side"], 2.5, "stage.capacity_per_side: expected a whole number"),
        (["stage", "balance"], "fair", "stage.balance: 'fair' is not one of overall, per_category, none"),
        (["stage", "tolerance"], True, "stage.tolerance"),
        (["candidates"], {}, "candidates: expected a list"),
        (
            ["candidates", 1, "priority"],
            "high",
            "candidates[1] (id 'B-1').priority: expected a finite number",
        ),
        (["candidates", 1, "priority"], float("nan"), "candidates[1] (id 'B-1').priority"),
        (["candidates", 0, "ready"], "yes", "candidates[0] (id 'A-1').ready: expected true or false"),
        (["candidates", 0, "side"], "", "candidates[0] (id 'A-1').side"),
        (["candidates", 0, "side"], "total", "candidates[0] (id 'A-1').side: 'total' is reserved"),
        (["candidates", 0, "id"], None, "candidates[0].id"),
        (["candidates", 1, "id"], "A-1", "candidates[1].id: duplicate id 'A-1'"),
        (["candidates", 1, "side"], "C", None),
    ],
)
def test_malformed_pool_names_the_bad_field(path: list[Any], value: Any, message: str | None) -> None:
    """Each malformed field raises PoolError with a message naming it."""
    data = broken(path, value)
    if message is None:
        data["candidates"].append(person("D-1", "D", "wounded", 1))
        message = "a stage has two sides, found 3"
    with pytest.raises(PoolError) as caught:
        load_pool(data)
    assert message in str(caught.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.floats(allow_nan=True) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=20,
)
candidate_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=4) | st.integers(0, 9),
        "side": st.sampled_from(["A", "B", "C", ""]) | json_values,
        "category": st.sampled_from(["wounded", "general", "x"]) | json_values,
        "priority": st.integers(-3, 100) | st.floats() | json_values,
        "ready": st.booleans() | json_values,
        "consent": st.booleans() | json_values,
        "stretcher": st.booleans() | json_values,
    },
)
pool_like = st.fixed_dictionaries(
    {},
    optional={
        "agreement": st.fixed_dictionaries(
            {},
            optional={
                "categories": st.lists(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "code": st.sampled_from(["wounded", "general"]) | json_values,
                            "rule": st.sampled_from(["all_for_all", "n_for_n", "unilateral"]) | json_values,
                            "quota_remaining": st.integers(-1, 5) | json_values,
                            "side": st.sampled_from(["A", "B"]) | json_values,
                        },
                    ),
                    max_size=3,
                )
                | json_values
            },
        )
        | json_values,
        "stage": st.fixed_dictionaries(
            {},
            optional={
                "capacity_per_side": st.integers(-1, 5) | json_values,
                "stretcher_capacity_per_side": st.integers(-1, 5) | json_values,
                "balance": st.sampled_from(["overall", "per_category", "none"]) | json_values,
                "tolerance": st.integers(-1, 3) | json_values,
            },
        )
        | json_values,
        "candidates": st.lists(candidate_like, max_size=5) | json_values,
    },
)


@settings(max_examples=200, deadline=None)
@given(pool_like)
def test_any_input_loads_or_raises_pool_error(data: dict[str, Any]) -> None:
    """Whatever JSON arrives, loading either succeeds or raises PoolError, never another exception."""
    try:
        problem = load_pool(data)
    except PoolError as error:
        assert str(error)
    else:
        assert len(problem.sides()) <= 2
