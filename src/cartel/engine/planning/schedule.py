"""Planning the next K stages: the most urgent go first, each stage within its own limits.

Stage 1 is planned optimally; its list is removed from the pool, quota used so far is carried over, and stage 2 is
planned from the rest, and so on. Everyone not placed in any stage keeps the reason from the last stage.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .model import Exclusion, PlanProblem, PlanResult
from .prepare import prepare
from .solver import DEFAULT_TIME_LIMIT_S, Solver, plan

__all__ = ["ScheduleResult", "schedule"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleResult:
    """Lists for the next stages and who is left over."""

    stages: tuple[PlanResult, ...]
    # Candidate id -> stage number (1-based) for everyone placed.
    stage_of: Mapping[str, int]
    left_over: tuple[Exclusion, ...]
    objective: float
    # True when every stage's list is proven optimal given the stages before it.
    optimal: bool
    solve_seconds: float


def schedule(
    problem: PlanProblem,
    stages: int,
    *,
    solver: Solver | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> ScheduleResult:
    """Return lists for the next `stages` stages, planned one after another, most urgent first."""
    if stages < 1:
        raise ValueError(f"stages must be at least 1, got {stages}")
    started = time.perf_counter()
    screened = [exclusion for _, exclusion in prepare(problem).screened_out]
    barred = {e.id for e in screened}
    remaining = tuple(c for c in problem.candidates if c.id not in barred)
    used: Counter[tuple[str, str]] = Counter(problem.quota_used)
    results: list[PlanResult] = []
    stage_of: dict[str, int] = {}
    for number in range(1, stages + 1):
        stage_problem = replace(problem, candidates=remaining, quota_used=dict(used))
        result = plan(stage_problem, solver=solver, time_limit_s=time_limit_s)
        results.append(result)
        placed = set(result.selected)
        for candidate in remaining:
            if candidate.id in placed:
                stage_of[candidate.id] = number
                used[candidate.side, candidate.category] += 1
        remaining = tuple(c for c in remaining if c.id not in placed)
    last = results[-1]
    left_over = [
        Exclusion(
            id=e.id, code=e.code, reason=f"not placed in {stages} stage(s); at stage {stages}: {e.reason}"
        )
        for e in last.excluded
    ]
    return ScheduleResult(
        stages=tuple(results),
        stage_of=stage_of,
        left_over=(*screened, *left_over),
        objective=sum(r.objective for r in results),
        optimal=all(r.optimal for r in results),
        solve_seconds=time.perf_counter() - started,
    )
