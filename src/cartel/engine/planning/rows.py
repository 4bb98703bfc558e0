"""The stage rules as linear rows over "units" (one candidate, or one group of alike candidates).

A unit is described by its side, category and stretcher need; its variable is how many people it sends (0/1
for a candidate, 0..n for a group). The same rows serve the aggregated model and the plain binary model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Balance, PlanProblem, Rule
from .prepare import GroupKey

__all__ = ["Row", "limit_rows"]


@dataclass(frozen=True, slots=True)
class Row:
    """lower <= sum(coef * unit) <= upper."""

    name: str
    lower: float
    upper: float
    units: tuple[int, ...]
    coefs: tuple[float, ...]


def limit_rows(problem: PlanProblem, sides: tuple[str, ...], units: Sequence[GroupKey]) -> list[Row]:
    """Return the capacity, stretcher, quota, parity and balance rows over `units`."""
    stage = problem.stage
    rules = {r.code: r for r in problem.categories}
    rows: list[Row] = []

    def add(name: str, lower: float, upper: float, picked: list[tuple[int, float]]) -> None:
        if picked:
            rows.append(Row(name, lower, upper, tuple(i for i, _ in picked), tuple(c for _, c in picked)))

    for side in sides:
        on_side = [i for i, (s, _, _) in enumerate(units) if s == side]
        add(f"capacity {side}", 0, stage.capacity_per_side, [(i, 1.0) for i in on_side])
        if stage.stretcher_capacity_per_side is not None:
            stretcher = [(i, 1.0) for i in on_side if units[i][2]]
            add(f"stretcher {side}", 0, stage.stretcher_capacity_per_side, stretcher)
        for code in rules:
            quota = problem.quota_left(side, code)
            if quota is not None:
                add(f"quota {side} {code}", 0, quota, [(i, 1.0) for i in on_side if units[i][1] == code])

    sign = {side: (1.0 if n == 0 else -1.0) for n, side in enumerate(sides)}

    def difference(category: str | None) -> list[tuple[int, float]]:
        return [
            (i, sign[s])
            for i, (s, c, _) in enumerate(units)
            if (c == category if category is not None else rules[c].rule is not Rule.UNILATERAL)
        ]

    tolerance = float(stage.tolerance)
    for code, rule in rules.items():
        if rule.rule is Rule.N_FOR_N:
            add(f"parity {code}", 0, 0, difference(code))
        elif rule.rule is Rule.ALL_FOR_ALL and stage.balance is Balance.PER_CATEGORY:
            add(f"balance {code}", -tolerance, tolerance, difference(code))
    if stage.balance is Balance.OVERALL:
        add("balance", -tolerance, tolerance, difference(None))
    return rows
