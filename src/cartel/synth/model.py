"""Plain records of a scenario: parties, agreements and categories, captives, remains batches, stages, users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from cartel.synth.morph import Language

__all__ = [
    "PARTIES",
    "USERS",
    "Agreement",
    "Captive",
    "Category",
    "DemoUser",
    "Party",
    "RemainsBatch",
    "StageSeed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A party to the work; `language` is the language its clerks write in."""

    code: str
    name: str
    kind: Literal["belligerent", "mediator", "transit"]
    language: Language | Literal["en"]

    @property
    def display(self) -> str:
        """Return the name shown in the interface, e.g. "Party A — Republic of Aldoria"."""
        return (
            f"Party {self.code} — {self.name}" if self.kind == "belligerent" else f"{self.code} — {self.name}"
        )


PARTIES: Final = (
    Party(code="A", name="Republic of Aldoria", kind="belligerent", language="uk"),
    Party(code="B", name="Federation of Borvia", kind="belligerent", language="ru"),
    Party(code="M", name="Mediating State", kind="mediator", language="en"),
    Party(code="T", name="Transit State", kind="transit", language="en"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A category of an agreement with its exchange rule (`all_for_all`, `n_for_n`) and eligibility."""

    code: str
    name: str
    rule: Literal["all_for_all", "n_for_n", "unilateral"]
    quota: int | None = None  # per side, for n_for_n
    for_remains: bool = False
    age_min: int | None = None
    age_max: int | None = None
    requires_medical: bool = False
    person_type: str = ""  # "military", "civilian" or "" for any


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """An agreement between the belligerents reached through the mediator."""

    code: str
    title: str
    concluded_on: date
    place: str
    mediator: str
    parties: tuple[str, ...]
    art117_applies: bool
    categories: tuple[Category, ...]
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Captive:
    """A person held by the other side, with what the planner needs to know."""

    person_id: str
    side: str  # the side the person belongs to and returns to
    held_by: str
    captured_on: date
    categories: tuple[str, ...]  # agreement categories the person is eligible for, best first
    consent: bool
    ready: bool
    stretcher: bool
    priority: int
    judicial_hold: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RemainsBatch:
    """Bodies handed over together; the nationality is the one the sender claims."""

    code: str
    sender: str
    receiver: str
    planned_on: date
    record_ids: tuple[str, ...]
    claimed_nationality: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StageSeed:
    """The parameters of a stage to plan, in the shape of the planner pool of DESIGN.md."""

    code: str
    agreement: str
    planned_on: date
    categories: tuple[str, ...]
    capacity_per_side: int
    stretcher_capacity_per_side: int
    balance: Literal["overall", "per_category", "none"] = "overall"
    tolerance: int = 0
    handover_point: str = "Crossing point K-1"
    transit: str | None = "T"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoUser:
    """A demo account: a role (values of `cartel.engine.lifecycle.Role`) in one party."""

    username: str
    party: str
    role: str
    display_name: str


USERS: Final = (
    DemoUser(username="a.operator", party="A", role="operator", display_name="Operator, bureau of Party A"),
    DemoUser(username="a.lead", party="A", role="lead", display_name="Lead, bureau of Party A"),
    DemoUser(username="a.forensic", party="A", role="forensic", display_name="Forensic officer, Party A"),
    DemoUser(username="a.liaison", party="A", role="liaison", display_name="Family liaison, Party A"),
    DemoUser(username="b.operator", party="B", role="operator", display_name="Operator, bureau of Party B"),
    DemoUser(username="b.lead", party="B", role="lead", display_name="Lead, bureau of Party B"),
    DemoUser(username="b.forensic", party="B", role="forensic", display_name="Forensic officer, Party B"),
    DemoUser(username="b.liaison", party="B", role="liaison", display_name="Family liaison, Party B"),
    DemoUser(username="m.mediator", party="M", role="mediator", display_name="Mediator's coordinator"),
    DemoUser(
        username="t.medical", party="T", role="transit_medical", display_name="Transit hospital physician"
    ),
    DemoUser(username="admin", party="M", role="admin", display_name="System administrator"),
)
