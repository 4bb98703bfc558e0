"""JSON output of the planner (DESIGN.md "Planner pool") and the file entry point behind `cartel plan`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import PlanResult, PoolError
from .pool import load_pool
from .schedule import ScheduleResult
from .solver import DEFAULT_TIME_LIMIT_S, Solver, plan

__all__ = ["plan_file", "plan_to_json", "schedule_to_json"]


def plan_to_json(result: PlanResult) -> dict[str, Any]:
    """Return the DESIGN output object: selected ids, excluded ids with reasons, objective and counts."""
    counts: dict[str, Any] = {"total": result.counts.total}
    counts.update(result.counts.by_side)
    counts["by_category"] = {code: dict(sides) for code, sides in result.counts.by_category.items()}
    counts["stretcher"] = dict(result.counts.stretcher_by_side)
    return {
        "selected": list(result.selected),
        "excluded": [{"id": e.id, "reason": e.reason, "reason_code": e.code.value} for e in result.excluded],
        "objective": result.objective,
        "counts": counts,
        "status": result.status.value,
        "optimal": result.optimal,
        "solver": result.solver,
        "solve_seconds": round(result.solve_seconds, 4),
    }


def schedule_to_json(result: ScheduleResult) -> dict[str, Any]:
    """Return a JSON object with one DESIGN plan object per stage and the people left over."""
    return {
        "stages": [plan_to_json(stage) for stage in result.stages],
        "left_over": [
            {"id": e.id, "reason": e.reason, "reason_code": e.code.value} for e in result.left_over
        ],
        "objective": result.objective,
        "optimal": result.optimal,
        "solve_seconds": round(result.solve_seconds, 4),
    }


def plan_file(
    pool_path: str | Path,
    out_path: str | Path,
    *,
    solver: Solver | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> PlanResult:
    """Read a pool JSON file, plan the stage, write the plan JSON file and return the result."""
    try:
        data = json.loads(Path(pool_path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PoolError(f"not valid JSON ({error})") from None
    result = plan(load_pool(data), solver=solver, time_limit_s=time_limit_s)
    text = json.dumps(plan_to_json(result), ensure_ascii=False, indent=2)
    Path(out_path).write_text(text + "\n", encoding="utf-8")
    return result
