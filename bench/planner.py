"""Benchmark of the stage planner (`cartel plan`): 50k candidates, optimal in <= 5 s (DESIGN.md budget).

Run: `uv run python bench/planner.py` (add `--size N`, `--schedule-size N`, `--stages K`).

Pools are generated deterministically (seeded) with sides of unequal size, four categories (two all_for_all,
one n_for_n with a quota, one unilateral), 10% not ready, 5% without consent and 20% stretcher cases. For each
scenario the default planner (aggregated HiGHS model) is timed beside baselines run on the same pool in the same
process: the plain one-binary-per-candidate HiGHS model and a greedy heuristic (with its objective gap). Peak
memory is the process's maximum resident set size so far (`resource.getrusage`).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cartel.engine.planning import (
    Balance,
    BinaryHighsSolver,
    HighsSolver,
    PlanProblem,
    Rule,
    load_pool,
    plan_breaches,
    plan_file,
    schedule,
)

CATEGORIES = [
    {"code": "wounded", "rule": "all_for_all"},
    {"code": "young", "rule": "all_for_all"},
    {"code": "general", "rule": "n_for_n", "quota_remaining": 1000},
    {"code": "seriously_sick", "rule": "unilateral"},
]

# Scenario name -> (stage limits, relative weight of "general" among side B's candidates; side A has 6).
SCENARIOS: dict[str, tuple[dict[str, Any], int]] = {
    "typical stage (300/side, overall, tol 0)": (
        {"capacity_per_side": 300, "stretcher_capacity_per_side": 40, "balance": "overall", "tolerance": 0},
        6,
    ),
    "large stage (20k/side, per_category, tol 5)": (
        {
            "capacity_per_side": 20_000,
            "stretcher_capacity_per_side": 2_500,
            "balance": "per_category",
            "tolerance": 5,
        },
        6,
    ),
    "scarce counterparts (3k/side, overall, B short of general)": (
        {
            "capacity_per_side": 3_000,
            "stretcher_capacity_per_side": 400,
            "balance": "overall",
            "tolerance": 0,
        },
        1,
    ),
}


def make_pool(size: int, stage: dict[str, Any], seed: int = 2025, b_general: int = 6) -> dict[str, Any]:
    """Return a synthetic pool of `size` candidates, the same for the same seed."""
    rng = random.Random(seed)
    candidates = []
    for i in range(size):
        side = "A" if rng.random() < 0.58 else "B"
        weights = [3, 2, 6 if side == "A" else b_general, 1]
        category = rng.choices(["wounded", "young", "general", "seriously_sick"], weights)[0]
        candidates.append(
            {
                "id": f"{side}-{i:07d}",
                "side": side,
                "category": category,
                "priority": rng.randint(1, 100) + (50 if category == "seriously_sick" else 0),
                "ready": rng.random() < 0.9,
                "consent": rng.random() < 0.95,
                "stretcher": rng.random() < 0.2,
            }
        )
    return {"agreement": {"categories": CATEGORIES}, "stage": dict(stage), "candidates": candidates}


def greedy(problem: PlanProblem) -> set[str]:
    """Return a feasible list: take people in urgency order while limits allow, then trim to parity and balance."""
    stage = problem.stage
    rules = {r.code: r for r in problem.categories}
    taken: list[Any] = []
    side_n: Counter[str] = Counter()
    stretcher_n: Counter[str] = Counter()
    cell: Counter[tuple[str, str]] = Counter()
    for c in sorted(problem.candidates, key=lambda c: (-c.priority, c.id)):
        rule = rules.get(c.category)
        if not (c.ready and c.consent and rule is not None and rule.side in (None, c.side)):
            continue
        quota = problem.quota_left(c.side, c.category)
        if side_n[c.side] >= stage.capacity_per_side or (
            quota is not None and cell[c.side, c.category] >= quota
        ):
            continue
        if c.stretcher and stage.stretcher_capacity_per_side is not None:
            if stretcher_n[c.side] >= stage.stretcher_capacity_per_side:
                continue
            stretcher_n[c.side] += 1
        side_n[c.side] += 1
        cell[c.side, c.category] += 1
        taken.append(c)

    dropped: set[str] = set()

    def trim(counted: Callable[[Any], bool], droppable: Callable[[Any], bool], slack: int) -> None:
        # Drop the lowest-priority droppable people of the larger side until the counted totals are within `slack`.
        scoped = {
            side: [c for c in taken if c.side == side and counted(c) and c.id not in dropped] for side in "AB"
        }
        excess = len(scoped["A"]) - len(scoped["B"])
        larger = [c for c in scoped["A" if excess > 0 else "B"] if droppable(c)]
        if abs(excess) > slack:
            dropped.update(c.id for c in larger[max(0, len(larger) - (abs(excess) - slack)) :])

    for code, rule in rules.items():
        in_category: Callable[[Any], bool] = lambda c, code=code: c.category == code  # noqa: E731
        if rule.rule is Rule.N_FOR_N:
            trim(in_category, in_category, 0)
        elif rule.rule is Rule.ALL_FOR_ALL and stage.balance is Balance.PER_CATEGORY:
            trim(in_category, in_category, stage.tolerance)
    if stage.balance is Balance.OVERALL:
        # Trimming n_for_n people would break their parity, so only all_for_all people are dropped.
        trim(
            lambda c: rules[c.category].rule is not Rule.UNILATERAL,
            lambda c: rules[c.category].rule is Rule.ALL_FOR_ALL,
            stage.tolerance,
        )
    taken = [c for c in taken if c.id not in dropped]
    return {c.id for c in taken}


def peak_mb() -> float:
    """Return the process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Wall and CPU seconds (all threads) since creation; CPU time is steadier on a shared machine."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def row(label: str, clock: tuple[float, float], objective: float, note: str = "") -> None:
    wall, cpu = clock
    print(
        f"  {label:<44} {wall:7.3f} s wall {cpu:7.3f} s cpu  objective {objective:>12,.0f}"
        f"  peak {peak_mb():5.0f} MB  {note}"
    )


def run_scenario(name: str, size: int, stage: dict[str, Any], b_general: int) -> None:
    print(f"\n{name}: {size:,} candidates")
    data = make_pool(size, stage, b_general=b_general)
    with tempfile.TemporaryDirectory() as folder:
        pool_path, out_path = Path(folder) / "pool.json", Path(folder) / "plan.json"
        pool_path.write_text(json.dumps(data), encoding="utf-8")
        clock = Clock()
        result = plan_file(pool_path, out_path)
        elapsed = clock.read()
    problem = load_pool(data)
    assert result.optimal and plan_breaches(problem, result.selected) == []
    best = result.objective
    note = f"{result.counts.by_side}, {len(result.excluded):,} excluded with reasons"
    row("cartel plan end to end (read, solve, write)", elapsed, best, note)
    for label, solver in [
        ("aggregated HiGHS model (default)", HighsSolver()),
        ("aggregated, no tie-break step", HighsSolver(tie_break=False)),
        ("baseline: binary MILP, no tie-break step", BinaryHighsSolver(tie_break=False)),
        ("baseline: binary MILP with tie-break step", BinaryHighsSolver()),
    ]:
        clock = Clock()
        other = solver.solve(problem)
        elapsed = clock.read()
        assert plan_breaches(problem, other.selected) == []
        row(
            label,
            elapsed,
            other.objective,
            "optimal" if other.optimal and other.objective == best else "NOT OPTIMAL",
        )
    clock = Clock()
    chosen = greedy(problem)
    elapsed = clock.read()
    assert plan_breaches(problem, chosen) == []
    value = sum(c.priority for c in problem.candidates if c.id in chosen)
    row("baseline: greedy heuristic", elapsed, value, f"gap {100 * (best - value) / best:.2f}% below optimum")


def run_schedule(size: int, stages: int) -> None:
    stage = {
        "capacity_per_side": 2_000,
        "stretcher_capacity_per_side": 300,
        "balance": "overall",
        "tolerance": 0,
    }
    print(f"\nschedule: {size:,} candidates, {stages} stages of 2,000/side")
    problem = load_pool(make_pool(size, stage, seed=7))
    clock = Clock()
    result = schedule(problem, stages)
    elapsed = clock.read()
    per_stage = ", ".join(f"{r.counts.total:,} in {r.solve_seconds:.2f} s" for r in result.stages)
    row(f"{stages} stages, one after another", elapsed, result.objective, f"optimal={result.optimal}")
    print(f"    per stage: {per_stage}; left over {len(result.left_over):,}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--schedule-size", type=int, default=100_000)
    parser.add_argument("--stages", type=int, default=5)
    args = parser.parse_args(argv)
    print(
        f"planner bench: Python {sys.version.split()[0]}, {platform.platform()}, {platform.processor() or '?'}"
    )
    for name, (stage, b_general) in SCENARIOS.items():
        run_scenario(name, args.size, stage, b_general)
    run_schedule(args.schedule_size, args.stages)


if __name__ == "__main__":
    main()
