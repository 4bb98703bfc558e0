"""Lifecycles as data: states, transitions, who may make them and which guards apply.

A lifecycle is a table of transitions. `advance()` is pure: given the current state, the action, the actor's
relation to the object and role, and the facts the guards need, it returns the next state or raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "ANY",
    "Actor",
    "GuardFailed",
    "IllegalTransition",
    "Lifecycle",
    "LifecycleError",
    "NotPermitted",
    "Role",
    "Transition",
    "advance",
]

ANY = "*"


class Actor(StrEnum):
    """How the acting party relates to the object (DOMAIN.md §4)."""

    DP = "detaining_party"  # holds the captive or the remains
    PO = "party_of_origin"  # the party the person depends on
    MED = "mediator"
    TS = "transit_state"
    SYSTEM = "system"  # automatic consequences (e.g. a death spawning a remains record)


class Role(StrEnum):
    """A job inside an organisation; the same roles exist in every party."""

    OPERATOR = "operator"  # party bureau operator
    LEAD = "lead"  # party bureau lead
    MEDIATOR = "mediator"
    TRANSIT_MEDICAL = "transit_medical"
    FORENSIC = "forensic"
    LIAISON = "liaison"  # family liaison
    ADMIN = "admin"


class LifecycleError(Exception):
    """A state change that the lifecycle table does not allow."""


class IllegalTransition(LifecycleError):
    """No transition with that action leaves the current state."""

    def __init__(self, lifecycle: str, state: str, action: str) -> None:
        super().__init__(f"{lifecycle}: cannot '{action}' from state '{state}'")
        self.lifecycle, self.state, self.action = lifecycle, state, action


class NotPermitted(LifecycleError):
    """The transition exists but this actor or role may not make it."""

    def __init__(self, lifecycle: str, action: str, actor: str, role: str) -> None:
        super().__init__(f"{lifecycle}: '{action}' is not for {role} acting as {actor}")
        self.lifecycle, self.action, self.actor, self.role = lifecycle, action, actor, role


class GuardFailed(LifecycleError):
    """A rule of law or of the agreement blocks the transition."""

    def __init__(self, lifecycle: str, action: str, guard: str, explanation: str) -> None:
        super().__init__(f"{lifecycle}: '{action}' blocked: {explanation}")
        self.lifecycle, self.action, self.guard, self.explanation = lifecycle, action, guard, explanation


@dataclass(frozen=True, slots=True, kw_only=True)
class Transition:
    """One row of a lifecycle table."""

    action: str
    sources: frozenset[str]  # ANY in the set means "from any non-final state"
    target: str
    actors: frozenset[Actor]
    roles: frozenset[Role]
    guards: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lifecycle:
    """A named state machine: its states, entry states, final states and transitions."""

    name: str
    states: tuple[str, ...]
    initial: frozenset[str]
    final: frozenset[str]
    transitions: tuple[Transition, ...]
    guard_texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states)
        for t in self.transitions:
            unknown = (t.sources - {ANY} | {t.target}) - known
            if unknown:
                raise ValueError(
                    f"{self.name}: transition {t.action!r} names unknown states {sorted(unknown)}"
                )
            missing = set(t.guards) - set(self.guard_texts)
            if missing:
                raise ValueError(f"{self.name}: guards without explanation {sorted(missing)}")

    def find(self, state: str, action: str) -> Transition | None:
        """Return the transition taking `action` from `state`, if any."""
        for t in self.transitions:
            if t.action != action:
                continue
            if state in t.sources or (ANY in t.sources and state not in self.final):
                return t
        return None

    def actions_from(self, state: str) -> tuple[Transition, ...]:
        """All transitions that leave `state`."""
        return tuple(t for t in self.transitions if self.find(state, t.action) is t)


def advance(
    lifecycle: Lifecycle,
    state: str,
    action: str,
    *,
    actor: Actor,
    role: Role,
    facts: Mapping[str, bool] | None = None,
) -> Transition:
    """Check one state change and return the transition to apply; raise a `LifecycleError` if it is refused."""
    transition = lifecycle.find(state, action)
    if transition is None:
        raise IllegalTransition(lifecycle.name, state, action)
    if actor is not Actor.SYSTEM and (actor not in transition.actors or role not in transition.roles):
        raise NotPermitted(lifecycle.name, action, actor.value, role.value)
    facts = facts or {}
    for guard in transition.guards:
        if not facts.get(guard, False):
            raise GuardFailed(lifecycle.name, action, guard, lifecycle.guard_texts[guard])
    return transition
