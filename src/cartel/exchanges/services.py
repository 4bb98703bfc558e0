"""Writes about exchanges: the public surface of this app's services (each module below holds one step).

A stage runs: `stage_create` → `stage_plan_run` / `stage_plan_adopt` (mediator) → `list_entry_add` /
`list_submit` (each party) → `stage_reconcile` / `discrepancy_resolve` → `stage_sign` (parties and mediator) →
`stage_schedule` → `stage_start_handover` / `handover_confirm` → `stage_complete` → `transit_admit` … /
`home_arrive` / `home_step` → `communique_issue`. Every step writes the audit trail and, where people move,
the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.agreements.models import Agreement, Category
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import viewer_party, viewer_role

from .care import home_arrive, home_step, transit_admit, transit_discharge, transit_update
from .communique import communique_issue
from .handover import (
    handover_confirm,
    handover_hold_back,
    stage_cancel,
    stage_complete,
    stage_postpone,
    stage_resume,
    stage_start_handover,
)
from .lists import list_digest, list_draft_open, list_entry_add, list_entry_remove, list_submit, list_verify
from .models import Stage
from .planning import stage_plan_adopt, stage_plan_run
from .reconcile import discrepancy_resolve, placement_withdraw, stage_reconcile, stage_schedule, stage_sign

__all__ = [
    "communique_issue",
    "demo_stage_plan",
    "discrepancy_resolve",
    "handover_confirm",
    "handover_hold_back",
    "home_arrive",
    "home_step",
    "list_digest",
    "list_draft_open",
    "list_entry_add",
    "list_entry_remove",
    "list_submit",
    "list_verify",
    "placement_withdraw",
    "stage_cancel",
    "stage_complete",
    "stage_create",
    "stage_plan_adopt",
    "stage_plan_run",
    "stage_postpone",
    "stage_reconcile",
    "stage_resume",
    "stage_schedule",
    "stage_sign",
    "stage_start_handover",
    "transit_admit",
    "transit_discharge",
    "transit_update",
]


@transaction.atomic
def stage_create(
    *,
    agreement: Agreement,
    actor: Any,
    planned_date: dt.date | None = None,
    handover_point: str = "",
    categories: Sequence[Category] = (),
    transit_party: Party | None = None,
    transit_side: Party | None = None,
    capacity_per_side: int = 300,
    stretcher_capacity_per_side: int = 40,
    balance: str = "overall",
    tolerance: int = 0,
) -> Stage:
    """Plan a new stage of an agreement (the mediator): date, handover point, categories, transit, capacities."""
    party = viewer_party(actor)
    if party is None or party.pk != agreement.mediator_id or viewer_role(actor) != Role.MEDIATOR:
        raise Refused(_("Only the mediator of this agreement plans its stages."))
    if transit_party is not None and transit_party.kind != PartyKind.TRANSIT:
        raise Refused(_("The transit party must be a transit state."))
    if transit_side is not None and not agreement.parties.filter(pk=transit_side.pk).exists():
        raise Refused(_("The side passing through transit must be a party to the agreement."))
    if any(c.agreement_id != agreement.pk for c in categories):
        raise Refused(_("Every category must belong to the agreement."))
    number = (agreement.stages.aggregate(n=Max("number"))["n"] or 0) + 1
    stage = Stage.objects.create(
        agreement=agreement, number=number, planned_date=planned_date, handover_point=handover_point,
        transit_party=transit_party, transit_side=transit_side if transit_party else None,
        capacity_per_side=capacity_per_side, stretcher_capacity_per_side=stretcher_capacity_per_side,
        balance=balance, tolerance=tolerance,
    )  # fmt: skip
    stage.categories.set(categories)
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=stage, summary=f"{stage} planned",
                 after={"date": planned_date, "point": handover_point, "categories": [c.code for c in categories],
                        "transit": transit_party.code if transit_party else None})  # fmt: skip
    return stage


def demo_stage_plan(agreement: Agreement, actor: Any) -> Stage:
    """Plan the first stage of the demo agreement and adopt the plan as draft lists (for `cartel demo`)."""
    stage = agreement.stages.order_by("number").first()
    if stage is None:
        transit = Party.objects.filter(kind=PartyKind.TRANSIT).order_by("code").first()
        sides = list(agreement.parties.order_by("code"))
        stage = stage_create(
            agreement=agreement, actor=actor, planned_date=agreement.concluded_on + dt.timedelta(days=7),
            handover_point="Border crossing point", categories=list(agreement.categories.filter(for_remains=False)),
            transit_party=transit, transit_side=sides[-1] if transit and sides else None,
        )  # fmt: skip
    if not stage.plan:
        stage_plan_run(stage=stage, actor=actor)
    if stage.plan_adopted_at is None and not stage.lists.exists():
        stage_plan_adopt(stage=stage, actor=actor)
    stage.refresh_from_db()
    return stage
