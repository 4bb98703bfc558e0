"""Writing and verifying the audit chain. Every service that changes data calls `audit_record` in its transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cartel.bulk import objects_insert

from .models import AuditVerb, ChainHead, Event

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return value


def event_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    """Return the SHA-256 of the previous hash and the event's canonical JSON."""
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + payload).encode()).hexdigest()


def _hashed_fields(event: Event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "party": event.party_code,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }


def audit_record(
    *,
    actor: Any,
    verb: AuditVerb | str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    party_code: str = "",
) -> Event:
    """Append one event to the chain, inside the caller's transaction."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not party_code and user is not None:
        from cartel.parties.visibility import viewer_party

        party = viewer_party(user)
        party_code = party.code if party else ""
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        event = Event(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor=user,
            actor_name=(user.get_username() if user else str(actor or "system"))[:150],
            party_code=party_code,
            verb=str(verb),
            target_type=target_type,
            target_id=str(target_id),
            summary=summary[:300],
            before=_jsonable(before or {}),
            after=_jsonable(after or {}),
            reason=reason,
            prev_hash=head.last_hash,
        )
        event.hash = event_digest(head.last_hash, _hashed_fields(event))
        event.save(force_insert=True)
        ChainHead.objects.filter(id=1).update(last_hash=event.hash, last_seq=event.seq)
    return event


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSpec:
    """One event of a batch written by `audit_record_many`."""

    target: models.Model
    summary: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def audit_record_many(*, actor: Any, verb: AuditVerb | str, events: list[EventSpec], reason: str = "",
                      party_code: str = "") -> int:  # fmt: skip
    """Append one event per item, chained in order, with a single lock and a bulk insert; return how many."""
    if not events:
        return 0
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not party_code and user is not None:
        from cartel.parties.visibility import viewer_party

        party = viewer_party(user)
        party_code = party.code if party else ""
    actor_name = (user.get_username() if user else str(actor or "system"))[:150]
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        prev, seq, now = head.last_hash, head.last_seq, timezone.now()
        rows: list[Event] = []
        for spec in events:
            seq += 1
            event = Event(
                seq=seq, at=now, actor=user, actor_name=actor_name, party_code=party_code, verb=str(verb),
                target_type=spec.target._meta.label_lower, target_id=str(spec.target.pk), summary=spec.summary[:300],
                before=_jsonable(spec.before or {}), after=_jsonable(spec.after or {}), reason=reason, prev_hash=prev,
            )  # fmt: skip
            event.hash = event_digest(prev, _hashed_fields(event))
            prev = event.hash
            rows.append(event)
        objects_insert(rows)
        ChainHead.objects.filter(id=1).update(last_hash=prev, last_seq=seq)
    return len(rows)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of walking the chain."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def _events() -> Iterator[Event]:
    return Event.objects.order_by("seq").iterator(chunk_size=5000)


def audit_verify() -> VerifyResult:
    """Recompute every hash; report the first event that was altered, removed or inserted."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in _events():
        if event.seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"event #{expected_seq} is missing (next is #{event.seq})"
            )
        if event.prev_hash != prev:
            return VerifyResult(
                False, checked, event.seq, f"event #{event.seq} does not follow the previous event"
            )
        if event_digest(prev, _hashed_fields(event)) != event.hash:
            return VerifyResult(
                False, checked, event.seq, f"event #{event.seq} was altered after it was written"
            )
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev):
        seq = checked + 1 if head.last_seq > checked else head.last_seq
        return VerifyResult(
            False, checked, seq, f"the chain ends at #{checked} but #{head.last_seq} was written"
        )
    return VerifyResult(True, checked)
