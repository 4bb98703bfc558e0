"""Helpers shared by the exchange services: who the actor is, person and stage transitions, placements, ledger."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.agreements.models import Agreement
from cartel.engine.lifecycle import Role
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import viewer_party, viewer_role
from cartel.registry.models import Person
from cartel.transitions import transition_apply, transition_apply_many

from .models import LedgerEntry, LedgerKind, Placement, Stage

BUREAU = (Role.OPERATOR, Role.LEAD)
# Captive states of a person whose placement is open and who has not been handed over yet.
ON_LIST_STATES = ("listed", "list_disputed", "matched", "scheduled")


def actor_party(actor: Any) -> Party:
    """The actor's party, or a refusal."""
    party = viewer_party(actor)
    if party is None:
        raise Refused(_("Your account belongs to no party."))
    return party


def agreement_sides(agreement: Agreement) -> list[Party]:
    """The agreement's two belligerents, by code."""
    return list(agreement.parties.filter(kind=PartyKind.BELLIGERENT).order_by("code"))


def require_mediator(actor: Any, stage: Stage) -> Party:
    """Refuse unless the actor is the mediator of the stage's agreement, in the mediator role."""
    party = actor_party(actor)
    if party.pk != stage.agreement.mediator_id or viewer_role(actor) != Role.MEDIATOR:
        raise Refused(_("Only the mediator of this agreement does this."))
    return party


def require_bureau(actor: Any, stage: Stage, roles: tuple[Role, ...] = BUREAU) -> Party:
    """Refuse unless the actor works in the bureau of one of the stage's parties, in one of `roles`."""
    party = actor_party(actor)
    if party.kind != PartyKind.BELLIGERENT or not stage.agreement.parties.filter(pk=party.pk).exists():
        raise Refused(_("Only the parties to this agreement do this."))
    if viewer_role(actor) not in roles:
        raise Refused(_("Your role may not do this."))
    return party


def person_move(
    person: Person,
    action: str,
    actor: Any,
    *,
    reason: str = "",
    facts: Mapping[str, bool] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Person:
    """Apply one captive transition (checked and audited by `transition_apply`) and return the fresh person."""
    transition_apply(obj=person, lifecycle="captive", action=action, actor=actor, reason=reason, facts=facts,
                     extra=extra)  # fmt: skip
    return person


def persons_move(
    persons: Sequence[Person],
    action: str,
    actor: Any,
    *,
    reason: str = "",
    facts_for: Callable[[Person], Mapping[str, bool]] | None = None,
) -> int:
    """Apply one captive transition to many people at once (each checked and audited, one transaction)."""
    return transition_apply_many(objs=list(persons), lifecycle="captive", action=action, actor=actor, reason=reason,
                                 facts_for=facts_for)  # type: ignore[arg-type]  # fmt: skip


def stage_move(
    stage: Stage,
    action: str,
    actor: Any,
    *,
    reason: str = "",
    facts: Mapping[str, bool] | None = None,
    **extra: Any,
) -> Stage:
    """Apply one stage transition to the stage as it now is, and return it refreshed."""
    stage.refresh_from_db()
    transition_apply(obj=stage, lifecycle="stage", action=action, actor=actor, reason=reason, facts=facts,
                     extra=extra or None)  # fmt: skip
    return stage


def ledger_add(placement: Placement, kind: LedgerKind, *, count: int = 1) -> LedgerEntry:
    """Append one ledger event about a placement."""
    stage = placement.stage
    return LedgerEntry.objects.create(
        agreement_id=stage.agreement_id, category_id=placement.category_id, stage=stage,
        side=placement.side.code, kind=kind, count=count, person_id=placement.person_id, at=timezone.now(),
    )  # fmt: skip


def placement_set(
    placement: Placement, *, status: str, reason: str = "", close: bool = False, **fields: Any
) -> None:
    """Change a placement's status (closing it frees the person for another stage)."""
    updates: dict[str, Any] = {"status": status, **fields}
    if reason:
        updates["reason"] = reason
    if close:
        updates["open_person"] = None
    for key, value in updates.items():
        setattr(placement, key, value)
    placement.version += 1
    placement.save(update_fields=[*updates, "version"])


def person_delist(placement: Placement, actor: Any, reason: str) -> None:
    """Send a person whose placement ends before handover back to `eligible`, if they were listed."""
    person = Person.objects.get(pk=placement.person_id)
    if person.status in ON_LIST_STATES:
        person_move(person, "delist", actor, reason=reason)
