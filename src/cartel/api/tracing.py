"""API routes: tracing — family inquiries (intake in any script), their match suggestions and decisions.

Every inquiry names its owner party (the bureau that received it) and whether it was shared with the caller (an
inquiry forwarded to the mediator). Hidden objects are a 404, exactly like missing ones.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from cartel.parties.models import PartyKind
from cartel.parties.visibility import NotVisible, access, inquiries_visible_to, viewer_party
from cartel.tracing.answers import match_accept, match_reject
from cartel.tracing.models import Inquiry, InquiryMatch
from cartel.tracing.services import inquiry_create
from cartel.transitions import StaleEdit, TransitionRefused

from .router import api, column_length

router = Router(tags=["inquiries"])


class InquiryIn(Schema):
    subject_name: str = Field(examples=["Oleksandr Kovalenko"], min_length=1, max_length=300)
    subject_birth_date: str = Field("", examples=["1991-03-12"], description="ISO date, or YYYY / YYYY-MM",
                                    max_length=column_length(Inquiry, "subject_birth_date"))  # fmt: skip
    subject_service_number: str = Field(
        "", examples=[""], max_length=column_length(Inquiry, "subject_service_number")
    )
    inquirer_name: str = Field(examples=["Коваленко Марія"], min_length=1, max_length=200)
    relationship: str = Field("", examples=["mother"], max_length=column_length(Inquiry, "relationship"))
    inquirer_contact: str = Field(
        "", examples=["+000 555 0101"], max_length=column_length(Inquiry, "inquirer_contact")
    )
    channel: str = Field("web", examples=["phone"], pattern="^(phone|web|letter|in_person|email|import|cta)$")
    letter_language: str = Field("en", examples=["uk"], pattern="^(en|uk|ru)$")
    consent_to_share: bool = Field(False)
    disclosure_restriction: str = Field(
        "", examples=["fate_only"], pattern="^(|no_health|fate_only|withhold)$"
    )


class MatchOut(Schema):
    id: int
    person_id: int | None = Field(examples=[1042])
    remains_id: int | None = Field(examples=[None])
    suggested_answer: str = Field(examples=["alive_in_captivity"])
    score: float = Field(examples=[0.97])
    explanation: list[str] = Field(examples=[["surname agrees", "given name agrees", "born 1991-03-12"]])
    origin: str = Field(examples=["rematch"])
    status: str = Field(examples=["suggested"])


class InquiryOut(Schema):
    id: int
    case_number: str = Field(examples=["A-INQ-000123"])
    status: str = Field(examples=["match_proposed"])
    channel: str = Field(examples=["phone"])
    subject_name: str = Field(examples=["Oleksandr Kovalenko"])
    subject_birth_date: str = Field(examples=["1991-03-12"])
    inquirer_name: str = Field(examples=["Коваленко Марія"])
    relationship: str = Field(examples=["mother"])
    disclosure_restriction: str = Field(examples=[""])
    answer: str = Field(examples=[""])
    received_at: str = Field(examples=["2025-06-02T10:00:00+00:00"])
    answered_at: str | None = Field(examples=[None])
    owner_party: str = Field(examples=["A"])
    shared: bool = Field(examples=[False], description="Forwarded to the caller by another party")


class DecisionIn(Schema):
    evidence: str = Field(
        "", examples=["NIB list B-2025-06, row 2"], max_length=column_length(Inquiry, "answer_evidence")
    )
    reason: str = Field("", examples=["different father's name"])


def _inquiry_out(request: HttpRequest, i: Inquiry) -> dict[str, Any]:
    party = viewer_party(request.user)
    return {
        "id": i.pk, "case_number": i.case_number, "status": i.status, "channel": i.channel,
        "subject_name": i.subject_name, "subject_birth_date": i.subject_birth_date, "inquirer_name": i.inquirer_name,
        "relationship": i.relationship, "disclosure_restriction": i.disclosure_restriction, "answer": i.answer,
        "received_at": i.received_at.isoformat(), "answered_at": i.answered_at.isoformat() if i.answered_at else None,
        "owner_party": i.party.code, "shared": party is None or i.party_id != party.pk,
    }  # fmt: skip


def _match_out(m: InquiryMatch) -> dict[str, Any]:
    return {"id": m.pk, "person_id": m.person_id, "remains_id": m.remains_id, "suggested_answer": m.suggested_answer,
            "score": m.score, "explanation": list(m.explanation), "origin": m.origin, "status": m.status}  # fmt: skip


@router.get("/", response=list[InquiryOut], summary="Inquiries the caller may see")
def inquiry_list(
    request: HttpRequest, status: str = "", limit: int = Query(100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    qs = inquiries_visible_to(request.user).select_related("party")
    if status:
        qs = qs.filter(status=status)
    return [_inquiry_out(request, i) for i in qs[:limit]]


@router.post("/", response={201: InquiryOut}, summary="Register a family's inquiry")
def inquiry_intake(request: HttpRequest, body: InquiryIn) -> tuple[int, dict[str, Any]]:
    """Register the inquiry under a case number and search candidates at once (see its matches)."""
    party = viewer_party(request.user)
    if party is None or party.kind != PartyKind.BELLIGERENT:
        raise HttpError(403, "Only a party's bureau registers inquiries.")
    try:
        inquiry = inquiry_create(party=party, actor=request.user, **body.dict())
    except (TransitionRefused, StaleEdit, ValueError) as exc:
        raise HttpError(409, str(exc)) from exc
    return 201, _inquiry_out(request, inquiry)


@router.get("/{inquiry_id}", response=InquiryOut)
def inquiry_get(request: HttpRequest, inquiry_id: int) -> dict[str, Any]:
    return _inquiry_out(
        request, access(inquiries_visible_to(request.user).select_related("party"), inquiry_id)
    )


@router.get("/{inquiry_id}/matches", response=list[MatchOut], summary="Suggestions for one inquiry")
def inquiry_matches(request: HttpRequest, inquiry_id: int) -> list[dict[str, Any]]:
    inquiry = access(inquiries_visible_to(request.user), inquiry_id)
    return [_match_out(m) for m in inquiry.matches.all()]


@router.post("/matches/{match_id}/{decision}", response=MatchOut, summary="Accept or reject a suggestion")
def match_decide(request: HttpRequest, match_id: int, decision: str, body: DecisionIn) -> dict[str, Any]:
    """`accept` answers the inquiry (evidence required); `reject` needs a reason."""
    match = InquiryMatch.objects.filter(inquiry__in=inquiries_visible_to(request.user), pk=match_id).first()
    if match is None:
        raise NotVisible("No such suggestion.")
    try:
        if decision == "accept":
            match_accept(match=match, actor=request.user, evidence=body.evidence)
        elif decision == "reject":
            match_reject(match=match, actor=request.user, reason=body.reason or "rejected")
        else:
            raise HttpError(404, "Unknown decision.")
    except (TransitionRefused, StaleEdit, ValueError) as exc:
        raise HttpError(409, str(exc)) from exc
    match.refresh_from_db()
    return _match_out(match)


api.add_router("/inquiries/", router)
