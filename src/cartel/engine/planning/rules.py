"""The stage rules as plain counting: head counts of a list and the limits they breach.

This is the planner's reference reading of DESIGN.md ("Planner pool"), kept apart from the solver model so
that tests can check any solver's answer against it, and so that exclusion reasons use the same arithmetic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .model import Balance, Candidate, PlanProblem, Rule

__all__ = ["Tally", "plan_breaches"]


class Tally:
    """Head counts of a list by side, stretcher, category and balance total, updated as candidates are added."""

    def __init__(self, problem: PlanProblem, sides: tuple[str, ...]) -> None:
        self.problem = problem
        self.sides = sides
        self.total: Counter[str] = Counter()
        self.stretcher: Counter[str] = Counter()
        self.cell: Counter[tuple[str, str]] = Counter()
        # Per side, the count over categories that take part in balance (all but unilateral ones).
        self.balanced: Counter[str] = Counter()
        self._rules = {r.code: r.rule for r in problem.categories}

    def add(self, candidate: Candidate) -> None:
        """Count `candidate` as listed."""
        side = candidate.side
        self.total[side] += 1
        self.cell[side, candidate.category] += 1
        if candidate.stretcher:
            self.stretcher[side] += 1
        if self.in_balance(candidate.category):
            self.balanced[side] += 1

    def in_balance(self, category: str) -> bool:
        """Return whether `category` counts towards the sides' balance (unilateral categories do not)."""
        rule = self._rules.get(category)
        return rule is not None and rule is not Rule.UNILATERAL

    def other(self, side: str) -> str | None:
        """Return the opposite side's code, or None when the pool has only one side."""
        for code in self.sides:
            if code != side:
                return code
        return None

    def breaches(self) -> list[str]:
        """Return a sentence for every stage rule the counted list breaks; empty when the list is allowed."""
        problem, stage = self.problem, self.problem.stage
        found: list[str] = []
        for side in sorted(set(self.total) | set(self.sides)):
            if self.total[side] > stage.capacity_per_side:
                found.append(f"side {side}: {self.total[side]} listed, capacity {stage.capacity_per_side}")
            limit = stage.stretcher_capacity_per_side
            if limit is not None and self.stretcher[side] > limit:
                found.append(f"side {side}: {self.stretcher[side]} stretcher cases, capacity {limit}")
        for (side, category), count in sorted(self.cell.items()):
            rule = problem.rule_for(category)
            if rule is None:
                found.append(f"side {side}: {count} listed in unknown category {category}")
                continue
            quota = problem.quota_left(side, category)
            if quota is not None and count > quota:
                found.append(f"side {side}: {count} listed in {category}, quota {quota}")
            if rule.side is not None and side != rule.side and count:
                found.append(f"side {side}: listed in {category}, which only side {rule.side} hands over")
        first, second = self._pair()
        for rule in problem.categories:
            a, b = self.cell[first, rule.code], self.cell[second, rule.code]
            if rule.rule is Rule.N_FOR_N and a != b:
                found.append(f"{rule.code} is n_for_n but the sides list {a} and {b}")
            per_category = stage.balance is Balance.PER_CATEGORY and rule.rule is not Rule.UNILATERAL
            if per_category and abs(a - b) > stage.tolerance:
                found.append(f"{rule.code}: sides list {a} and {b}, tolerance {stage.tolerance}")
        if stage.balance is Balance.OVERALL:
            a, b = self.balanced[first], self.balanced[second]
            if abs(a - b) > stage.tolerance:
                found.append(f"balance: sides list {a} and {b}, tolerance {stage.tolerance}")
        return found

    def _pair(self) -> tuple[str, str]:
        # A missing side counts as listing nobody; the empty string never is a side code.
        padded = (*self.sides, "", "")
        return padded[0], padded[1]


def plan_breaches(problem: PlanProblem, selected: Iterable[str]) -> list[str]:
    """Return every rule a list of candidate ids breaks (ineligible people included); empty when allowed."""
    by_id = {c.id: c for c in problem.candidates}
    tally = Tally(problem, problem.sides())
    found: list[str] = []
    seen: set[str] = set()
    for ident in selected:
        if ident in seen:
            found.append(f"{ident}: listed twice")
            continue
        seen.add(ident)
        candidate = by_id.get(ident)
        if candidate is None:
            found.append(f"{ident}: not in the pool")
            continue
        if not candidate.ready:
            found.append(f"{ident}: not ready")
        if not candidate.consent:
            found.append(f"{ident}: no consent recorded")
        tally.add(candidate)
    return found + tally.breaches()
