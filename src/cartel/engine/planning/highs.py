"""Stage planners on HiGHS: the aggregated exact model (default) and the plain one-binary-per-candidate model.

Aggregated model. Eligible candidates fall into groups of one side, category and stretcher need; any allowed list
takes a top-k of a group in urgency order, so the group's decision is one integer count k (bounded by capacity,
stretcher places, quota and, for parity and balance, the other side's pool). Its value, the sum of the k highest priorities, is concave in k and is written
exactly with continuous fill variables y in [0, 1], one per member, sum(y) = k, objective sum(priority * y): for an
integer k the best fill is the top k. All stage rules are rows over the counts, so the integer part has a few
dozen variables whatever the pool size.

Both models solve twice (lexicographic): first the highest total priority with mip_rel_gap = 0, then, holding that
total, the highest tie-break weight, which prefers candidates earlier in urgency order (lower id among equals).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from highspy._core import _Highs as _HighsCore  # the solver without highspy's Python wrapper (see _highs)

from .model import Candidate, PlanProblem, PlanResult, PlanStatus
from .prepare import GroupKey, Prepared, prepare
from .reasons import finish
from .rows import Row, limit_rows
from .rules import Tally
from .solver import DEFAULT_TIME_LIMIT_S

__all__ = ["BinaryHighsSolver", "HighsSolver"]

type FloatArray = npt.NDArray[np.float64]
# HiGHS options for the tie-break solve (see `_lexicographic`).
_TIE_BREAK_OPTIONS: dict[str, str | bool | float] = {
    "presolve": "off",
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
}
# Turns the solver's column values into the chosen candidates.
type _Expander = Callable[[Sequence[float]], list[Candidate]]


@dataclass(slots=True)
class _Model:
    """A maximisation MILP in row-wise form, with a primary and a tie-break objective."""

    lower: FloatArray
    upper: FloatArray
    integer: npt.NDArray[np.bool_]
    primary: FloatArray
    secondary: FloatArray
    rows: list[Row]


class HighsSolver:
    """Exact planner on HiGHS with one integer count per (side, category, stretcher) group."""

    name = "highs"

    def __init__(self, *, tie_break: bool = True) -> None:
        self.tie_break = tie_break

    def solve(self, problem: PlanProblem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> PlanResult:
        """Return the optimal list for `problem` with a reason for everyone left off."""
        started = time.perf_counter()
        prepared = prepare(problem)
        groups = prepared.groups
        n_groups = len(groups)
        fill = [g.members[: g.bound] for g in groups]
        n_fill = sum(len(f) for f in fill)
        rows = limit_rows(problem, prepared.sides, [g.key for g in groups])
        column = n_groups
        for g, members in enumerate(fill):
            units = tuple(range(column, column + len(members)))
            rows.append(Row(f"fill {g}", 0, 0, (*units, g), (*([1.0] * len(members)), -1.0)))
            column += len(members)
        flat = [c for members in fill for c in members]
        model = _Model(
            lower=np.zeros(n_groups + n_fill),
            upper=np.array([g.bound for g in groups] + [1.0] * n_fill, dtype=np.float64),
            integer=np.array([True] * n_groups + [False] * n_fill, dtype=np.bool_),
            primary=np.array([0.0] * n_groups + [float(c.priority) for c in flat], dtype=np.float64),
            secondary=np.array([0.0] * n_groups + [float(prepared.weight[c.id]) for c in flat]),
            rows=rows,
        )
        remaining = time_limit_s - (time.perf_counter() - started)

        def expand(values: Sequence[float]) -> list[Candidate]:
            # Each group sends its `count` most urgent members.
            return [c for g, group in enumerate(groups) for c in group.members[: round(values[g])]]

        values, status = _lexicographic(model, prepared, remaining, self.tie_break, expand)
        return finish(prepared, expand(values), status=status, solver=self.name, started=started)


class BinaryHighsSolver:
    """Plain planner on HiGHS with one binary variable per eligible candidate (the baseline)."""

    name = "highs-binary"

    def __init__(self, *, tie_break: bool = True) -> None:
        self.tie_break = tie_break

    def solve(self, problem: PlanProblem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> PlanResult:
        """Return the optimal list for `problem` with a reason for everyone left off."""
        started = time.perf_counter()
        prepared = prepare(problem)
        eligible = prepared.eligible
        keys: list[GroupKey] = [(c.side, c.category, c.stretcher) for c in eligible]
        model = _Model(
            lower=np.zeros(len(eligible)),
            upper=np.ones(len(eligible)),
            integer=np.ones(len(eligible), dtype=np.bool_),
            primary=np.array([float(c.priority) for c in eligible], dtype=np.float64),
            secondary=np.array([float(prepared.weight[c.id]) for c in eligible], dtype=np.float64),
            rows=limit_rows(problem, prepared.sides, keys),
        )

        def expand(values: Sequence[float]) -> list[Candidate]:
            return [c for c, v in zip(eligible, values, strict=True) if v > 0.5]

        remaining = time_limit_s - (time.perf_counter() - started)
        values, status = _lexicographic(model, prepared, remaining, self.tie_break, expand)
        return finish(prepared, expand(values), status=status, solver=self.name, started=started)


def _lexicographic(
    model: _Model, prepared: Prepared, time_limit_s: float, tie_break: bool, expand: _Expander
) -> tuple[list[float], PlanStatus]:
    """Solve for the best total priority, then (holding it) for the best tie-break weight."""
    started = time.perf_counter()
    n_cols = len(model.lower)
    if n_cols == 0:
        return [], PlanStatus.OPTIMAL
    highs = _highs(model, time_limit_s)
    values, status = _run(highs, n_cols)
    best = _total(prepared, expand(values))
    if status is not PlanStatus.OPTIMAL or not tie_break:
        return values, status
    slack = 0.5 if prepared.integral else max(1e-9, 1e-9 * abs(best))
    fill = np.flatnonzero(model.primary)
    highs.addRow(best - slack, highspy.kHighsInf, len(fill), fill.astype(np.int32), model.primary[fill])
    highs.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), model.secondary)
    # Tie-break weights are whole numbers, so a gap below 1 already proves the best weight. The first list is a
    # feasible start; presolve and the primal heuristics (sub-MIPs over thousands of fill columns and one dense
    # objective row) cost more than they save here, measured on bench/planner.py pools.
    highs.setOptionValue("mip_abs_gap", 0.999)
    for option, value in _TIE_BREAK_OPTIONS.items():
        highs.setOptionValue(option, value)
    highs.setOptionValue("time_limit", max(0.1, time_limit_s - (time.perf_counter() - started)))
    highs.setSolution(_solution(values))
    try:
        second, second_status = _run(highs, n_cols)
        if second_status is PlanStatus.OPTIMAL and _total(prepared, expand(second)) >= best:
            return second, PlanStatus.OPTIMAL
    except RuntimeError:
        pass
    # The tie-break is a refinement: when its solve fails or runs out of time, the first optimal list stands.
    return values, PlanStatus.OPTIMAL


def _highs(model: _Model, time_limit_s: float) -> _HighsCore:
    n_cols, n_rows = len(model.lower), len(model.rows)
    starts = np.zeros(n_rows + 1, dtype=np.int32)
    np.cumsum([len(r.units) for r in model.rows], out=starts[1:])
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = model.primary
    lp.col_lower_ = model.lower
    lp.col_upper_ = model.upper
    lp.row_lower_ = np.array([r.lower for r in model.rows], dtype=np.float64)
    lp.row_upper_ = np.array([r.upper for r in model.rows], dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n_cols
    lp.a_matrix_.num_row_ = n_rows
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = np.fromiter(
        (u for r in model.rows for u in r.units), dtype=np.int32, count=starts[-1]
    )
    lp.a_matrix_.value_ = np.fromiter(
        (v for r in model.rows for v in r.coefs), dtype=np.float64, count=starts[-1]
    )
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous for flag in model.integer
    ]
    lp.sense_ = highspy.ObjSense.kMaximize
    # The solver core, not the `highspy.Highs` wrapper: the wrapper's constructor registers callbacks, which makes
    # HiGHS print its two-line banner to standard output before any option can be set. Silence comes first.
    highs = _HighsCore()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    highs.setOptionValue("time_limit", max(0.1, time_limit_s))
    highs.passModel(lp)
    return highs


def _solution(values: list[float]) -> highspy.HighsSolution:
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    return solution


def _run(highs: _HighsCore, n_cols: int) -> tuple[list[float], PlanStatus]:
    highs.run()
    state = highs.getModelStatus()
    if state == highspy.HighsModelStatus.kOptimal:
        return list(highs.getSolution().col_value), PlanStatus.OPTIMAL
    if state in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt):
        found = highs.getInfo().primal_solution_status == 2
        return (list(highs.getSolution().col_value) if found else [0.0] * n_cols), PlanStatus.TIME_LIMIT
    raise RuntimeError(f"HiGHS ended with {highs.modelStatusToString(state)}")


def _total(prepared: Prepared, picked: list[Candidate]) -> float:
    tally = Tally(prepared.problem, prepared.sides)
    for candidate in picked:
        tally.add(candidate)
    broken = tally.breaches()
    if broken:
        raise RuntimeError(f"solver returned a list that breaks the stage rules: {broken[0]}")
    if prepared.integral:
        return float(sum(int(c.priority) for c in picked))
    return math.fsum(c.priority for c in picked)
