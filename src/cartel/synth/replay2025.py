"""The public 2025 aggregate figures (DOMAIN.md §2.1–2.3) as plain data that a ledger can replay.

Aggregates only: no individual appears. Sides are written "A" and "B"; here "A" is simply the side that received
the larger numbers of bodies, and "B" the other. Which real state is which, if any, is left to the user of the
data; the system itself never names one. Counts that were not disclosed are kept as None with a note, never
guessed. "M1" is the host of the direct talks, "M2" the mediator of the other swaps, "T" the transit state that
treated one side's returnees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from cartel.synth.model import Agreement, Category

__all__ = [
    "AGREEMENTS",
    "BODY_SERIES_TOTALS",
    "BODY_TRANSFERS",
    "PUBLISHED_TOTALS",
    "STAGES",
    "BodyTransfer",
    "ReplayEvent",
    "ReplayStage",
    "ledger_events",
    "totals",
]


def _agreement(code: str, on: date, title: str, categories: tuple[Category, ...], notes: str) -> Agreement:
    return Agreement(
        code=code,
        title=title,
        concluded_on=on,
        place="Talks hosted by M1",
        mediator="M1",
        parties=("A", "B"),
        art117_applies=False,
        categories=categories,
        notes=notes,
    )


AGREEMENTS: Final = (
    _agreement(
        "first-round",
        date(2025, 5, 16),
        "First round of direct talks: 1,000 for 1,000",
        (Category(code="general", name="1,000 for 1,000", rule="n_for_n", quota=1000),),
        "Carried out in three stages, 23–25 May.",
    ),
    _agreement(
        "second-round",
        date(2025, 6, 2),
        "Second round: wounded and young all for all; bodies",
        (
            Category(
                code="wounded", name="Seriously wounded and sick", rule="all_for_all", requires_medical=True
            ),
            Category(code="young", name="Aged 18 to 25", rule="all_for_all", age_min=18, age_max=25),
            Category(code="bodies", name="Bodies", rule="n_for_n", quota=6000, for_remains=True),
        ),
        "'At least 1,000 each, maybe 1,200'. Bodies '6,000 for 6,000' per one side, 6,000 handed over "
        "unilaterally per the other. Permanent medical commissions agreed.",
    ),
    _agreement(
        "third-round",
        date(2025, 7, 23),
        "Third round: at least 1,200 each",
        (Category(code="general", name="At least 1,200 each", rule="n_for_n", quota=1200),),
        "3,000 more bodies offered; short local truces proposed for recovering bodies.",
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplayStage:
    """One exchange day; `each_side` is the number each side received, None when not disclosed."""

    on: date
    agreement: str | None  # None: outside the talks' agreements
    label: str
    categories: tuple[str, ...]
    each_side: int | None
    military: int | None = None
    civilians: int | None = None
    mediator: str | None = None
    transit: str | None = None  # transit state of B's returnees
    note: str = ""


_ND: Final = "n/d: not disclosed (numbers to be published only after the whole process)"

STAGES: Final = (
    ReplayStage(on=date(2025, 5, 6), agreement=None, label="swap before the talks", categories=("general",),
                each_side=205, mediator="M2", note="context"),
    ReplayStage(on=date(2025, 5, 23), agreement="first-round", label="stage 1", categories=("general",),
                each_side=390, military=270, civilians=120, mediator="M1", transit="T"),
    ReplayStage(on=date(2025, 5, 24), agreement="first-round", label="stage 2", categories=("general",),
                each_side=307, military=307, civilians=0, transit="T"),
    ReplayStage(on=date(2025, 5, 25), agreement="first-round", label="stage 3", categories=("general",),
                each_side=303, military=303, civilians=0, transit="T", note="total 1,000 each: 880 + 120"),
    ReplayStage(on=date(2025, 6, 9), agreement="second-round", label="stage 1", categories=("young", "wounded"),
                each_side=None, transit="T", note=f"{_ND}; 'similar number'"),
    ReplayStage(on=date(2025, 6, 10), agreement="second-round", label="stage 2", categories=("wounded",),
                each_side=None, note=f"{_ND}; destination not shown"),
    ReplayStage(on=date(2025, 6, 12), agreement="second-round", label="stage 3", categories=("wounded",),
                each_side=None, transit="T", note=_ND),
    ReplayStage(on=date(2025, 6, 14), agreement="second-round", label="stage 4", categories=("wounded", "young"),
                each_side=None, transit="T", note=f"{_ND}; some under 25, mostly officers"),
    ReplayStage(on=date(2025, 6, 19), agreement="second-round", label="stage 5", categories=("wounded",),
                each_side=None, note=f"{_ND}; transit uncertain"),
    ReplayStage(on=date(2025, 6, 20), agreement="second-round", label="stage 6", categories=("unspecified",),
                each_side=None, transit="T", note=f"{_ND}; 'a group' (one side: sergeants and soldiers)"),
    ReplayStage(on=date(2025, 6, 26), agreement="second-round", label="stage 7", categories=("young", "wounded"),
                each_side=None, transit="T", note=_ND),
    ReplayStage(on=date(2025, 7, 4), agreement="second-round", label="stage 8", categories=("wounded", "young"),
                each_side=None, transit="T", note=f"{_ND}; 'equal'; civilians too, 2 of them to B"),
    ReplayStage(on=date(2025, 7, 23), agreement="second-round", label="stage 9", categories=("wounded",),
                each_side=None, note="about 250 each per one side; over 1,000 over all 9 stages per the other"),
    ReplayStage(on=date(2025, 8, 14), agreement=None, label="swap", categories=("general",), each_side=84,
                mediator="M2", transit="T", note="source quality uncertain"),
    ReplayStage(on=date(2025, 8, 24), agreement=None, label="swap", categories=("general",), each_side=154,
                military=146, civilians=8, mediator="M2", transit="T"),
    ReplayStage(on=date(2025, 10, 2), agreement=None, label="swap", categories=("general",), each_side=205,
                military=185, civilians=20, transit="T", note="partly under the talks' deals; mediator uncertain"),
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyTransfer:
    """One repatriation of bodies; `to_b` is None when no figure was reported for that day."""

    on: date
    agreement: str | None
    to_a: int
    to_b: int | None
    note: str = ""


BODY_TRANSFERS: Final = (
    BodyTransfer(on=date(2025, 6, 11), agreement="second-round", to_a=1212, to_b=27, note="ICRC present"),
    BodyTransfer(on=date(2025, 6, 13), agreement="second-round", to_a=1200, to_b=None, note="none reported to B"),
    BodyTransfer(on=date(2025, 6, 14), agreement="second-round", to_a=1200, to_b=None),
    BodyTransfer(on=date(2025, 6, 15), agreement="second-round", to_a=1200, to_b=None, note="rail phase ends"),
    BodyTransfer(on=date(2025, 6, 16), agreement="second-round", to_a=1245, to_b=None, note="deal total 6,057"),
    BodyTransfer(on=date(2025, 7, 17), agreement=None, to_a=1000, to_b=19,
                 note="conflicting: outside the deal per one side, its continuation per the other"),
    BodyTransfer(on=date(2025, 8, 19), agreement=None, to_a=1000, to_b=19,
                 note="includes 5 who died in captivity; 'previous agreements'"),
    BodyTransfer(on=date(2025, 9, 18), agreement=None, to_a=1000, to_b=24),
    BodyTransfer(on=date(2025, 10, 23), agreement=None, to_a=1000, to_b=None, note="figure for B not found"),
    BodyTransfer(on=date(2025, 12, 19), agreement=None, to_a=1003, to_b=26),
)  # fmt: skip

# Series totals reported without a per-day breakdown: (agreement, receiving side) -> (count, note).
BODY_SERIES_TOTALS: Final[dict[tuple[str, Literal["A", "B"]], tuple[int, str]]] = {
    ("second-round", "B"): (78, "78 for the series per one report; 79 per another [uncertain]"),
}

# The figures a ledger must reproduce: (agreement, category, receiving side) -> count.
PUBLISHED_TOTALS: Final = {
    ("first-round", "general", "A"): 1000,
    ("first-round", "general", "B"): 1000,
    ("second-round", "bodies", "A"): 6057,
    ("second-round", "bodies", "B"): 78,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplayEvent:
    """One ledger entry: `count` persons or bodies received by `receiver` on `on`."""

    on: date
    agreement: str | None
    category: str
    person_type: Literal["military", "civilian", "any"]
    receiver: Literal["A", "B"]
    count: int
    kind: Literal["persons", "bodies"]
    stage: str = ""
    note: str = ""


def _bodies(
    on: date, agreement: str | None, receiver: Literal["A", "B"], count: int, note: str
) -> ReplayEvent:
    return ReplayEvent(
        on=on,
        agreement=agreement,
        category="bodies",
        person_type="any",
        receiver=receiver,
        count=count,
        kind="bodies",
        stage=f"bodies {on.isoformat()}",
        note=note,
    )


def ledger_events() -> list[ReplayEvent]:
    """Return every disclosed count as ledger events, in date order; undisclosed stages give none."""
    events: list[ReplayEvent] = []
    for s in STAGES:
        if s.each_side is None:
            continue
        if s.military is None or s.civilians is None:
            split: tuple[tuple[Literal["military", "civilian", "any"], int], ...] = (("any", s.each_side),)
        else:
            split = (("military", s.military), ("civilian", s.civilians))
        for receiver in ("A", "B"):
            for person_type, count in split:
                if count:
                    events.append(
                        ReplayEvent(
                            on=s.on,
                            agreement=s.agreement,
                            category=s.categories[0],
                            person_type=person_type,
                            receiver=receiver,
                            count=count,
                            kind="persons",
                            stage=s.label,
                            note=s.note,
                        )
                    )
    known: Counter[tuple[str | None, str]] = Counter()
    for b in BODY_TRANSFERS:
        received: tuple[tuple[Literal["A", "B"], int | None], ...] = (("A", b.to_a), ("B", b.to_b))
        for receiver, n in received:
            if n:
                known[b.agreement, receiver] += n
                events.append(_bodies(b.on, b.agreement, receiver, n, b.note))
    for (agreement, receiver), (total, note) in BODY_SERIES_TOTALS.items():
        last = max(b.on for b in BODY_TRANSFERS if b.agreement == agreement)
        rest = total - known[agreement, receiver]
        if rest > 0:
            events.append(_bodies(last, agreement, receiver, rest, f"not attributed to a day; {note}"))
    events.sort(key=lambda e: e.on)
    return events


def totals(events: Iterable[ReplayEvent]) -> dict[tuple[str | None, str, str], int]:
    """Sum events by (agreement, category, receiving side)."""
    out: Counter[tuple[str | None, str, str]] = Counter()
    for e in events:
        out[e.agreement, e.category, e.receiver] += e.count
    return dict(out)
