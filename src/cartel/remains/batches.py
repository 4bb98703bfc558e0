"""Batches of bodies: manifest, listing, handover, receipt counted against the manifest, discrepancies.

A batch moves draft → listed → handed_over → received → reconciled. Each batch step moves every body in it one
step along the remains lifecycle (checked body by body) and writes one custody event per body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.models import Agreement
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import chunks, objects_insert
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import viewer_party
from cartel.transitions import TransitionRefused

from .custody import custody_event, remains_bulk_transition
from .manifest import ManifestReading, manifest_read
from .models import BatchStatus, Discrepancy, DiscrepancyKind, Remains, RemainsBatch, RemainsKind
from .services import remains_create, remains_search_text

BATCH_STEPS: Mapping[str, tuple[frozenset[str], str]] = {
    "list": (frozenset({BatchStatus.DRAFT}), BatchStatus.LISTED),
    "hand_over": (frozenset({BatchStatus.LISTED}), BatchStatus.HANDED_OVER),
    "receive": (frozenset({BatchStatus.HANDED_OVER}), BatchStatus.RECEIVED),
    "reconcile": (frozenset({BatchStatus.RECEIVED}), BatchStatus.RECONCILED),
}


def _may_step(batch: RemainsBatch, step: str, actor: Any) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return actor == "system"
    party = viewer_party(actor)
    if party is None:
        return False
    if step in ("list", "hand_over"):
        return party.pk == batch.sender_id or (step == "hand_over" and party.kind == PartyKind.MEDIATOR)
    return party.pk == batch.receiver_id or (step == "reconcile" and party.kind == PartyKind.MEDIATOR)


def _batch_step(batch: RemainsBatch, step: str, actor: Any, **fields: Any) -> RemainsBatch:
    sources, target = BATCH_STEPS[step]
    if not _may_step(batch, step, actor):
        raise TransitionRefused(_("Your party may not do this to batch %(code)s.") % {"code": batch.code})
    if batch.status not in sources:
        raise TransitionRefused(
            _("Batch %(code)s is %(status)s; it cannot be %(step)s now.")
            % {"code": batch.code, "status": batch.get_status_display(), "step": step.replace("_", " ")}
        )
    before = batch.status
    updated = RemainsBatch.objects.filter(pk=batch.pk, version=batch.version, status=before).update(
        status=target, version=batch.version + 1, **fields
    )
    if updated != 1:
        from cartel.transitions import StaleEdit

        raise StaleEdit(_("The batch was changed by someone else. Reload and try again."))
    batch.refresh_from_db()
    audit_record(
        actor=actor,
        verb=AuditVerb.TRANSITION,
        target=batch,
        summary=f"batch {batch.code}: {step}",
        before={"status": before},
        after={"status": target, **fields},
    )
    return batch


def batch_create(
    *,
    sender: Party,
    receiver: Party,
    actor: Any,
    agreement: Agreement | None = None,
    code: str = "",
    handover_point: str = "",
    transport: str = "",
) -> RemainsBatch:
    """Open a draft batch from `sender` to `receiver`."""
    with transaction.atomic():
        if not code:
            count = RemainsBatch.objects.filter(sender=sender).count() + 1
            code = f"{sender.code}-{receiver.code}-RB-{count:04d}"
        batch = RemainsBatch.objects.create(
            code=code,
            sender=sender,
            receiver=receiver,
            agreement=agreement,
            handover_point=handover_point,
            transport=transport,
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.CREATED,
            target=batch,
            summary=f"remains batch {code}",
            after={"sender": sender.code, "receiver": receiver.code},
        )
    return batch


def _refresh_count(batch: RemainsBatch) -> None:
    batch.manifest_count = batch.remains.count()
    RemainsBatch.objects.filter(pk=batch.pk).update(manifest_count=batch.manifest_count)


def batch_add_remains(*, batch: RemainsBatch, remains: list[Remains], actor: Any) -> int:
    """Put bodies the sender holds on a draft batch's manifest, listing them for repatriation."""
    if batch.status != BatchStatus.DRAFT:
        raise TransitionRefused(_("Only a draft batch takes more bodies."))
    if any(r.holding_party_id != batch.sender_id for r in remains):
        raise TransitionRefused(_("A batch holds only bodies its sender holds."))
    with transaction.atomic():
        remains_bulk_transition(
            remains=remains,
            action="list_for_repatriation",
            actor=actor,
            extra={"batch_id": batch.pk, "claimed_party": batch.receiver},
        )
        _refresh_count(batch)
    return len(remains)


def batch_import_manifest(*, batch: RemainsBatch, data: bytes, file_name: str, actor: Any) -> ManifestReading:
    """Add the bodies of a manifest file to a draft batch, all or nothing; the reading reports every problem."""
    reading = manifest_read(data, file_name)
    if reading.errors or not reading.rows:
        return reading
    codes = [row.external_id for row in reading.rows]
    existing = {r.code: r for chunk in chunks(codes) for r in Remains.objects.filter(code__in=chunk)}
    foreign = [code for code, r in existing.items() if r.holding_party_id != batch.sender_id]
    if foreign:
        reading.issues.append(
            {
                "row": None,
                "column": "",
                "severity": "error",
                "message": _("Bodies %(codes)s are not held by the sender.")
                % {"codes": ", ".join(foreign[:10])},
            }
        )
        return reading
    with transaction.atomic():
        new = [row for row in reading.rows if row.external_id not in existing]
        created = _create_recorded(batch, new, actor)
        stored = list(existing.values())
        remains_bulk_transition(
            remains=[r for r in stored if r.status == "recorded"],
            action="store",
            actor=actor,
            place=batch.sender.code,
        )
        remains_bulk_transition(
            remains=created + stored,
            action="list_for_repatriation",
            actor=actor,
            extra={"batch_id": batch.pk, "claimed_party": batch.receiver},
            reason=f"manifest {file_name}",
        )
        RemainsBatch.objects.filter(pk=batch.pk).update(
            manifest_file_name=file_name[:255], manifest_sha256=hashlib.sha256(data).hexdigest()
        )
        _refresh_count(batch)
    return reading


def _create_recorded(batch: RemainsBatch, rows: list[Any], actor: Any) -> list[Remains]:
    """Bodies first registered through a manifest: recorded with their particulars, then put in storage."""
    now = timezone.now()
    bodies = []
    for row in rows:
        body = Remains(
            code=row.external_id[:40],
            status="recorded",
            holding_party=batch.sender,
            recorded_by=batch.sender,
            claimed_party=batch.receiver,
            manifest_row=row.row_number,
            raw=row.raw,
            created_at=now,
            kind=RemainsKind.PARTIAL if row.partial else RemainsKind.BODY,
            **{k: v for k, v in row.particulars.items() if hasattr(Remains, k)},
        )
        body.search_text = remains_search_text(body)
        bodies.append(body)
    objects_insert(bodies)  # ids set on the objects
    from .models import CustodyEvent

    objects_insert(
        [
            CustodyEvent(
                remains=b,
                at=now,
                action="record",
                to_status="recorded",
                party_code=batch.sender.code,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                note=f"manifest row {b.manifest_row}",
            )
            for b in bodies
        ]
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED,
        target=batch,
        summary=f"{len(bodies)} bodies from manifest",
        after={"remains": [b.code for b in bodies]},
    )
    remains_bulk_transition(remains=bodies, action="store", actor=actor, place=batch.sender.code)
    return bodies


def batch_list(*, batch: RemainsBatch, actor: Any) -> RemainsBatch:
    """Close the manifest: no more bodies are added; the count is final."""
    if not batch.remains.exists():
        raise TransitionRefused(_("An empty batch cannot be listed."))
    with transaction.atomic():
        _refresh_count(batch)
        return _batch_step(batch, "list", actor)


def batch_hand_over(
    *, batch: RemainsBatch, actor: Any, handed_over_on: dt.date | None = None, place: str = ""
) -> RemainsBatch:
    """Hand the listed bodies over: the receiver and the mediator now see the batch."""
    bodies = list(batch.remains.filter(status="listed_for_repatriation"))
    with transaction.atomic():
        remains_bulk_transition(
            remains=bodies, action="hand_over", actor=actor, place=place or batch.handover_point
        )
        return _batch_step(batch, "hand_over", actor, handed_over_on=handed_over_on or timezone.localdate())


def batch_receive(
    *,
    batch: RemainsBatch,
    actor: Any,
    missing: Iterable[str] = (),
    mismatches: Mapping[str, str] | None = None,
    extra_bodies: Iterable[Mapping[str, Any]] = (),
    received_on: dt.date | None = None,
) -> RemainsBatch:
    """Count a handed-over batch against its manifest: bodies not arrived (`missing` codes), particulars that differ
    (`mismatches`: code → what differs) and bodies that arrived without a manifest line are recorded as discrepancies;
    every body that arrived passes into the receiver's custody."""
    missing = set(missing)
    mismatches = dict(mismatches or {})
    bodies = list(batch.remains.filter(status="handed_over"))
    codes = {b.code for b in bodies}
    unknown = (missing | set(mismatches)) - codes
    if unknown:
        raise ValueError(_("Not on this batch's manifest: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    arrived = [b for b in bodies if b.code not in missing]
    with transaction.atomic():
        remains_bulk_transition(
            remains=arrived,
            action="receive",
            actor=actor,
            extra={"holding_party": batch.receiver},
            place=batch.handover_point,
        )
        issues = [
            Discrepancy(
                batch=batch,
                kind=DiscrepancyKind.MISSING,
                remains=b,
                description=_("On the manifest (row %(row)s) but not received.")
                % {"row": b.manifest_row or "—"},
            )
            for b in bodies
            if b.code in missing
        ]
        issues += [
            Discrepancy(batch=batch, kind=DiscrepancyKind.MISMATCH, remains=b, description=mismatches[b.code])
            for b in arrived
            if b.code in mismatches
        ]
        for particulars in extra_bodies:
            body = remains_create(
                holding_party=batch.receiver,
                actor=actor,
                particulars=particulars,
                claimed_party=batch.receiver,
                status="received",
                batch_id=batch.pk,
                note=_("received without a manifest line"),
            )
            Remains.objects.filter(pk=body.pk).update(recorded_by=batch.sender)
            issues.append(
                Discrepancy(
                    batch=batch,
                    kind=DiscrepancyKind.EXTRA,
                    remains=body,
                    description=_("Received but not on the manifest."),
                )
            )
        Discrepancy.objects.bulk_create(issues)
        received = len(arrived) + sum(1 for i in issues if i.kind == DiscrepancyKind.EXTRA)
        batch = _batch_step(
            batch, "receive", actor, received_count=received, received_on=received_on or timezone.localdate()
        )
        if not issues:
            batch = _batch_step(batch, "reconcile", actor)
    return batch


def discrepancy_resolve(*, discrepancy: Discrepancy, actor: Any, resolution: str) -> Discrepancy:
    """Close a discrepancy with what was found out; the batch is reconciled when none is left open."""
    if not resolution.strip():
        raise ValueError(_("Say how the discrepancy was resolved."))
    with transaction.atomic():
        Discrepancy.objects.filter(pk=discrepancy.pk).update(
            resolved_at=timezone.now(), resolution=resolution
        )
        discrepancy.refresh_from_db()
        if discrepancy.remains is not None:
            custody_event(
                remains=discrepancy.remains, action="discrepancy_resolved", actor=actor, note=resolution
            )
        audit_record(
            actor=actor,
            verb=AuditVerb.UPDATED,
            target=discrepancy,
            summary="discrepancy resolved",
            after={"kind": discrepancy.kind, "resolution": resolution},
        )
        batch = discrepancy.batch
        if (
            batch.status == BatchStatus.RECEIVED
            and not batch.discrepancies.filter(resolved_at__isnull=True).exists()
        ):
            _batch_step(batch, "reconcile", actor)
    return discrepancy
