"""Moving bodies along their lifecycle, one at a time or a whole batch at once, with a custody event per body.

A single body goes through `transition_apply` (table, actor, guards, optimistic lock, audit). A batch step checks
every body against the same lifecycle table with `check_transition`, updates them in one statement that refuses
bodies changed meanwhile, writes one custody event per body and one audit event naming every body.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.parties.visibility import viewer_party
from cartel.transitions import StaleEdit, TransitionRefused, check_transition, transition_apply

from .models import CustodyEvent, Remains, RemainsBatch

BULK = 1000


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _party_code(actor: Any) -> str:
    party = viewer_party(actor) if _user(actor) else None
    return party.code if party else "system"


def custody_event(
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
    """Append one step to a body's chain of custody (called inside the service that made the change)."""
    return CustodyEvent.objects.create(
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
    batch: RemainsBatch | None = None,
    reason: str = "",
    place: str = "",
    evidence_ref: str = "",
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Apply one lifecycle step to many bodies atomically; every body is checked, none may have changed meanwhile."""
    if not remains:
        return 0
    by_source: dict[tuple[str, str, int], list[Remains]] = {}
    for body in remains:
        transition = check_transition(user=actor, obj=body, lifecycle="remains", action=action)
        by_source.setdefault((body.status, transition.target, body.version), []).append(body)
    now = timezone.now()
    changes = dict(extra or {})
    with transaction.atomic():
        for (source, target, version), bodies in by_source.items():
            for start in range(0, len(bodies), BULK):
                chunk = bodies[start : start + BULK]
                updated = Remains.objects.filter(
                    pk__in=[b.pk for b in chunk], status=source, version=version
                ).update(status=target, version=F("version") + 1, **changes)
                if updated != len(chunk):
                    raise StaleEdit("Some of these bodies were changed by someone else meanwhile. Reload.")
            CustodyEvent.objects.bulk_create(
                [
                    CustodyEvent(
                        remains=b,
                        at=now,
                        action=action,
                        from_status=source,
                        to_status=target,
                        party_code=_party_code(actor),
                        actor=_user(actor),
                        batch_id=changes.get("batch_id", b.batch_id),
                        place=place[:200],
                        note=reason,
                        evidence_ref=evidence_ref[:200],
                    )
                    for b in bodies
                ],
                batch_size=BULK,
            )
            for b in bodies:
                b.status = target
                b.version += 1
                for key, value in changes.items():
                    setattr(b, key, value)
        audit_record(
            actor=actor,
            verb=AuditVerb.TRANSITION,
            target=batch,
            target_type="" if batch else "remains.remains",
            target_id="" if batch else "bulk",
            summary=f"remains: {action} for {len(remains)} bodies",
            after={"action": action, "count": len(remains), "remains": [b.code for b in remains]},
            reason=reason,
        )
    return len(remains)


__all__ = [
    "StaleEdit",
    "TransitionRefused",
    "custody_event",
    "remains_bulk_transition",
    "remains_transition",
]
