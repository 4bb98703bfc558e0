"""The handover: the receiving side confirms each person across; live counts; completion, partial or postponed.

A person handed over to a side whose returnees pass through a transit state goes straight into that state's care.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record

from .common import (
    ledger_add,
    person_delist,
    person_move,
    placement_set,
    require_bureau,
    require_mediator,
    stage_move,
)
from .models import LedgerKind, Placement, PlacementStatus, Stage, TransitCare


@transaction.atomic
def stage_start_handover(*, stage: Stage, actor: Any) -> Stage:
    """Open the handover of a scheduled stage."""
    stage_move(stage, "start_handover", actor, reason="handover opened")
    return stage


@transaction.atomic
def handover_confirm(*, placement: Placement, actor: Any) -> Placement:
    """The receiving side confirms the person's identity and takes them over."""
    placement = (
        Placement.objects.select_for_update().select_related("stage", "person", "side").get(pk=placement.pk)
    )
    stage = placement.stage
    party = require_bureau(actor, stage)
    if stage.status != "in_progress":
        raise Refused(_("The handover of this stage is not open."))
    if placement.side_id != party.pk:
        raise Refused(_("Only the receiving side confirms a person's identity."))
    if placement.status != PlacementStatus.SCHEDULED:
        raise Refused(
            _("This person is not awaiting handover (%(s)s).") % {"s": placement.get_status_display()}
        )
    person = placement.person
    person_move(person, "hand_over", actor, facts={"identity_confirmed": True},
                extra={"holding_party_id": placement.side_id}, reason=f"{stage}: identity confirmed")  # fmt: skip
    now = timezone.now()
    placement_set(
        placement, status=PlacementStatus.HANDED_OVER, handed_over_at=now, identity_confirmed_by=actor
    )
    ledger_add(placement, LedgerKind.EXCHANGED)
    if stage.transit_party_id and stage.transit_side_id == placement.side_id:
        care = TransitCare.objects.create(person=person, stage=stage, transit_party_id=stage.transit_party_id,
                                          arrived_at=now)  # fmt: skip
        audit_record(actor=actor, verb=AuditVerb.CREATED, target=care, summary="arrived in transit care")
    audit_record(actor=actor, verb=AuditVerb.HANDED_OVER, target=placement,
                 summary=f"{stage}: person {person.pk} received by {party.code}")  # fmt: skip
    return placement


@transaction.atomic
def handover_hold_back(*, placement: Placement, actor: Any, reason: str) -> Placement:
    """Record that a scheduled person will not cross at this stage (absent, unfit, refused), with the reason."""
    stage = placement.stage
    require_mediator(actor, stage)
    if placement.status != PlacementStatus.SCHEDULED:
        raise Refused(_("Only a person awaiting handover can be held back."))
    if not reason.strip():
        raise Refused(_("Say why the person does not cross."))
    person_delist(placement, actor, reason)
    placement_set(placement, status=PlacementStatus.NOT_HANDED_OVER, reason=reason, close=True)
    ledger_add(placement, LedgerKind.WITHDRAWN)
    audit_record(
        actor=actor, verb=AuditVerb.UPDATED, target=placement, summary="not handed over", reason=reason
    )
    return placement


def handover_counts(stage: Stage) -> list[dict[str, Any]]:
    """Aggregate counts per receiving side and category: on the list, handed over, still waiting, held back."""
    rows = (
        Placement.objects.filter(stage=stage)
        .exclude(status=PlacementStatus.WITHDRAWN)
        .values("side__code", "category__code", "category__name")
        .annotate(
            total=Count("pk"),
            handed=Count("pk", filter=Q(status=PlacementStatus.HANDED_OVER)),
            waiting=Count("pk", filter=Q(status__in=(PlacementStatus.SCHEDULED, PlacementStatus.MATCHED))),
            held=Count("pk", filter=Q(status=PlacementStatus.NOT_HANDED_OVER)),
        )
        .order_by("side__code", "category__code")
    )
    return [
        {"side": r["side__code"], "category": r["category__code"] or "", "category_name": r["category__name"] or "",
         "total": r["total"], "handed_over": r["handed"], "waiting": r["waiting"], "held_back": r["held"]}
        for r in rows
    ]  # fmt: skip


def handover_totals(stage: Stage) -> dict[str, dict[str, int]]:
    """The same counts summed per side."""
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"total": 0, "handed_over": 0, "waiting": 0, "held_back": 0}
    )
    for row in handover_counts(stage):
        for key in ("total", "handed_over", "waiting", "held_back"):
            totals[row["side"]][key] += row[key]
    return dict(totals)


@transaction.atomic
def stage_complete(*, stage: Stage, actor: Any, reason: str = "") -> Stage:
    """End the handover: complete when everyone crossed, else partial (with a reason); free every placement."""
    require_mediator(actor, stage)
    waiting = list(stage.placements.filter(status__in=(PlacementStatus.SCHEDULED, PlacementStatus.MATCHED)))
    if waiting and not reason.strip():
        raise Refused(
            _("%(n)s people have not crossed: say why the stage ends partially.") % {"n": len(waiting)}
        )
    stage_move(stage, "complete_partially" if waiting else "complete", actor, reason=reason or "everyone crossed",
               status_reason=reason)  # fmt: skip
    for placement in waiting:
        person_delist(placement, actor, reason)
        placement_set(placement, status=PlacementStatus.NOT_HANDED_OVER, reason=reason, close=True)
        ledger_add(placement, LedgerKind.WITHDRAWN)
    stage.placements.filter(open_person__isnull=False).update(open_person=None)
    stage.refresh_from_db()
    return stage


@transaction.atomic
def stage_postpone(*, stage: Stage, actor: Any, reason: str) -> Stage:
    """Postpone the stage with a reason; its lists stay as they are."""
    require_mediator(actor, stage)
    if not reason.strip():
        raise Refused(_("Say why the stage is postponed."))
    return stage_move(stage, "postpone", actor, reason=reason, status_reason=reason)


@transaction.atomic
def stage_resume(*, stage: Stage, actor: Any) -> Stage:
    """Take a postponed stage up again (it returns to planning; submitted lists stay valid)."""
    require_mediator(actor, stage)
    stage_move(stage, "resume", actor, reason="resumed", status_reason="")
    from .lists import _advance_when_both_in

    _advance_when_both_in(stage)
    return stage


@transaction.atomic
def stage_cancel(*, stage: Stage, actor: Any, reason: str) -> Stage:
    """Cancel the stage with a reason: everyone not yet handed over goes back to the pool."""
    require_mediator(actor, stage)
    if not reason.strip():
        raise Refused(_("Say why the stage is cancelled."))
    stage_move(stage, "cancel", actor, reason=reason, status_reason=reason)
    for placement in stage.placements.filter(open_person__isnull=False).exclude(
        status=PlacementStatus.HANDED_OVER
    ):
        person_delist(placement, actor, reason)
        placement_set(placement, status=PlacementStatus.WITHDRAWN, reason=reason, close=True)
        ledger_add(placement, LedgerKind.WITHDRAWN)
    stage.placements.filter(open_person__isnull=False).update(open_person=None)
    return stage
