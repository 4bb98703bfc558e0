"""The ledger of an agreement from the database: stage events plus remains batches, folded by the pure engine.

`ledger_cli(args)` is what `cartel ledger --agreement CODE [--json]` runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.utils import timezone

from cartel.agreements.models import Agreement
from cartel.engine.ledger import (
    CategoryTerms,
    EventKind,
    Ledger,
    LedgerEvent,
    SeriesPoint,
    ledger_compute,
    ledger_series,
    ledger_table,
    ledger_to_json,
)

from .common import agreement_sides
from .models import LedgerEntry

REMAINS_SHARED = ("handed_over", "received", "reconciled")


def ledger_events(agreement: Agreement) -> list[LedgerEvent]:
    """Every ledger event of the agreement: people from stage work, bodies from handed-over remains batches."""
    codes = {c.pk: c.code for c in agreement.categories.all()}
    events = [
        LedgerEvent(on=timezone.localdate(at), kind=EventKind(kind), category=codes.get(cat, "") if cat else "",
                    side=side, count=count, stage=str(stage or ""))
        for at, kind, cat, side, count, stage in LedgerEntry.objects.filter(agreement=agreement)
        .order_by("at", "pk").values_list("at", "kind", "category_id", "side", "count", "stage__number")
    ]  # fmt: skip
    remains = agreement.categories.filter(for_remains=True).first()
    if remains is not None:
        from cartel.remains.models import RemainsBatch

        batches = RemainsBatch.objects.filter(agreement=agreement, status__in=REMAINS_SHARED)
        for batch in batches.select_related("receiver"):
            count = batch.received_count if batch.received_count is not None else batch.manifest_count
            on = batch.handed_over_on or batch.received_on or timezone.localdate(batch.created_at)
            events.append(LedgerEvent(on=on, kind=EventKind.EXCHANGED, category=remains.code,
                                      side=batch.receiver.code, count=count, stage=batch.code))  # fmt: skip
    events.sort(key=lambda e: e.on)
    return events


def _terms(agreement: Agreement) -> list[CategoryTerms]:
    return [
        CategoryTerms(code=c.code, rule=c.rule, quota=c.quota, name=c.name)
        for c in agreement.categories.all()
    ]


def agreement_ledger(agreement: Agreement) -> Ledger:
    """The agreement's ledger: per category and receiving side."""
    sides = [p.code for p in agreement_sides(agreement)]
    return ledger_compute(ledger_events(agreement), agreement=agreement.code, categories=_terms(agreement),
                          sides=sides)  # fmt: skip


def agreement_series(agreement: Agreement) -> tuple[SeriesPoint, ...]:
    """Cumulative people and bodies exchanged per receiving side, day by day."""
    sides = [p.code for p in agreement_sides(agreement)]
    return ledger_series(ledger_events(agreement), sides=sides)


def ledger_cli(args: argparse.Namespace) -> int:
    """`cartel ledger --agreement CODE [--json]`: print the balances; exit 2 for an unknown agreement."""
    agreement = Agreement.objects.filter(code=args.agreement).first()
    if agreement is None:
        known = ", ".join(Agreement.objects.values_list("code", flat=True)) or "none yet"
        print(f"cartel: no agreement with code {args.agreement!r} (known: {known})", file=sys.stderr)
        return 2
    ledger = agreement_ledger(agreement)
    if getattr(args, "json", False):
        data: dict[str, Any] = ledger_to_json(ledger)
        data["title"] = agreement.title
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{agreement.code} — {agreement.title}")
        print(ledger_table(ledger))
    return 0
