"""Reads about bodies, always from the visibility policy: lists, custody chains, the remains ledger and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from cartel.parties.visibility import remains_batches_visible_to, remains_visible_to

from .models import CustodyEvent, Discrepancy, Remains, RemainsBatch

# Identification status of a body, by lifecycle state.
AWAITING = ("received", "forensic_examination")
IDENTIFIED = ("identified", "family_notified", "released_for_burial", "closed")
IDENTIFICATION_GROUPS: dict[str, tuple[str, ...]] = {
    "awaiting": AWAITING,
    "identified": IDENTIFIED,
    "unidentified": ("unidentified",),
}
BEFORE_HANDOVER = ("recovered", "recorded", "buried", "in_storage", "exhumed", "listed_for_repatriation")


def remains_for(viewer: Any) -> QuerySet[Remains]:
    """Bodies the viewer may see, with their parties and batch."""
    return remains_visible_to(viewer).select_related("holding_party", "claimed_party", "batch", "person")


def batches_for(viewer: Any) -> QuerySet[RemainsBatch]:
    """Batches the viewer may see, newest first."""
    return remains_batches_visible_to(viewer).select_related("sender", "receiver", "agreement")


def custody_chain(remains: Remains) -> QuerySet[CustodyEvent]:
    """Every custody step of one body, oldest first (the caller got `remains` through the visibility policy)."""
    return remains.custody_events.select_related("actor", "batch").order_by("at", "pk")


@dataclass(slots=True, kw_only=True)
class LedgerLine:
    """Bodies moved under one agreement in one direction, from manifest to identification."""

    agreement: str
    sender: str
    receiver: str
    target: int | None = None
    batches: int = 0
    manifested: int = 0
    handed_over: int = 0
    received: int = 0
    missing: int = 0
    extra: int = 0
    mismatched: int = 0
    open_discrepancies: int = 0
    awaiting: int = 0
    identified: int = 0
    unidentified: int = 0
    not_own_national: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def _targets() -> dict[tuple[int, str], int]:
    from cartel.agreements.models import Category

    totals: Counter[tuple[int, str]] = Counter()
    for agreement_id, quota in Category.objects.filter(for_remains=True, quota__isnull=False).values_list(
        "agreement_id", "quota"
    ):
        totals[(agreement_id, "")] += quota
    return dict(totals)


def remains_ledger(viewer: Any) -> list[LedgerLine]:
    """The remains ledger: per agreement and direction, bodies manifested, handed over, received, discrepancies and
    identification status (bodies later found not to be own nationals are counted where they were received)."""
    batches = batches_for(viewer)
    lines: dict[tuple[Any, int, int], LedgerLine] = {}
    targets = _targets()
    for b in batches:
        key = (b.agreement_id, b.sender_id, b.receiver_id)
        line = lines.get(key)
        if line is None:
            line = lines[key] = LedgerLine(
                agreement=b.agreement.code if b.agreement else "—",
                sender=b.sender.code,
                receiver=b.receiver.code,
                target=targets.get((b.agreement_id, "")) if b.agreement_id else None,
            )
        line.batches += 1
        line.manifested += b.manifest_count
        if b.status in ("handed_over", "received", "reconciled"):
            line.handed_over += b.manifest_count
        line.received += b.received_count or 0
    ids = {
        key: [b.pk for b in batches if (b.agreement_id, b.sender_id, b.receiver_id) == key] for key in lines
    }
    for key, batch_ids in ids.items():
        line = lines[key]
        issues = Discrepancy.objects.filter(batch_id__in=batch_ids).aggregate(
            missing=Count("pk", filter=Q(kind="missing")),
            extra=Count("pk", filter=Q(kind="extra")),
            mismatched=Count("pk", filter=Q(kind="mismatch")),
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
        )
        line.missing, line.extra, line.mismatched = issues["missing"], issues["extra"], issues["mismatched"]
        line.open_discrepancies = issues["open"]
        line.not_own_national = (
            CustodyEvent.objects.filter(batch_id__in=batch_ids, action="mark_not_own_national")
            .values("remains_id")
            .distinct()
            .count()
        )
        statuses = dict(
            Remains.objects.filter(batch_id__in=batch_ids).values_list("status").annotate(n=Count("pk"))
        )
        line.by_status = statuses
        line.awaiting = sum(statuses.get(s, 0) for s in AWAITING)
        line.identified = sum(statuses.get(s, 0) for s in IDENTIFIED)
        line.unidentified = statuses.get("unidentified", 0)
    return sorted(lines.values(), key=lambda line: (line.agreement, line.sender, line.receiver))


def remains_status_counts(viewer: Any) -> dict[str, int]:
    """Visible bodies per lifecycle state."""
    rows = remains_visible_to(viewer).values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def identification_counts(viewer: Any) -> dict[str, int]:
    """Visible received bodies by identification status: awaiting, identified, unidentified, not own national."""
    counts = remains_status_counts(viewer)
    out = {group: sum(counts.get(s, 0) for s in states) for group, states in IDENTIFICATION_GROUPS.items()}
    out["not_own_national"] = counts.get("not_own_national", 0)
    return out


def manifest_total(viewer: Any) -> int:
    """Bodies on all visible manifests."""
    return batches_for(viewer).aggregate(n=Sum("manifest_count"))["n"] or 0
