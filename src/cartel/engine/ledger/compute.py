"""Folding a stream of ledger events into balances and cumulative series."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .model import CategoryTerms, EventKind, Ledger, LedgerEvent, LedgerLine, SeriesPoint

__all__ = ["ledger_compute", "ledger_series"]


def ledger_compute(
    events: Iterable[LedgerEvent],
    *,
    agreement: str,
    categories: Sequence[CategoryTerms],
    sides: Sequence[str],
) -> Ledger:
    """Return every (category, side) line of the agreement from its events, in category then side order."""
    counts: Counter[tuple[str, str, EventKind]] = Counter()
    days: list[dt.date] = []
    seen_sides = list(dict.fromkeys(sides))
    seen_categories = [c.code for c in categories]
    for event in events:
        counts[event.category, event.side, event.kind] += event.count
        days.append(event.on)
        if event.side not in seen_sides:
            seen_sides.append(event.side)
        if event.category not in seen_categories:
            seen_categories.append(event.category)
    quotas = {c.code: c.quota for c in categories}
    lines = []
    for category in seen_categories:
        exchanged = {side: counts[category, side, EventKind.EXCHANGED] for side in seen_sides}
        for side in seen_sides:
            quota = quotas.get(category)
            others = sum(n for s, n in exchanged.items() if s != side)
            lines.append(
                LedgerLine(
                    category=category,
                    side=side,
                    nominated=counts[category, side, EventKind.NOMINATED],
                    verified=counts[category, side, EventKind.VERIFIED],
                    exchanged=exchanged[side],
                    withdrawn=counts[category, side, EventKind.WITHDRAWN],
                    quota=quota,
                    remaining_quota=None if quota is None else max(0, quota - exchanged[side]),
                    over_quota=0 if quota is None else max(0, exchanged[side] - quota),
                    balance=exchanged[side] - others,
                )
            )
    return Ledger(
        agreement=agreement,
        sides=tuple(seen_sides),
        lines=tuple(lines),
        first_day=min(days, default=None),
        last_day=max(days, default=None),
    )


def ledger_series(
    events: Iterable[LedgerEvent], *, kind: EventKind = EventKind.EXCHANGED, sides: Sequence[str] = ()
) -> tuple[SeriesPoint, ...]:
    """Return, for every day with an event of `kind`, each side's cumulative count at the end of that day."""
    per_day: defaultdict[dt.date, Counter[str]] = defaultdict(Counter)
    all_sides = list(dict.fromkeys(sides))
    for event in events:
        if event.kind != kind:
            continue
        per_day[event.on][event.side] += event.count
        if event.side not in all_sides:
            all_sides.append(event.side)
    running: Counter[str] = Counter()
    points: list[SeriesPoint] = []
    for day in sorted(per_day):
        running.update(per_day[day])
        points.extend(SeriesPoint(on=day, side=side, total=running[side]) for side in all_sides)
    return tuple(points)
