"""Stage planner: which ready, consenting candidates go in the next stage(s), optimally, with reasons.

Read a pool with `load_pool`, plan with `plan` (HiGHS behind the `Solver` protocol), write with `plan_to_json`;
`plan_file` does all three for `cartel plan POOL.json --out PLAN.json`. `schedule` plans several stages ahead.
"""

from .brute import BruteForceSolver
from .highs import BinaryHighsSolver, HighsSolver
from .model import (
    Balance,
    Candidate,
    CategoryRule,
    Exclusion,
    PlanCounts,
    PlanProblem,
    PlanResult,
    PlanStatus,
    PoolError,
    ReasonCode,
    Rule,
    StageLimits,
)
from .output import plan_file, plan_to_json, schedule_to_json
from .pool import load_pool
from .rules import plan_breaches
from .schedule import ScheduleResult, schedule
from .solver import DEFAULT_TIME_LIMIT_S, Solver, plan

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "Balance",
    "BinaryHighsSolver",
    "BruteForceSolver",
    "Candidate",
    "CategoryRule",
    "Exclusion",
    "HighsSolver",
    "PlanCounts",
    "PlanProblem",
    "PlanResult",
    "PlanStatus",
    "PoolError",
    "ReasonCode",
    "Rule",
    "ScheduleResult",
    "Solver",
    "StageLimits",
    "load_pool",
    "plan",
    "plan_breaches",
    "plan_file",
    "plan_to_json",
    "schedule",
    "schedule_to_json",
]
