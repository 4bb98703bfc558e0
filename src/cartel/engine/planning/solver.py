"""The seam between the planner and any solver (STYLE.md rule 9): frozen problem in, `PlanResult` out."""

from __future__ import annotations

from typing import Protocol

from .model import PlanProblem, PlanResult

__all__ = ["DEFAULT_TIME_LIMIT_S", "Solver", "plan"]

# Wall-clock limit for one stage solve, in seconds, unless the caller gives one.
DEFAULT_TIME_LIMIT_S = 60.0


class Solver(Protocol):
    """Anything that plans one stage: HiGHS here, OR-Tools or a brute force elsewhere."""

    name: str

    def solve(self, problem: PlanProblem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> PlanResult:
        """Return the list with the highest total priority that keeps every stage rule."""
        ...


def plan(
    problem: PlanProblem, *, solver: Solver | None = None, time_limit_s: float = DEFAULT_TIME_LIMIT_S
) -> PlanResult:
    """Return the optimal list for one stage, solved by `solver` (the aggregated HiGHS model by default)."""
    if solver is None:
        from .highs import HighsSolver

        solver = HighsSolver()
    return solver.solve(problem, time_limit_s=time_limit_s)
