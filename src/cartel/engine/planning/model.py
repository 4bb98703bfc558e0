"""Planner data: a stage's pool of candidates, the agreement's category rules, and the planned result.

Everything here is frozen plain data, so the planner is a pure function from a `PlanProblem` to a `PlanResult`.
Parity between the sides is negotiated policy, not law (GC III Art. 109(1)): it is expressed through category
rules and the stage's balance setting, and a unilateral category lets one side hand people over alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CONVENTIONAL_SIDES",
    "Balance",
    "Candidate",
    "CategoryRule",
    "Exclusion",
    "PlanCounts",
    "PlanProblem",
    "PlanResult",
    "PlanStatus",
    "PoolError",
    "ReasonCode",
    "Rule",
    "StageLimits",
]


# The belligerents' side codes (DESIGN.md); a pool with people of only one of them still has both sides.
CONVENTIONAL_SIDES = ("A", "B")


class PoolError(ValueError):
    """A planner pool is malformed; the message names the bad field or candidate."""


class Rule(StrEnum):
    """How an agreement category is exchanged."""

    # Everyone eligible may go; no quota of its own, the stage's balance setting still applies.
    ALL_FOR_ALL = "all_for_all"
    # Equal numbers from both sides, at most `quota_remaining` per side.
    N_FOR_N = "n_for_n"
    # One side hands people over without parity; the category stays outside the balance.
    UNILATERAL = "unilateral"


class Balance(StrEnum):
    """Which totals of the two sides must agree within the stage's tolerance."""

    # The sides' totals over all non-unilateral categories.
    OVERALL = "overall"
    # The sides' counts within every non-unilateral category.
    PER_CATEGORY = "per_category"
    # No balance; only capacities, quotas and n_for_n parity bind.
    NONE = "none"


class ReasonCode(StrEnum):
    """Why a candidate is not on the planned stage list."""

    NOT_READY = "not_ready"
    NO_CONSENT = "no_consent"
    UNKNOWN_CATEGORY = "unknown_category"
    # The category is a unilateral transfer by the other side only.
    WRONG_SIDE = "wrong_side"
    STRETCHER_FULL = "stretcher_full"
    QUOTA_USED = "quota_used"
    CAPACITY = "capacity"
    # Adding the candidate would unbalance the sides and no counterpart can be added with them.
    NO_COUNTERPART = "no_counterpart"
    # The candidate's priority is zero or negative, so listing them cannot raise the total.
    NO_GAIN = "no_gain"
    # Fallback when no single limit explains the choice (e.g. the solver stopped at its time limit).
    NOT_SELECTED = "not_selected"


class PlanStatus(StrEnum):
    """How the solve ended."""

    # Proven optimal: no other feasible list has a higher total priority.
    OPTIMAL = "optimal"
    # The time limit struck first; the list is feasible but not proven optimal.
    TIME_LIMIT = "time_limit"


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One person who might be listed for the stage."""

    id: str
    side: str
    category: str
    priority: float
    ready: bool
    consent: bool
    stretcher: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryRule:
    """An agreement category and how it is exchanged."""

    code: str
    rule: Rule
    # At most this many per side (for this and later stages); None means no quota.
    quota_remaining: int | None = None
    # For a unilateral category: the only side that hands people over; None lets either side do so.
    side: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StageLimits:
    """Physical and policy limits of one stage."""

    capacity_per_side: int
    # None means no separate limit on stretcher cases.
    stretcher_capacity_per_side: int | None = None
    balance: Balance = Balance.OVERALL
    tolerance: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanProblem:
    """Everything the planner needs for one stage."""

    categories: tuple[CategoryRule, ...]
    stage: StageLimits
    candidates: tuple[Candidate, ...]
    # Quota already used by earlier stages of a schedule, keyed by (side, category).
    quota_used: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def rule_for(self, category: str) -> CategoryRule | None:
        """Return the agreement's rule for `category`, or None when the agreement has no such category."""
        for rule in self.categories:
            if rule.code == category:
                return rule
        return None

    def sides(self) -> tuple[str, ...]:
        """Return the two side codes, sorted: those found among the candidates, filled up with "A" and "B".

        A pool with people of one conventional side ("A" or "B") still has the other as counterpart (with
        nobody in it); a pool with one unconventional code has only that side.
        """
        found = sorted({c.side for c in self.candidates})
        if len(found) < 2 and set(found) <= set(CONVENTIONAL_SIDES):
            return CONVENTIONAL_SIDES
        return tuple(found)

    def quota_left(self, side: str, category: str) -> int | None:
        """Return how many more `side` may send in `category`, or None when there is no quota."""
        rule = self.rule_for(category)
        if rule is None or rule.quota_remaining is None:
            return None
        return max(0, rule.quota_remaining - self.quota_used.get((side, category), 0))


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclusion:
    """A candidate left off the list, with a reason code and a sentence a person understands."""

    id: str
    code: ReasonCode
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanCounts:
    """Head counts of a planned list."""

    total: int
    by_side: Mapping[str, int]
    # category -> side -> count, for every agreement category.
    by_category: Mapping[str, Mapping[str, int]]
    stretcher_by_side: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanResult:
    """The planned list for one stage."""

    # Selected ids, most urgent first (priority descending, then id).
    selected: tuple[str, ...]
    # Eligible people left off (most urgent first), then people screened out (most urgent first).
    excluded: tuple[Exclusion, ...]
    objective: float
    counts: PlanCounts
    status: PlanStatus
    optimal: bool
    solve_seconds: float
    solver: str
