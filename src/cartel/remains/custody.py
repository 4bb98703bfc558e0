"""Moving bodies along their lifecycle, one at a time or a whole batch at once, with a custody event per body.

A single body goes through `transition_apply` (table, actor, guards, optimistic lock, audit), a batch step through
`transition_apply_many` (every body checked against the same lifecycle table, updated in bulk statements that refuse
bodies changed meanwhile, one audit event per body); either way each body gets a custody event in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.bulk import objects_insert
from cartel.parties.visibility import viewer_party
from cartel.transitions import Move, StaleEdit, TransitionRefused, transition_apply, transition_apply_many

from .models import CustodyEvent, Remains

BULK = 1000


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _party_code(actor: Any) -> str:
    party = viewer_party(actor) if _user(actor) else None
    return party.code if party else "system"


def _custody_row(
    *,
    remains: Remains,
    action: str,
    actor: Any,
    from_status: str = "",
    to_status: str = "",
    place: str = "",
    note: str = "",
    evidence_ref: str = "",
) -> CustodyEvent:
    """One custody event, not yet stored: who (party and user), what, where, on what evidence."""
    return CustodyEvent(
        remains=remains,
        action=action,
        from_status=from_status,
        to_status=to_status or remains.status,
        party_code=_party_code(actor),
        actor=_user(actor),
        batch_id=remains.batch_id,
        place=place[:200],
        note=note,
        evidence_ref=evidence_ref[:200],
    )


def custody_event(*, remains: Remains, action: str, actor: Any, **details: str) -> CustodyEvent:
    """Append one step to a body's chain of custody (called inside the service that made the change).

    `details`: from_status, to_status (the body's status when not given), place, note, evidence_ref.
    """
    event = _custody_row(remains=remains, action=action, actor=actor, **details)
    event.save(force_insert=True)
    return event


def remains_transition(
    *,
    remains: Remains,
    action: str,
    actor: Any,
    reason: str = "",
    place: str = "",
    evidence_ref: str = "",
    extra: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Remains:
    """Apply one lifecycle step to one body and record it in its chain of custody."""
    before = remains.status
    with transaction.atomic():
        transition_apply(
            obj=remains,
            lifecycle="remains",
            action=action,
            actor=actor,
            reason=reason,
            expected_version=expected_version,
            extra=extra,
        )
        custody_event(
            remains=remains,
            action=action,
            actor=actor,
            from_status=before,
            to_status=remains.status,
            place=place,
            note=reason,
            evidence_ref=evidence_ref,
        )
    return remains


def remains_bulk_transition(
    *,
    remains: Sequence[Remains],
    action: str,
    actor: Any,
    reason: str = "",
    place: str = "",
    evidence_ref: str = "",
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Apply one lifecycle step to many bodies atomically; every body is checked, none may have changed meanwhile.

    `transition_apply_many` checks, updates and audits (one event per body); this adds each body's custody event
    (with the body's batch as `extra` leaves it) in the same transaction.
    """
    now = timezone.now()

    def custody(moves: list[Move]) -> None:
        rows = [
            _custody_row(remains=body, action=action, actor=actor, from_status=source, to_status=target,
                         place=place, note=reason, evidence_ref=evidence_ref)
            for body, source, target in moves
        ]  # fmt: skip
        for row in rows:
            row.at = now
        objects_insert(rows)

    return transition_apply_many(
        objs=remains,
        lifecycle="remains",
        action=action,
        actor=actor,
        reason=reason,
        extra=extra,
        side_records=custody,
        stale_message=_("Some of these bodies were changed by someone else meanwhile. Reload."),
    )


__all__ = [
    "StaleEdit",
    "TransitionRefused",
    "custody_event",
    "remains_bulk_transition",
    "remains_transition",
]
