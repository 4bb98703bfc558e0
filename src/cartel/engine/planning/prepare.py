"""Screening a pool before any solve: who is eligible, in what order of urgency, and in which groups.

Screening removes people who may not go (not ready; no consent recorded, which GC III Art. 109(3) makes a bar;
a category the agreement does not have; a unilateral category that the other side hands over). The eligible are
put in urgency order (priority descending, then id), which is also the planner's tie-break. Within one group of
the same side, category and stretcher need, any plan takes a top-k in that order, so a group's choice is one count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Balance, Candidate, CategoryRule, Exclusion, PlanProblem, ReasonCode, Rule

__all__ = ["GroupKey", "Prepared", "prepare", "urgency"]

NO_CONSENT_REASON = "no consent recorded (GC III Art. 109(3))"

type GroupKey = tuple[str, str, bool]


def urgency(candidate: Candidate) -> tuple[float, str]:
    """Return the sort key of urgency: higher priority first, then the lower id."""
    return (-candidate.priority, candidate.id)


@dataclass(frozen=True, slots=True)
class Group:
    """Eligible candidates of one side, category and stretcher need, most urgent first."""

    key: GroupKey
    members: tuple[Candidate, ...]
    # The most any allowed list can take from this group (limits, quota, the other side's pool for balance).
    bound: int


@dataclass(frozen=True, slots=True)
class Prepared:
    """A screened pool, ready for a solver."""

    problem: PlanProblem
    sides: tuple[str, ...]
    eligible: tuple[Candidate, ...]
    # People who may not go, with their screening reason, in urgency order.
    screened_out: tuple[tuple[Candidate, Exclusion], ...]
    groups: tuple[Group, ...]
    # Tie-break weight of each eligible id: the count of eligible candidates at or below it in urgency order.
    weight: dict[str, int]
    integral: bool


def prepare(problem: PlanProblem) -> Prepared:
    """Return the screened, ordered and grouped form of `problem`."""
    eligible: list[Candidate] = []
    screened_out: list[tuple[Candidate, Exclusion]] = []
    rules = {r.code: r for r in problem.categories}
    for candidate in problem.candidates:
        exclusion = _screen(rules, candidate)
        if exclusion is None:
            eligible.append(candidate)
        else:
            screened_out.append((candidate, exclusion))
    eligible.sort(key=urgency)
    screened_out.sort(key=lambda pair: urgency(pair[0]))
    members: defaultdict[GroupKey, list[Candidate]] = defaultdict(list)
    for candidate in eligible:
        members[candidate.side, candidate.category, candidate.stretcher].append(candidate)
    sides = problem.sides()
    reach = _Reach(problem, sides, eligible)
    groups = tuple(
        Group(key, tuple(members[key]), reach.bound(key, len(members[key]))) for key in sorted(members)
    )
    count = len(eligible)
    return Prepared(
        problem=problem,
        sides=sides,
        eligible=tuple(eligible),
        screened_out=tuple(screened_out),
        groups=groups,
        weight={c.id: count - rank for rank, c in enumerate(eligible)},
        integral=all(float(c.priority).is_integer() for c in eligible),
    )


class _Reach:
    """Upper bounds on how many one group can send in any allowed list (they shrink the solver model)."""

    def __init__(self, problem: PlanProblem, sides: tuple[str, ...], eligible: list[Candidate]) -> None:
        self.problem = problem
        self.sides = sides
        self.rules = {r.code: r.rule for r in problem.categories}
        self.cell = Counter((c.side, c.category) for c in eligible)
        self.balanced = Counter(c.side for c in eligible if self.rules[c.category] is not Rule.UNILATERAL)

    def bound(self, key: GroupKey, size: int) -> int:
        """Return the most group `key` (of `size` members) can send, from limits and the other side's pool."""
        side, category, stretcher = key
        stage = self.problem.stage
        bound = min(size, stage.capacity_per_side)
        if stretcher and stage.stretcher_capacity_per_side is not None:
            bound = min(bound, stage.stretcher_capacity_per_side)
        quota = self.problem.quota_left(side, category)
        if quota is not None:
            bound = min(bound, quota)
        other = next((s for s in self.sides if s != side), None)
        rule = self.rules[category]
        # Parity and balance cap a side at what the other side could send, plus the tolerance.
        if rule is Rule.N_FOR_N:
            bound = min(bound, self.cell[other, category] if other else 0)
        elif rule is Rule.ALL_FOR_ALL and stage.balance is Balance.PER_CATEGORY:
            bound = min(bound, (self.cell[other, category] if other else 0) + stage.tolerance)
        if rule is not Rule.UNILATERAL and stage.balance is Balance.OVERALL:
            bound = min(bound, (self.balanced[other] if other else 0) + stage.tolerance)
        return bound


def _screen(rules: dict[str, CategoryRule], candidate: Candidate) -> Exclusion | None:
    found: list[tuple[ReasonCode, str]] = []
    if not candidate.ready:
        found.append((ReasonCode.NOT_READY, "not ready"))
    if not candidate.consent:
        found.append((ReasonCode.NO_CONSENT, NO_CONSENT_REASON))
    rule = rules.get(candidate.category)
    if rule is None:
        found.append(
            (ReasonCode.UNKNOWN_CATEGORY, f"unknown category {candidate.category!r}: not in the agreement")
        )
    elif rule.side is not None and rule.side != candidate.side:
        found.append(
            (ReasonCode.WRONG_SIDE, f"category {rule.code} is a unilateral transfer by side {rule.side} only")
        )
    if not found:
        return None
    return Exclusion(id=candidate.id, code=found[0][0], reason="; ".join(text for _, text in found))
