"""API routes: exchange stages, list versions, reconciliation, handover and the agreement ledger.

Every object names its owner party (for a list version, the party that wrote it; for a stage, the mediator) and
whether it was shared with the caller by another party. Hidden objects are a 404, exactly like missing ones.
Refusals by a rule or a right are a 409 whose detail says why.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from cartel.agreements.errors import Refused
from cartel.engine.ledger import ledger_to_json
from cartel.exchanges import services as svc
from cartel.exchanges.handover import handover_counts
from cartel.exchanges.ledger import agreement_ledger
from cartel.exchanges.models import Placement, Stage, StageList
from cartel.exchanges.reconcile import reconciliation_compute
from cartel.exchanges.selectors import lists_of, placements_of, stages_for
from cartel.parties.visibility import (
    access,
    agreements_visible_to,
    is_mediator,
    placements_visible_to,
    stage_lists_visible_to,
    viewer_party,
)
from cartel.transitions import StaleEdit, TransitionRefused

from .router import api

router = Router(tags=["exchanges"])
REFUSALS = (Refused, TransitionRefused, StaleEdit)


class StageOut(Schema):
    id: int = Field(examples=[3])
    agreement: str = Field(examples=["second-round"])
    number: int = Field(examples=[1])
    status: str = Field(examples=["lists_reconciled"])
    planned_date: str | None = Field(examples=["2025-06-09"])
    handover_point: str = Field(examples=["Border crossing point"])
    transit_party: str | None = Field(examples=["T"])
    transit_side: str | None = Field(examples=["B"])
    reconciled_hash: str = Field(
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
    )
    owner_party: str | None = Field(examples=["M"], description="The mediator that plans the stage")
    shared: bool = Field(description="True unless the caller's party is the mediator")


class ListOut(Schema):
    id: int
    stage_id: int
    owner_party: str = Field(examples=["A"])
    shared: bool = Field(description="True when another party's version was released to the caller")
    version: int
    submitted_at: str | None
    content_hash: str = Field(description="SHA-256 of the version's canonical content, empty for drafts")
    entries: int


class EntryOut(Schema):
    person_id: int
    placement_id: int
    side: str = Field(examples=["A"], description="The party the person returns to")
    category: str = Field(examples=["wounded"])
    display_name: str = Field(examples=["Коваленко Олександр Петрович"])
    birth_date: str
    service_number: str
    unit: str
    rank: str


class PlacementOut(Schema):
    id: int
    person_id: int
    display_name: str
    side: str
    category: str
    status: str = Field(examples=["scheduled"])
    reason: str


class CountOut(Schema):
    side: str
    category: str
    total: int
    handed_over: int
    waiting: int
    held_back: int


def _stage_out(stage: Stage, user: Any) -> dict[str, Any]:
    party = viewer_party(user)
    mediator = stage.agreement.mediator
    return {
        "id": stage.pk, "agreement": stage.agreement.code, "number": stage.number, "status": stage.status,
        "planned_date": stage.planned_date.isoformat() if stage.planned_date else None,
        "handover_point": stage.handover_point,
        "transit_party": stage.transit_party.code if stage.transit_party else None,
        "transit_side": stage.transit_side.code if stage.transit_side else None,
        "reconciled_hash": stage.reconciled_hash, "owner_party": mediator.code if mediator else None,
        "shared": party is None or mediator is None or party.pk != mediator.pk,
    }  # fmt: skip


def _list_out(version: StageList, user: Any) -> dict[str, Any]:
    party = viewer_party(user)
    return {
        "id": version.pk, "stage_id": version.stage_id, "owner_party": version.party.code,
        "shared": party is not None and party.pk != version.party_id, "version": version.version,
        "submitted_at": version.submitted_at.isoformat() if version.submitted_at else None,
        "content_hash": version.content_hash, "entries": version.entries.count(),
    }  # fmt: skip


def _refused(exc: Exception) -> HttpError:
    return HttpError(409, str(exc))


@router.get("/stages", response=list[StageOut], summary="Stages the caller may see")
def stages_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every stage of the agreements the caller's party takes part in (a transit state: the stages it serves)."""
    return [_stage_out(s, request.user) for s in stages_for(request.user)]


@router.get("/stages/{stage_id}", response=StageOut, summary="One stage")
def stage_get(request: HttpRequest, stage_id: int) -> dict[str, Any]:
    return _stage_out(access(stages_for(request.user), stage_id), request.user)


@router.get(
    "/stages/{stage_id}/lists", response=list[ListOut], summary="The stage's list versions the caller sees"
)
def stage_lists(request: HttpRequest, stage_id: int) -> list[dict[str, Any]]:
    """The caller's own versions (drafts included), the versions released to it, all submitted ones for M."""
    stage = access(stages_for(request.user), stage_id)
    return [
        _list_out(v, request.user) for v in lists_of(stage, request.user).order_by("party__code", "version")
    ]


@router.get("/lists/{list_id}/entries", response=list[EntryOut], summary="The people on a list version")
def list_entries(request: HttpRequest, list_id: int) -> list[dict[str, Any]]:
    version = access(stage_lists_visible_to(request.user), list_id)
    return [
        {"person_id": e.person_id, "placement_id": e.placement_id, "side": e.side,
         "category": e.category.code if e.category else "", "display_name": e.display_name,
         "birth_date": e.birth_date, "service_number": e.service_number, "unit": e.unit, "rank": e.rank}
        for e in version.entries.select_related("category").order_by("side", "surname", "pk")
    ]  # fmt: skip


@router.post("/lists/{list_id}/submit", response={200: ListOut}, summary="Submit one's own draft")
def list_submit(request: HttpRequest, list_id: int) -> dict[str, Any]:
    """Submit the caller's party's draft to the mediator (a bureau lead); it is hashed and frozen."""
    version = access(stage_lists_visible_to(request.user), list_id)
    try:
        version = svc.list_submit(stage_list=version, actor=request.user)
    except REFUSALS as exc:
        raise _refused(exc) from exc
    return _list_out(version, request.user)


@router.get(
    "/stages/{stage_id}/placements", response=list[PlacementOut], summary="People placed in the stage"
)
def stage_placements(request: HttpRequest, stage_id: int) -> list[dict[str, Any]]:
    stage = access(stages_for(request.user), stage_id)
    return [
        {"id": p.pk, "person_id": p.person_id, "display_name": p.person.display_name, "side": p.side.code,
         "category": p.category.code if p.category else "", "status": p.status, "reason": p.reason}
        for p in placements_of(stage, request.user)
    ]  # fmt: skip


@router.get("/stages/{stage_id}/counts", response=list[CountOut], summary="Live handover counts")
def stage_counts(request: HttpRequest, stage_id: int) -> list[dict[str, Any]]:
    """Aggregate counts per receiving side and category: on the list, handed over, waiting, held back."""
    stage = access(stages_for(request.user), stage_id)
    return [{k: row[k] for k in ("side", "category", "total", "handed_over", "waiting", "held_back")}
            for row in handover_counts(stage)]  # fmt: skip


@router.get("/stages/{stage_id}/reconciliation", summary="The mediator's comparison of both versions")
def stage_reconciliation(request: HttpRequest, stage_id: int) -> dict[str, Any]:
    """Counts and rows per kind (matched, only in one version, differing particulars); the mediator only."""
    stage = access(stages_for(request.user), stage_id)
    if not is_mediator(request.user):
        raise HttpError(404, "Not found.")
    result = reconciliation_compute(stage)
    return {
        "versions": [v.content_hash if v else None for v in result.versions],
        "counts": result.counts,
        "rows": [{"placement_id": r.placement.pk, "person_id": r.placement.person_id, "kind": str(r.kind),
                  "differences": [list(d) for d in r.differences]} for r in result.rows],
    }  # fmt: skip


@router.post("/placements/{placement_id}/handover", response=PlacementOut, summary="Confirm a person across")
def placement_handover(request: HttpRequest, placement_id: int) -> dict[str, Any]:
    """The receiving side confirms the person's identity and receives them."""
    placement: Placement = access(placements_visible_to(request.user), placement_id)
    try:
        placement = svc.handover_confirm(placement=placement, actor=request.user)
    except REFUSALS as exc:
        raise _refused(exc) from exc
    return {"id": placement.pk, "person_id": placement.person_id, "display_name": placement.person.display_name,
            "side": placement.side.code, "category": placement.category.code if placement.category else "",
            "status": placement.status, "reason": placement.reason}  # fmt: skip


@router.get("/agreements/{code}/ledger", summary="An agreement's ledger per category and side")
def agreement_ledger_get(request: HttpRequest, code: str) -> dict[str, Any]:
    """Nominated, verified, exchanged, withdrawn, quota left and balance per category and receiving side."""
    agreement = agreements_visible_to(request.user).filter(code=code).first()
    if agreement is None:
        raise HttpError(404, "Not found.")
    return ledger_to_json(agreement_ledger(agreement))


api.add_router("/exchanges/", router)
