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
        """Return the name shown in the interface: "Party A — Republic of Aldoria", "Mediating State"."""
        return f"Party {self.code} — {self.name}" if self.kind == "belligerent" else self.name


PARTIES: Final = (
    Party(code="A", name="Republic of Aldoria", kind="belligerent", language="uk"),
    Party(code="B", name="Federation of Borvia", kind="belligerent", language="ru"),
    Party(code="M", name="Mediating State", kind="mediator", language="en"),
    Party(code="T", name="Transit State", kind="transit", language="ru"),
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


# The same cast as `cartel.parties.bootstrap` (usernames `a-operator`, `m-mediator`, `t-medic`, ...).
USERS: Final = tuple(
    DemoUser(username=f"{party.lower()}-{suffix}", party=party, role=role, display_name=f"{title}, Party {party}")
    for party, roles in (
        ("A", (("operator", "operator", "Bureau operator"), ("lead", "lead", "Bureau lead"),
               ("forensic", "forensic", "Forensic officer"), ("liaison", "liaison", "Family liaison"),
               ("admin", "admin", "Administrator"))),
        ("B", (("operator", "operator", "Bureau operator"), ("lead", "lead", "Bureau lead"),
               ("forensic", "forensic", "Forensic officer"), ("liaison", "liaison", "Family liaison"),
               ("admin", "admin", "Administrator"))),
        ("M", (("mediator", "mediator", "Mediator"), ("admin", "admin", "Administrator"))),
        ("T", (("medic", "transit_medical", "Transit physician"),)),
    )
    for suffix, role, title in roles
)  # fmt: skip
