"""A brute-force planner for small pools: every subset of the eligible candidates is tried.

It shares nothing with the HiGHS models but the screening, so tests can compare the two. The rules are written out
again here, vectorised over all subsets at once; it refuses pools with more than `MAX_ELIGIBLE` eligible people.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from .model import Balance, PlanProblem, PlanResult, PlanStatus, Rule
from .prepare import prepare
from .reasons import finish
from .solver import DEFAULT_TIME_LIMIT_S

__all__ = ["MAX_ELIGIBLE", "BruteForceSolver"]

MAX_ELIGIBLE = 18

type IntArray = npt.NDArray[np.int64]


class BruteForceSolver:
    """Exhaustive planner: best total priority, then best tie-break weight, over all subsets."""

    name = "brute-force"

    def solve(self, problem: PlanProblem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> PlanResult:
        """Return the optimal list for `problem`; raise ValueError when too many are eligible."""
        started = time.perf_counter()
        prepared = prepare(problem)
        people = prepared.eligible
        n = len(people)
        if n > MAX_ELIGIBLE:
            raise ValueError(f"brute force handles at most {MAX_ELIGIBLE} eligible candidates, got {n}")
        subsets = (np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n, dtype=np.int64)) & 1
        stage = problem.stage
        allowed = np.ones(2**n, dtype=np.bool_)

        def count(pick: list[bool]) -> IntArray:
            result: IntArray = subsets @ np.array(pick, dtype=np.int64)
            return result

        sides = (*prepared.sides, "", "")[:2]
        for side in prepared.sides:
            allowed &= count([c.side == side for c in people]) <= stage.capacity_per_side
            if stage.stretcher_capacity_per_side is not None:
                stretcher = count([c.side == side and c.stretcher for c in people])
                allowed &= stretcher <= stage.stretcher_capacity_per_side
        for rule in problem.categories:
            per_side = [count([c.side == s and c.category == rule.code for c in people]) for s in sides]
            for side, counted in zip(sides, per_side, strict=True):
                quota = problem.quota_left(side, rule.code)
                if quota is not None:
                    allowed &= counted <= quota
            gap = np.abs(per_side[0] - per_side[1])
            if rule.rule is Rule.N_FOR_N:
                allowed &= gap == 0
            if stage.balance is Balance.PER_CATEGORY and rule.rule is not Rule.UNILATERAL:
                allowed &= gap <= stage.tolerance
        if stage.balance is Balance.OVERALL:
            balanced = {r.code for r in problem.categories if r.rule is not Rule.UNILATERAL}
            totals = [count([c.side == s and c.category in balanced for c in people]) for s in sides]
            allowed &= np.abs(totals[0] - totals[1]) <= stage.tolerance
        priority = subsets @ np.array([float(c.priority) for c in people], dtype=np.float64)
        weight = subsets @ np.array([prepared.weight[c.id] for c in people], dtype=np.int64)
        best_priority = float(priority[allowed].max())
        # Priorities in tests are whole numbers; the tolerance only absorbs float sums of fractions.
        best = allowed & (priority >= best_priority - 1e-9 * max(1.0, abs(best_priority)))
        winner = int(np.flatnonzero(best)[np.argmax(weight[best])])
        chosen = [c for i, c in enumerate(people) if subsets[winner, i]]
        return finish(prepared, chosen, status=PlanStatus.OPTIMAL, solver=self.name, started=started)
