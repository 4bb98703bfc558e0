"""Turning a chosen list into a `PlanResult`, with a reason a person understands for everyone left off.

For an eligible candidate who is not listed, the reason is the limit that adding them alone would break, checked
in this order: stretcher places, category quota, side capacity, then parity or balance. For parity and balance the
reason says why no counterpart from the other side can come along (none left, their places full, their quota
used up, their stretcher places full).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable

from .model import Balance, Candidate, Exclusion, PlanCounts, PlanResult, PlanStatus, ReasonCode, Rule
from .prepare import Prepared
from .rules import Tally

__all__ = ["finish"]


def finish(
    prepared: Prepared, chosen: Iterable[Candidate], *, status: PlanStatus, solver: str, started: float
) -> PlanResult:
    """Return the `PlanResult` for the candidates chosen from an already screened pool."""
    problem = prepared.problem
    listed = {c.id for c in chosen}
    picked: list[Candidate] = []
    unpicked: list[Candidate] = []
    for c in prepared.eligible:
        (picked if c.id in listed else unpicked).append(c)
    tally = Tally(problem, prepared.sides)
    for candidate in picked:
        tally.add(candidate)
    excluded = _Explainer(prepared, tally, picked, unpicked).exclusions(unpicked)
    excluded.extend(e for _, e in prepared.screened_out)
    objective: float
    if prepared.integral:
        objective = sum(int(c.priority) for c in picked)
    else:
        objective = math.fsum(c.priority for c in picked)
    sides = prepared.sides
    counts = PlanCounts(
        total=len(picked),
        by_side={s: tally.total[s] for s in sides},
        by_category={r.code: {s: tally.cell[s, r.code] for s in sides} for r in problem.categories},
        stretcher_by_side={s: tally.stretcher[s] for s in sides},
    )
    return PlanResult(
        selected=tuple(c.id for c in picked),
        excluded=tuple(excluded),
        objective=objective,
        counts=counts,
        status=status,
        optimal=status is PlanStatus.OPTIMAL,
        solve_seconds=time.perf_counter() - started,
        solver=solver,
    )


class _Explainer:
    """Reasons for eligible candidates left off, from the list's head counts."""

    def __init__(
        self, prepared: Prepared, tally: Tally, picked: list[Candidate], unpicked: list[Candidate]
    ) -> None:
        self.problem = prepared.problem
        self.tally = tally
        self.eligible_cell: Counter[tuple[str, str]] = Counter()
        self.eligible_balanced: Counter[str] = Counter()
        for group in prepared.groups:
            side, category, _ = group.key
            self.eligible_cell[side, category] += len(group.members)
            if tally.in_balance(category):
                self.eligible_balanced[side] += len(group.members)
        self.left_cell = Counter((c.side, c.category, c.stretcher) for c in unpicked)
        self.lowest: dict[str, float] = {}
        self.lowest_stretcher: dict[str, float] = {}
        for c in picked:
            self.lowest[c.side] = min(self.lowest.get(c.side, math.inf), c.priority)
            if c.stretcher:
                self.lowest_stretcher[c.side] = min(self.lowest_stretcher.get(c.side, math.inf), c.priority)

    def exclusions(self, unpicked: list[Candidate]) -> list[Exclusion]:
        """Return an exclusion with its reason for each eligible candidate left off, in the same order."""
        # The reason depends on the person's side, category, stretcher need and priority only.
        known: dict[tuple[str, str, bool, float], tuple[ReasonCode, str]] = {}
        found: list[Exclusion] = []
        for c in unpicked:
            key = (c.side, c.category, c.stretcher, c.priority)
            why = known.get(key)
            if why is None:
                why = known[key] = self._why(c)
            found.append(Exclusion(id=c.id, code=why[0], reason=why[1]))
        return found

    def _why(self, c: Candidate) -> tuple[ReasonCode, str]:
        problem, stage, tally = self.problem, self.problem.stage, self.tally
        side = c.side
        limit = stage.stretcher_capacity_per_side
        if c.stretcher and limit is not None and tally.stretcher[side] >= limit:
            taken = _by_whom(self.lowest_stretcher.get(side), c.priority, "cases")
            return (
                ReasonCode.STRETCHER_FULL,
                f"stretcher places full: side {side}'s {limit} stretcher places {taken}",
            )
        quota = problem.quota_left(side, c.category)
        if quota is not None and tally.cell[side, c.category] >= quota:
            return ReasonCode.QUOTA_USED, f"quota for category {c.category} used up ({quota} per side)"
        if tally.total[side] >= stage.capacity_per_side:
            taken = _by_whom(self.lowest.get(side), c.priority, "candidates")
            return ReasonCode.CAPACITY, f"capacity: side {side}'s {stage.capacity_per_side} places {taken}"
        scope = self._balance_scope(c)
        if scope is not None:
            return ReasonCode.NO_COUNTERPART, self._no_counterpart(c, scope)
        if c.priority <= 0:
            return ReasonCode.NO_GAIN, f"priority {c.priority} adds nothing to the stage's total priority"
        return (
            ReasonCode.NOT_SELECTED,
            "not selected: the solver stopped before finding room for this candidate",
        )

    def _balance_scope(self, c: Candidate) -> str | None:
        """Return "category" or "overall" when adding `c` alone breaks parity or balance, else None."""
        stage, tally = self.problem.stage, self.tally
        rule = self.problem.rule_for(c.category)
        if rule is None or rule.rule is Rule.UNILATERAL:
            return None
        if rule.rule is Rule.N_FOR_N:
            return "category"
        other = tally.other(c.side)
        if stage.balance is Balance.PER_CATEGORY:
            theirs = tally.cell[other, c.category] if other else 0
            if abs(tally.cell[c.side, c.category] + 1 - theirs) > stage.tolerance:
                return "category"
        if stage.balance is Balance.OVERALL:
            theirs = tally.balanced[other] if other else 0
            if abs(tally.balanced[c.side] + 1 - theirs) > stage.tolerance:
                return "overall"
        return None

    def _no_counterpart(self, c: Candidate, scope: str) -> str:
        problem, tally = self.problem, self.tally
        other = tally.other(c.side)
        where = f" in {c.category}" if scope == "category" else ""
        if other is None:
            return f"no counterpart for balance: no other side has candidates{where} in this pool"
        if scope == "category":
            categories = [c.category]
            ours, theirs = self.eligible_cell[c.side, c.category], self.eligible_cell[other, c.category]
        else:
            categories = [r.code for r in problem.categories if r.rule is Rule.ALL_FOR_ALL]
            ours, theirs = self.eligible_balanced[c.side], self.eligible_balanced[other]
        left = {flag: sum(self.left_cell[other, k, flag] for k in categories) for flag in (False, True)}
        if not left[False] and not left[True]:
            if theirs < ours:
                return (
                    f"no counterpart for balance: side {other} has fewer eligible candidates{where} "
                    f"({c.side}: {ours}, {other}: {theirs})"
                )
            return f"no counterpart for balance: side {other} has no eligible candidates{where} left to pair with"
        capacity = problem.stage.capacity_per_side
        if tally.total[other] >= capacity:
            return f"no counterpart for balance: side {other}'s {capacity} places are full"
        quotas = [problem.quota_left(other, k) for k in categories]
        used_up = [
            q is not None and tally.cell[other, k] >= q for k, q in zip(categories, quotas, strict=True)
        ]
        if used_up and all(used_up):
            return f"no counterpart for balance: side {other}'s quota{where} is used up"
        limit = problem.stage.stretcher_capacity_per_side
        if not left[False] and limit is not None and tally.stretcher[other] >= limit:
            return f"no counterpart for balance: side {other}'s remaining candidates{where} need stretcher places, which are full"
        return f"no counterpart for balance: no pair with side {other}{where} raises the total priority"


def _by_whom(lowest: float | None, priority: float, people: str) -> str:
    if lowest is not None and lowest > priority:
        return f"are filled by higher-priority {people}"
    if lowest is not None and lowest == priority:
        return f"are filled by {people} of equal or higher priority"
    return f"are full (a list with a higher total priority uses them for other {people})"
