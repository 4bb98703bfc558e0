"""Ledger data: events in, balances per agreement, category and side out. Plain frozen records only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CategoryTerms", "EventKind", "Ledger", "LedgerEvent", "LedgerLine", "SeriesPoint"]


class EventKind(StrEnum):
    """What happened to the people (or bodies) counted by an event."""

    NOMINATED = "nominated"  # put on a party's submitted list version
    VERIFIED = "verified"  # matched in the reconciliation of both versions
    EXCHANGED = "exchanged"  # handed over and received
    WITHDRAWN = "withdrawn"  # taken off a stage, or not handed over when it ended


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEvent:
    """`count` people of `category` returning to `side` that were nominated, verified, exchanged or withdrawn."""

    on: dt.date
    kind: EventKind
    category: str
    side: str
    count: int = 1
    stage: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryTerms:
    """A category of the agreement and its exchange rule; `quota` is per side (N for N), None for no quota."""

    code: str
    rule: str
    quota: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerLine:
    """The standing of one category for one receiving side."""

    category: str
    side: str
    nominated: int
    verified: int
    exchanged: int
    withdrawn: int
    quota: int | None
    # Quota left after the exchanged: never below zero; `over_quota` says by how much it was exceeded.
    remaining_quota: int | None
    over_quota: int
    # Exchanged to this side minus exchanged to the other side(s) in the same category.
    balance: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint:
    """Cumulative count of one kind of event for one side at the end of a day."""

    on: dt.date
    side: str
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Ledger:
    """All lines of an agreement, with totals per side over every category."""

    agreement: str
    sides: tuple[str, ...]
    lines: tuple[LedgerLine, ...]
    first_day: dt.date | None
    last_day: dt.date | None

    def line(self, category: str, side: str) -> LedgerLine:
        """Return the line of `category` for `side` (raise KeyError when there is none)."""
        for line in self.lines:
            if line.category == category and line.side == side:
                return line
        raise KeyError((category, side))

    def total(self, side: str, kind: EventKind = EventKind.EXCHANGED) -> int:
        """Return the sum of one kind of count over every category for `side`."""
        return sum(getattr(line, kind.value) for line in self.lines if line.side == side)
