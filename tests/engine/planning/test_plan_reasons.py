"""Who is listed in typical and edge-case stages, and the reason given to everyone left off."""

from __future__ import annotations

import random
from typing import Any

from planning_pools import person, pool

from cartel.engine.planning import PlanResult, ReasonCode, load_pool, plan, plan_breaches


def run(data: dict[str, Any]) -> PlanResult:
    problem = load_pool(data)
    result = plan(problem)
    assert result.optimal
    assert plan_breaches(problem, result.selected) == []
    return result


def reasons(result: PlanResult) -> dict[str, tuple[ReasonCode, str]]:
    return {e.id: (e.code, e.reason) for e in result.excluded}


def many(side: str, category: str, priorities: list[int], **flags: Any) -> list[dict[str, Any]]:
    return [person(f"{side}-{category}-{i}", side, category, p, **flags) for i, p in enumerate(priorities)]


def test_empty_pool_plans_nothing() -> None:
    """An empty pool gives an empty, optimal list."""
    result = run(pool([]))
    assert result.selected == () and result.excluded == () and result.objective == 0


def test_screening_reasons_for_not_ready_no_consent_and_unknown_category() -> None:
    """People who may not go are excluded with the screening reason, Art. 109(3) named for consent."""
    result = run(
        pool(
            [
                person("A-1", "A", "wounded", 90, ready=False),
                person("A-2", "A", "wounded", 80, consent=False),
                person("B-1", "B", "wounded", 70, ready=False, consent=False),
                person("B-2", "B", "невідома", 60),
            ],
            balance="none",
        )
    )
    why = reasons(result)
    assert why["A-1"] == (ReasonCode.NOT_READY, "not ready")
    assert why["A-2"] == (ReasonCode.NO_CONSENT, "no consent recorded (GC III Art. 109(3))")
    assert why["B-1"][0] is ReasonCode.NOT_READY and "no consent recorded" in why["B-1"][1]
    assert why["B-2"][0] is ReasonCode.UNKNOWN_CATEGORY and "невідома" in why["B-2"][1]
    assert result.selected == ()


def test_all_not_ready_lists_nobody() -> None:
    """When nobody is ready, nobody is listed and everyone says why."""
    people = many("A", "wounded", [5, 6], ready=False) + many("B", "wounded", [7], ready=False)
    result = run(pool(people))
    assert result.selected == ()
    assert {code for code, _ in reasons(result).values()} == {ReasonCode.NOT_READY}


def test_capacity_reason_names_the_side_and_its_places() -> None:
    """The lowest priorities beyond a side's places are excluded for capacity."""
    people = many("A", "wounded", [50, 40, 30, 20, 10]) + many("B", "wounded", [55, 45, 35, 25, 15])
    result = run(pool(people, capacity=3))
    assert set(result.selected) == {
        "A-wounded-0",
        "A-wounded-1",
        "A-wounded-2",
        "B-wounded-0",
        "B-wounded-1",
        "B-wounded-2",
    }
    assert reasons(result)["A-wounded-4"] == (
        ReasonCode.CAPACITY,
        "capacity: side A's 3 places are filled by higher-priority candidates",
    )


def test_stretcher_places_full() -> None:
    """Stretcher cases beyond the stretcher places stay, even with seats free."""
    people = many("A", "wounded", [90, 80, 70], stretcher=True) + many("B", "wounded", [60, 50, 40])
    result = run(pool(people, stretcher=2, balance="none"))
    assert "A-wounded-2" not in result.selected
    code, text = reasons(result)["A-wounded-2"]
    assert code is ReasonCode.STRETCHER_FULL and text.startswith("stretcher places full")
    assert result.counts.stretcher_by_side == {"A": 2, "B": 0}


def test_quota_for_n_for_n_category_used_up() -> None:
    """An n_for_n category takes at most its remaining quota per side."""
    categories = [{"code": "general", "rule": "n_for_n", "quota_remaining": 2}]
    people = many("A", "general", [9, 8, 7]) + many("B", "general", [6, 5, 4])
    result = run(pool(people, categories=categories))
    assert result.counts.by_category["general"] == {"A": 2, "B": 2}
    assert reasons(result)["A-general-2"] == (
        ReasonCode.QUOTA_USED,
        "quota for category general used up (2 per side)",
    )


def test_n_for_n_without_counterpart() -> None:
    """n_for_n parity is strict: extra people of the larger side have no counterpart."""
    categories = [{"code": "general", "rule": "n_for_n", "quota_remaining": 100}]
    people = many("A", "general", [9, 8, 7, 6, 5]) + many("B", "general", [4, 3, 2])
    result = run(pool(people, categories=categories, balance="none"))
    assert result.counts.by_category["general"] == {"A": 3, "B": 3}
    code, text = reasons(result)["A-general-4"]
    assert code is ReasonCode.NO_COUNTERPART
    assert text == "no counterpart for balance: side B has fewer eligible candidates in general (A: 5, B: 3)"


def test_overall_balance_and_tolerance() -> None:
    """Overall balance allows the sides' totals to differ by at most the tolerance."""
    people = many("A", "wounded", [9, 8, 7, 6, 5]) + many("B", "young", [4, 3])
    strict = run(pool(people))
    assert strict.counts.by_side == {"A": 2, "B": 2}
    assert reasons(strict)["A-wounded-4"][1].startswith(
        "no counterpart for balance: side B has fewer eligible"
    )
    loose = run(pool(people, tolerance=2))
    assert loose.counts.by_side == {"A": 4, "B": 2}


def test_per_category_balance() -> None:
    """Per-category balance pairs the sides within each category, not just in total."""
    people = many("A", "wounded", [9, 8, 7]) + many("B", "young", [6, 5, 4]) + many("B", "wounded", [1])
    result = run(pool(people, balance="per_category"))
    assert result.counts.by_category["wounded"] == {"A": 1, "B": 1}
    assert result.counts.by_category["young"] == {"A": 0, "B": 0}
    assert set(result.selected) == {"A-wounded-0", "B-wounded-0"}
    assert reasons(result)["B-young-0"][0] is ReasonCode.NO_COUNTERPART


def test_unilateral_category_needs_no_counterpart() -> None:
    """A unilateral category goes without parity and outside the balance (Art. 109: parity is policy)."""
    categories = [
        {"code": "seriously_wounded", "rule": "unilateral", "side": "A"},
        {"code": "general", "rule": "n_for_n", "quota_remaining": 10},
    ]
    people = [*many("A", "seriously_wounded", [90, 80, 70]), person("B-9", "B", "seriously_wounded", 99)]
    result = run(pool(people, categories=categories))
    assert set(result.selected) == {"A-seriously_wounded-0", "A-seriously_wounded-1", "A-seriously_wounded-2"}
    assert reasons(result)["B-9"][0] is ReasonCode.WRONG_SIDE


def test_one_side_only() -> None:
    """With one side in the pool, balance finds no counterpart but a unilateral category still goes."""
    categories = [{"code": "wounded", "rule": "all_for_all"}, {"code": "remains", "rule": "unilateral"}]
    people = many("A", "wounded", [5, 4]) + many("A", "remains", [3])
    balanced = run(pool(people, categories=categories))
    assert balanced.selected == ("A-remains-0",)
    assert reasons(balanced)["A-wounded-0"] == (
        ReasonCode.NO_COUNTERPART,
        "no counterpart for balance: side B has fewer eligible candidates (A: 2, B: 0)",
    )
    assert balanced.counts.by_side == {"A": 1, "B": 0}
    free = run(pool(people, categories=categories, balance="none"))
    assert set(free.selected) == {"A-wounded-0", "A-wounded-1", "A-remains-0"}
    assert free.counts.by_side == {"A": 3, "B": 0}


def test_one_unconventional_side_only() -> None:
    """A lone side with another code has no named counterpart."""
    people = many("Сх", "wounded", [5, 4])
    result = run(pool(people, categories=[{"code": "wounded", "rule": "all_for_all"}]))
    assert result.selected == ()
    assert (
        reasons(result)["Сх-wounded-0"][1]
        == "no counterpart for balance: no other side has candidates in this pool"
    )
    assert result.counts.by_side == {"Сх": 0}


def test_counterpart_side_full() -> None:
    """When the other side's places are full, a would-be counterpart cannot come along."""
    categories = [{"code": "wounded", "rule": "all_for_all"}, {"code": "remains", "rule": "unilateral"}]
    people = many("A", "wounded", [9, 8]) + many("B", "remains", [50, 50]) + many("B", "wounded", [1, 1])
    result = run(pool(people, categories=categories, capacity=2))
    assert result.counts.by_side == {"A": 0, "B": 2}
    assert reasons(result)["A-wounded-0"] == (
        ReasonCode.NO_COUNTERPART,
        "no counterpart for balance: side B's 2 places are full",
    )


def test_zero_priority_still_goes_when_there_is_room() -> None:
    """Among lists of equal total priority, the planner lists more people rather than fewer."""
    result = run(pool(many("A", "wounded", [0, 0]) + many("B", "wounded", [0, 0])))
    assert len(result.selected) == 4


def test_ties_go_to_the_lower_id_whatever_the_input_order() -> None:
    """Equal priorities competing for one place go to the lower id, and input order does not matter."""
    people = [
        person("A-2", "A", "young", 5),
        person("A-1", "A", "wounded", 5),
        person("A-3", "A", "wounded", 5, stretcher=True),
        person("B-1", "B", "young", 5),
    ]
    first = run(pool(people, capacity=1, balance="none"))
    assert first.selected == ("A-1", "B-1")
    rng = random.Random(3)
    for _ in range(5):
        rng.shuffle(people)
        assert run(pool(people, capacity=1, balance="none")).selected == first.selected


def test_every_exclusion_has_a_reason_in_a_mixed_stage() -> None:
    """Everyone left off a busy, mixed stage is given a specific reason, never the fallback."""
    rng = random.Random(11)
    people = [
        person(
            f"{side}-{i}",
            side,
            rng.choice(["wounded", "young", "general"]),
            rng.randint(1, 100),
            ready=rng.random() < 0.9,
            consent=rng.random() < 0.9,
            stretcher=rng.random() < 0.3,
        )
        for i in range(300)
        for side in "AB"
        if rng.random() < (0.7 if side == "A" else 0.4)
    ]
    result = run(pool(people, capacity=60, stretcher=10, tolerance=1))
    codes = {e.code for e in result.excluded}
    assert ReasonCode.NOT_SELECTED not in codes and ReasonCode.NO_GAIN not in codes
    assert {ReasonCode.CAPACITY, ReasonCode.STRETCHER_FULL, ReasonCode.NOT_READY} <= codes
