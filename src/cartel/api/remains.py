"""API routes: remains — bodies with their custody chain, batches, receipt against the manifest, forensic
conclusions and the remains ledger.

Every object names its owner party (the party holding the body, or the batch's sender) and whether it was shared
with the caller by another party. Hidden objects are a 404, exactly like missing ones.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from cartel.parties.visibility import access, persons_visible_to, viewer_party
from cartel.remains import batches as batch_services
from cartel.remains.models import IdentificationResult, Remains, RemainsBatch
from cartel.remains.selectors import batches_for, custody_chain, remains_for, remains_ledger
from cartel.remains.services import ForensicResult, remains_conclude
from cartel.transitions import StaleEdit, TransitionRefused

from .router import api, column_length

router = Router(tags=["remains"])


class RemainsOut(Schema):
    id: int = Field(examples=[7])
    code: str = Field(examples=["B-R-000007"])
    status: str = Field(examples=["forensic_examination"])
    name_on_record: str = Field(examples=["КОВАЛЕНКО Олександр"])
    holding_party: str = Field(examples=["A"])
    claimed_party: str | None = Field(examples=["A"])
    batch: str | None = Field(examples=["B-A-RB-0001"])
    identification: str = Field(examples=[""])
    owner_party: str = Field(examples=["A"], description="The party holding the body")
    shared: bool = Field(examples=[False], description="The body is held by another party than the caller's")


class CustodyEventOut(Schema):
    at: str = Field(examples=["2025-06-11T09:30:00+00:00"])
    action: str = Field(examples=["receive"])
    from_status: str = Field(examples=["handed_over"])
    to_status: str = Field(examples=["received"])
    party: str = Field(examples=["A"])
    place: str = Field(examples=["Border crossing 3"])
    evidence_ref: str = Field(examples=[""])
    note: str = Field(examples=[""])


class BatchOut(Schema):
    id: int
    code: str = Field(examples=["B-A-RB-0001"])
    status: str = Field(examples=["received"])
    sender: str = Field(examples=["B"])
    receiver: str = Field(examples=["A"])
    agreement: str | None = Field(examples=["bodies-2025"])
    manifest_count: int = Field(examples=[1000])
    received_count: int | None = Field(examples=[999])
    owner_party: str = Field(examples=["B"], description="The sender")
    shared: bool = Field(examples=[True], description="Sent by another party than the caller's")


class ReceiveIn(Schema):
    missing: list[str] = Field(default_factory=list, examples=[["B-R-000011"]])
    mismatches: dict[str, str] = Field(default_factory=dict, examples=[{"B-R-000021": "disc reads T-99999"}])
    extra: int = Field(0, ge=0, description="Bodies that arrived without a manifest line")


class ConclusionIn(Schema):
    conclusion: str = Field(examples=["identified"], pattern="^(identified|unidentified|not_own_national)$")
    method: str = Field(examples=["dna"], max_length=column_length(IdentificationResult, "method"))
    evidence_ref: str = Field(examples=["LAB-2025-0612-44"], min_length=1,
                              max_length=column_length(IdentificationResult, "evidence_ref"))  # fmt: skip
    identified_name: str = Field("", examples=["Коваленко Олександр Петрович"],
                                 max_length=column_length(IdentificationResult, "identified_name"))  # fmt: skip
    person_id: int | None = Field(None, examples=[1042])


def _party_code(request: HttpRequest) -> str:
    party = viewer_party(request.user)
    return party.code if party else ""


def _remains_out(request: HttpRequest, r: Remains) -> dict[str, Any]:
    return {
        "id": r.pk, "code": r.code, "status": r.status, "name_on_record": r.name_on_record,
        "holding_party": r.holding_party.code, "claimed_party": r.claimed_party.code if r.claimed_party else None,
        "batch": r.batch.code if r.batch else None, "identification": r.identification,
        "owner_party": r.holding_party.code, "shared": r.holding_party.code != _party_code(request),
    }  # fmt: skip


def _batch_out(request: HttpRequest, b: RemainsBatch) -> dict[str, Any]:
    return {
        "id": b.pk, "code": b.code, "status": b.status, "sender": b.sender.code, "receiver": b.receiver.code,
        "agreement": b.agreement.code if b.agreement else None, "manifest_count": b.manifest_count,
        "received_count": b.received_count, "owner_party": b.sender.code,
        "shared": b.sender.code != _party_code(request),
    }  # fmt: skip


def _refused(exc: Exception) -> HttpError:
    return HttpError(409, str(exc))


@router.get("/", response=list[RemainsOut], summary="Bodies the caller may see")
def remains_list(
    request: HttpRequest,
    status: str = "",
    batch_id: int | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    qs = remains_for(request.user)
    if status:
        qs = qs.filter(status=status)
    if batch_id is not None:
        qs = qs.filter(batch_id=batch_id)
    return [_remains_out(request, r) for r in qs.order_by("code")[:limit]]


@router.get("/ledger", summary="The remains ledger per agreement and direction")
def ledger(request: HttpRequest) -> list[dict[str, Any]]:
    """Bodies manifested, handed over, received, discrepancies and identification status."""
    return [asdict(line) for line in remains_ledger(request.user)]


@router.get("/batches", response=list[BatchOut], summary="Batches the caller may see")
def batch_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_batch_out(request, b) for b in batches_for(request.user)[:500]]


@router.get("/batches/{batch_id}", response=BatchOut)
def batch_get(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    return _batch_out(request, access(batches_for(request.user), batch_id))


@router.post("/batches/{batch_id}/receive", response=BatchOut, summary="Count a handed-over batch")
def batch_receive(request: HttpRequest, batch_id: int, body: ReceiveIn) -> dict[str, Any]:
    """Receive the batch: missing bodies, differing particulars and bodies off the manifest become discrepancies."""
    batch = access(batches_for(request.user), batch_id)
    try:
        batch = batch_services.batch_receive(batch=batch, actor=request.user, missing=body.missing,
                                             mismatches=body.mismatches, extra_bodies=[{}] * body.extra)  # fmt: skip
    except (TransitionRefused, StaleEdit, ValueError) as exc:
        raise _refused(exc) from exc
    return _batch_out(request, batch)


@router.get("/{remains_id}", response=RemainsOut)
def remains_get(request: HttpRequest, remains_id: int) -> dict[str, Any]:
    return _remains_out(request, access(remains_for(request.user), remains_id))


@router.get(
    "/{remains_id}/custody", response=list[CustodyEventOut], summary="The chain of custody of one body"
)
def remains_custody(request: HttpRequest, remains_id: int) -> list[dict[str, Any]]:
    body = access(remains_for(request.user), remains_id)
    return [
        {"at": e.at.isoformat(), "action": e.action, "from_status": e.from_status, "to_status": e.to_status,
         "party": e.party_code, "place": e.place, "evidence_ref": e.evidence_ref, "note": e.note}
        for e in custody_chain(body)
    ]  # fmt: skip


@router.post("/{remains_id}/conclusion", response=RemainsOut, summary="Record a forensic conclusion")
def remains_conclusion(request: HttpRequest, remains_id: int, body: ConclusionIn) -> dict[str, Any]:
    """Identified, not identified or not an own national, with the method and the evidence reference."""
    remains = access(remains_for(request.user), remains_id)
    person = persons_visible_to(request.user).filter(pk=body.person_id).first() if body.person_id else None
    result = ForensicResult(remains=remains, conclusion=body.conclusion, method=body.method,
                            evidence_ref=body.evidence_ref, person=person, identified_name=body.identified_name)  # fmt: skip
    other = remains.batch.sender if remains.batch and body.conclusion == "not_own_national" else None
    try:
        remains_conclude(result=result, actor=request.user, other_party=other)
    except (TransitionRefused, StaleEdit, ValueError) as exc:
        raise _refused(exc) from exc
    return _remains_out(request, access(remains_for(request.user), remains_id))


api.add_router("/remains/", router)
