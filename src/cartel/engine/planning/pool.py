"""Reading a planner pool (the `cartel plan POOL.json` format of DESIGN.md) into a `PlanProblem`.

Validation is strict about types and names every bad field; it is lenient about extra keys, which are ignored.
A missing `ready` or `consent` counts as false, so such a candidate is excluded with a reason rather than listed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .model import Balance, Candidate, CategoryRule, PlanProblem, PoolError, Rule, StageLimits

__all__ = ["RESERVED_SIDE_CODES", "load_pool"]

# Keys of the output's "counts" object that side codes may not shadow.
RESERVED_SIDE_CODES = frozenset({"total", "by_category", "stretcher"})


def load_pool(data: Mapping[str, Any]) -> PlanProblem:
    """Return the `PlanProblem` described by a parsed pool, or raise `PoolError` naming the bad field."""
    if not isinstance(data, Mapping):
        raise PoolError(f"pool: expected a JSON object, got {type(data).__name__}")
    agreement = _mapping(data, "agreement")
    raw_categories = agreement.get("categories")
    if not isinstance(raw_categories, list):
        raise PoolError("agreement.categories: expected a list")
    categories = tuple(_category(raw, f"agreement.categories[{i}]") for i, raw in enumerate(raw_categories))
    codes = [c.code for c in categories]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise PoolError(f"agreement.categories: duplicate category code {duplicates[0]!r}")
    stage = _stage(_mapping(data, "stage"))
    raw_candidates = data.get("candidates")
    if not isinstance(raw_candidates, list):
        raise PoolError("candidates: expected a list")
    candidates = tuple(_candidate(raw, i) for i, raw in enumerate(raw_candidates))
    _check_ids_and_sides(candidates)
    return PlanProblem(categories=categories, stage=stage, candidates=candidates)


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise PoolError(f"{key}: expected an object")
    return value


def _category(raw: Any, where: str) -> CategoryRule:
    if not isinstance(raw, Mapping):
        raise PoolError(f"{where}: expected an object")
    code = _text(raw.get("code"), f"{where}.code")
    rule_name = raw.get("rule")
    try:
        rule = Rule(str(rule_name))
    except ValueError:
        allowed = ", ".join(r.value for r in Rule)
        raise PoolError(f"{where}.rule: {rule_name!r} is not one of {allowed} (category {code!r})") from None
    quota = _count(raw.get("quota_remaining"), f"{where}.quota_remaining", optional=True)
    side = raw.get("side")
    if side is not None:
        side = _text(side, f"{where}.side")
        if rule is not Rule.UNILATERAL:
            raise PoolError(f"{where}.side: only a unilateral category names the side that hands over")
    return CategoryRule(code=code, rule=rule, quota_remaining=quota, side=side)


def _stage(raw: Mapping[str, Any]) -> StageLimits:
    capacity = _count(raw.get("capacity_per_side"), "stage.capacity_per_side", optional=False)
    assert capacity is not None
    stretcher = _count(
        raw.get("stretcher_capacity_per_side"), "stage.stretcher_capacity_per_side", optional=True
    )
    balance_name = raw.get("balance", Balance.OVERALL.value)
    try:
        balance = Balance(str(balance_name))
    except ValueError:
        allowed = ", ".join(b.value for b in Balance)
        raise PoolError(f"stage.balance: {balance_name!r} is not one of {allowed}") from None
    tolerance = _count(raw.get("tolerance", 0), "stage.tolerance", optional=False)
    assert tolerance is not None
    return StageLimits(
        capacity_per_side=capacity,
        stretcher_capacity_per_side=stretcher,
        balance=balance,
        tolerance=tolerance,
    )


def _candidate(raw: Any, index: int) -> Candidate:
    where = f"candidates[{index}]"
    if not isinstance(raw, Mapping):
        raise PoolError(f"{where}: expected an object")
    raw_id = raw.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    ident = _text(raw_id, f"{where}.id")
    where = f"{where} (id {ident!r})"
    priority = raw.get("priority")
    if isinstance(priority, bool) or not isinstance(priority, int | float) or not _finite(priority):
        raise PoolError(f"{where}.priority: expected a finite number, got {priority!r}")
    side = _text(raw.get("side"), f"{where}.side")
    if side in RESERVED_SIDE_CODES:
        raise PoolError(f"{where}.side: {side!r} is reserved; use a short side code such as 'A' or 'B'")
    return Candidate(
        id=ident,
        side=side,
        category=_text(raw.get("category"), f"{where}.category"),
        priority=priority,
        ready=_flag(raw.get("ready"), f"{where}.ready"),
        consent=_flag(raw.get("consent"), f"{where}.consent"),
        stretcher=_flag(raw.get("stretcher"), f"{where}.stretcher"),
    )


def _check_ids_and_sides(candidates: tuple[Candidate, ...]) -> None:
    seen: set[str] = set()
    for index, candidate in enumerate(candidates):
        if candidate.id in seen:
            raise PoolError(f"candidates[{index}].id: duplicate id {candidate.id!r}")
        seen.add(candidate.id)
    sides = sorted({c.side for c in candidates})
    if len(sides) > 2:
        raise PoolError(f"candidates: a stage has two sides, found {len(sides)}: {', '.join(sides)}")


def _finite(number: float) -> bool:
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PoolError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _count(value: Any, where: str, *, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PoolError(f"{where}: expected a whole number of at least 0, got {value!r}")
    return value


def _flag(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise PoolError(f"{where}: expected true or false, got {value!r}")
    return value
