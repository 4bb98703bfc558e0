"""The one service that changes a status: check the lifecycle table, the actor, the guards; write; audit.

Every status change of a captive, remains record, inquiry or stage goes through `transition_apply`. It runs in one
transaction with optimistic locking: if the object changed since the caller read it, the change is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import (
    LIFECYCLES,
    Actor,
    LifecycleError,
    NotPermitted,
    Role,
    Transition,
    advance,
)
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import viewer_party, viewer_role

# How many rows one bulk UPDATE names at most (SQLite and PostgreSQL both take this many parameters with ease).
BULK = 500


class StaleEdit(Exception):
    """Someone else changed the record since it was read; reload and try again."""


class TransitionRefused(Exception):
    """A state change refused by the lifecycle table, the actor's rights or a guard; the message says why."""


def actor_relations(user: Any, obj: models.Model) -> tuple[Actor, ...]:
    """How the user's party relates to `obj`: detaining party, party of origin, mediator or transit state."""
    party = viewer_party(user)
    if party is None:
        return ()
    if party.kind == PartyKind.MEDIATOR:
        return (Actor.MED,)
    if party.kind == PartyKind.TRANSIT:
        return (Actor.TS,)
    relations: list[Actor] = []
    holder = getattr(obj, "holding_party_id", None)
    origin = getattr(obj, "origin_party_id", None) or getattr(obj, "claimed_party_id", None)
    if holder == party.pk:
        relations.append(Actor.DP)
    if origin == party.pk or getattr(obj, "party_id", None) == party.pk:
        relations.append(Actor.PO)
    agreement = getattr(obj, "agreement", None)
    if agreement is not None and agreement.parties.filter(pk=party.pk).exists():
        relations += [Actor.DP, Actor.PO]
    return tuple(dict.fromkeys(relations))


def check_transition(
    *, user: Any, obj: models.Model, lifecycle: str, action: str, facts: Mapping[str, bool] | None = None
) -> Transition:
    """Return the transition `user` may make on `obj`, or raise `TransitionRefused` with a reason."""
    table = LIFECYCLES[lifecycle]
    state = str(obj.status)  # type: ignore[attr-defined]
    role = viewer_role(user)
    if user == "system":
        return advance(table, state, action, actor=Actor.SYSTEM, role=Role.ADMIN, facts=facts)
    relations = actor_relations(user, obj)
    if role is None or not relations:
        raise TransitionRefused(_("Your account has no role for this record."))
    last: LifecycleError | None = None
    for relation in relations:
        try:
            return advance(table, state, action, actor=relation, role=role, facts=facts)
        except NotPermitted as exc:
            last = exc
        except LifecycleError as exc:
            raise TransitionRefused(str(exc)) from exc
    raise TransitionRefused(str(last))


def transition_apply(
    *,
    obj: models.Model,
    lifecycle: str,
    action: str,
    actor: Any,
    reason: str = "",
    facts: Mapping[str, bool] | None = None,
    expected_version: int | None = None,
    extra: Mapping[str, Any] | None = None,
    after_commit: Callable[[], None] | None = None,
) -> models.Model:
    """Apply one checked state change to `obj`, with its audit event, atomically; return the refreshed object."""
    transition = check_transition(user=actor, obj=obj, lifecycle=lifecycle, action=action, facts=facts)
    model = type(obj)
    before = {"status": obj.status}  # type: ignore[attr-defined]
    version = expected_version if expected_version is not None else obj.version  # type: ignore[attr-defined]
    changes: dict[str, Any] = {"status": transition.target, "version": F("version") + 1, **(extra or {})}
    if hasattr(obj, "updated_at"):
        from django.utils import timezone

        changes["updated_at"] = timezone.now()
    with transaction.atomic():
        updated = model._default_manager.filter(pk=obj.pk, version=version, status=before["status"]).update(
            **changes
        )
        if updated != 1:
            raise StaleEdit(
                _("This record was changed by someone else since you opened it. Reload and try again.")
            )
        audit_record(
            actor=actor,
            verb=AuditVerb.TRANSITION,
            target=obj,
            summary=f"{lifecycle}: {action} → {transition.target}",
            before=before,
            after={"status": transition.target, **{k: v for k, v in (extra or {}).items()}},
            reason=reason,
        )
        if after_commit is not None:
            transaction.on_commit(after_commit)
    obj.refresh_from_db()
    return obj


# One move of a bulk transition: the object (already at its new status), where it came from and where it went.
Move = tuple[models.Model, str, str]


def transition_apply_many(
    *,
    objs: Sequence[models.Model],
    lifecycle: str,
    action: str,
    actor: Any,
    reason: str = "",
    facts_for: Callable[[models.Model], Mapping[str, bool]] | None = None,
    extra: Mapping[str, Any] | None = None,
    side_records: Callable[[list[Move]], None] | None = None,
    stale_message: str = "",
) -> int:
    """Apply one checked state change to many objects atomically, one audit event each; refuse all if any fails.

    Every object is checked like `transition_apply` does (table, actor, role, guards); each must still be at the
    status and version it was read with, or nothing changes (`StaleEdit`, with `stale_message` when given). `extra`
    fields are written with the status, onto the rows and the objects. `side_records` is called in the same
    transaction with every move (object, source, target), for records a caller keeps beside the audit (a body's
    chain of custody). Returns how many objects moved.
    """
    from cartel.audit.services import EventSpec, audit_record_many

    if not objs:
        return 0
    groups: dict[tuple[str, str, int], list[models.Model]] = {}
    for obj in objs:
        facts = facts_for(obj) if facts_for else None
        transition = check_transition(user=actor, obj=obj, lifecycle=lifecycle, action=action, facts=facts)
        groups.setdefault((str(obj.status), transition.target, int(obj.version)), []).append(obj)  # type: ignore[attr-defined]
    model = type(objs[0])
    changes: dict[str, Any] = dict(extra or {})
    if hasattr(objs[0], "updated_at"):
        from django.utils import timezone

        changes["updated_at"] = timezone.now()
    # Plain values are copied onto the objects too; expressions (F(...)) only make sense in the database.
    plain = {key: value for key, value in changes.items() if not hasattr(value, "resolve_expression")}
    specs: list[EventSpec] = []
    moves: list[Move] = []
    with transaction.atomic():
        for (source, target, version), members in groups.items():
            for start in range(0, len(members), BULK):
                chunk = members[start : start + BULK]
                updated = model._default_manager.filter(
                    pk__in=[m.pk for m in chunk], status=source, version=version
                ).update(status=target, version=F("version") + 1, **changes)
                if updated != len(chunk):
                    raise StaleEdit(
                        stale_message
                        or _(
                            "Some of these records were changed by someone else meanwhile. Reload and try again."
                        )
                    )
            for m in members:
                specs.append(EventSpec(target=m, summary=f"{lifecycle}: {action} → {target}", before={"status": source},
                                       after={"status": target, **dict(extra or {})}))  # fmt: skip
                m.status = target  # type: ignore[attr-defined]
                m.version = version + 1  # type: ignore[attr-defined]
                for key, value in plain.items():
                    setattr(m, key, value)
                moves.append((m, source, target))
        if side_records is not None:
            side_records(moves)
        audit_record_many(actor=actor, verb=AuditVerb.TRANSITION, events=specs, reason=reason)
    return len(specs)


def party_by_code(code: str) -> Party:
    """The party with this code, or a clear error."""
    party = Party.objects.filter(code=code).first()
    if party is None:
        codes = ", ".join(Party.objects.values_list("code", flat=True)) or "none yet"
        raise ValueError(
            _("No party with code %(code)s (known: %(codes)s).") % {"code": code, "codes": codes}
        )
    return party
