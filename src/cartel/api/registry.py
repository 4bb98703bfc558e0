"""API routes: registry — persons (with search), source records, lists, and the review queue.

Every object names its owner party (for persons: the parties whose records the caller may see) and whether it
was shared with the caller by another party. Hidden objects are a 404, exactly like missing ones.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from cartel.engine.lifecycle import Role
from cartel.parties.visibility import (
    access,
    candidate_pairs_visible_to,
    custody_visible_to,
    medical_details_visible,
    persons_visible_to,
    source_lists_visible_to,
    source_records_visible_to,
    viewer_party,
    viewer_role,
)
from cartel.registry.models import CandidatePair, Person, SourceList, SourceRecord
from cartel.registry.presenters import persons_parties
from cartel.registry.selectors import PersonFilters, persons_page, persons_search, review_pairs_for
from cartel.registry.services import PARSED_FIELDS, review_decide

from .router import api

router = Router(tags=["registry"])
REVIEWERS = frozenset({Role.OPERATOR, Role.LEAD, Role.MEDIATOR, Role.LIAISON})


class PersonOut(Schema):
    id: int = Field(examples=[1042])
    display_name: str = Field(examples=["КОВАЛЕНКО Іван Петрович"])
    latin_name: str = Field(examples=["KOVALENKO Ivan Petrovych"])
    birth_date: str = Field(examples=["1991-03-12"], description="ISO date, or YYYY / YYYY-MM when partial")
    status: str = Field(examples=["registered"])
    person_type: str = Field(examples=["military"])
    holding_party: str | None = Field(examples=["B"])
    origin_party: str | None = Field(examples=["A"])
    owner_party: list[str] = Field(
        examples=[["A", "B"]], description="Parties whose records of the person you see"
    )
    shared: bool = Field(examples=[True], description="Some of those records belong to another party")


class PersonHitOut(PersonOut):
    matched: int = Field(examples=[2], description="Query words and dates that matched")
    closeness: float = Field(examples=[96.5], description="Mean closeness of the matched words, 0–100")
    reason: str = Field(examples=["surname Коваленко ~ Kovalenko; born 1991-03-12"])


class PersonPageOut(Schema):
    items: list[PersonHitOut] | list[PersonOut]
    next_after: int | None = Field(None, examples=[1042], description="Pass as `after` for the next page")


class MedicalOut(Schema):
    seriously_wounded: bool = Field(examples=[True])
    medical_category: str = Field(examples=["Annex I A(2)"])
    stretcher: bool = Field(examples=[False])
    medical_notes: str = Field(examples=[""])


class CustodyOut(Schema):
    holding_party: str = Field(examples=["B"])
    place: str = Field(examples=["Camp 3"])
    since: str = Field(examples=["2024-11-02"])
    until: str | None = Field(None, examples=[None])


class PersonDetailOut(PersonOut):
    sex: str = Field(examples=["M"])
    service_number: str = Field(examples=["АА123456"])
    rank: str = Field(examples=["солдат"])
    unit: str = Field(examples=["в/ч 1234"])
    consent: bool | None = Field(examples=[None], description="Consent to repatriation; null = not asked")
    judicial_hold: bool = Field(examples=[False])
    medical: MedicalOut | None = Field(None, description="Only for callers allowed to see medical details")
    custody: list[CustodyOut] = Field(default_factory=list)


class RecordOut(Schema):
    id: int = Field(examples=[77])
    owner_party: str = Field(examples=["B"])
    shared: bool = Field(examples=[True])
    list_id: int = Field(examples=[5])
    list_name: str = Field(examples=["Registry 2025-05"])
    list_version: int = Field(examples=[2])
    kind: str = Field(examples=["registry"])
    row_number: int = Field(examples=[14])
    external_id: str = Field(examples=["B-000123"])
    person_id: int | None = Field(examples=[1042])
    fields: dict[str, str] = Field(
        examples=[{"surname": "Коваленко", "given_name": "Иван", "birth_date": "1991-03-12"}]
    )
    raw: dict[str, Any] = Field(
        examples=[{"Фамилия": "Коваленко", "Имя": "Иван", "Дата рождения": "12.03.1991"}]
    )


class ListOut(Schema):
    id: int = Field(examples=[5])
    owner_party: str = Field(examples=["A"])
    shared: bool = Field(examples=[False])
    kind: str = Field(examples=["registry"])
    name: str = Field(examples=["Registry 2025-05"])
    version: int = Field(examples=[2])
    row_count: int = Field(examples=[1200])
    file_name: str = Field(examples=["registry.csv"])
    file_sha256: str = Field(examples=["9f2c…"])
    created_at: str = Field(examples=["2025-05-30T09:12:00+00:00"])


class PairOut(Schema):
    id: int = Field(examples=[301])
    owner_party: list[str] = Field(examples=[["A", "B"]], description="Owners of the two records")
    shared: bool = Field(examples=[True])
    probability: float = Field(examples=[0.71])
    decision: str = Field(examples=[""], description="accept, reject, unsure, or empty when undecided")
    explanation: list[Any] = Field(examples=[[{"field": "surname", "left": "Коваленко", "right": "Kovalenko",
                                               "level": "transliteration", "weight": 2.3}]])  # fmt: skip
    left: RecordOut
    right: RecordOut


class DecisionIn(Schema):
    decision: Literal["accept", "reject", "unsure"] = Field(examples=["accept"])
    reason: str = Field("", examples=["Same service number in both lists"], max_length=2000)


class PersonQuery(Schema):
    q: str = Field("", examples=["Kovalenko Ivan 1991"], description="Name in any script and order, dates")
    status: str = Field("", examples=["registered"])
    holding_party: str = Field("", examples=["B"])
    origin_party: str = Field("", examples=["A"])
    person_type: str = Field("", examples=["military"])
    wounded: bool | None = Field(None, examples=[True])
    after: int | None = Field(None, description="Cursor from `next_after` (listing without `q`)")
    limit: int = Field(50, ge=1, le=300)


def _party_id(request: HttpRequest) -> int | None:
    party = viewer_party(request.user)
    return party.pk if party else None


def _person(p: Person, owners: list[str], me: str) -> dict[str, Any]:
    return {
        "id": p.pk, "display_name": p.display_name, "latin_name": p.latin_name, "birth_date": p.birth_date,
        "status": p.status, "person_type": p.person_type,
        "holding_party": p.holding_party.code if p.holding_party else None,
        "origin_party": p.origin_party.code if p.origin_party else None,
        "owner_party": owners, "shared": any(code != me for code in owners),
    }  # fmt: skip


def _record(r: SourceRecord, party_id: int | None) -> dict[str, Any]:
    return {
        "id": r.pk, "owner_party": r.owner.code, "shared": r.owner_id != party_id, "list_id": r.source_list_id,
        "list_name": r.source_list.name, "list_version": r.source_list.version, "kind": r.kind,
        "row_number": r.row_number, "external_id": r.external_id, "person_id": r.person_id,
        "fields": {f: getattr(r, f) for f in PARSED_FIELDS if getattr(r, f)}, "raw": r.raw,
    }  # fmt: skip


def _pair(pair: CandidatePair, party_id: int | None) -> dict[str, Any]:
    owners = sorted({pair.left.owner.code, pair.right.owner.code})
    return {
        "id": pair.pk, "owner_party": owners, "shared": party_id != pair.left.owner_id or party_id != pair.right.owner_id, "probability": pair.probability, "decision": pair.decision,
        "explanation": pair.explanation if isinstance(pair.explanation, list) else [pair.explanation],
        "left": _record(pair.left, party_id), "right": _record(pair.right, party_id),
    }  # fmt: skip


def _me(request: HttpRequest) -> str:
    party = viewer_party(request.user)
    return party.code if party else ""


@router.get("/persons", response=PersonPageOut, summary="Search or list persons")
def persons_list(request: HttpRequest, params: Query[PersonQuery]) -> dict[str, Any]:
    """With `q`: persons matching a name in any script and order (and dates), best first, each with its reason.
    Without: visible persons in name order, `limit` per page, paged by the `after` cursor."""
    filters = PersonFilters.from_params(params.dict())
    me = _me(request)
    if params.q.strip():
        hits = persons_search(viewer=request.user, query=params.q[:200], filters=filters, limit=params.limit)
        owners = persons_parties(viewer=request.user, persons=[h.person for h in hits])
        items: list[dict[str, Any]] = [
            {**_person(h.person, owners[h.person.pk], me), "matched": h.matched, "closeness": h.closeness,
             "reason": h.reason}
            for h in hits
        ]  # fmt: skip
        return {"items": items, "next_after": None}
    page = persons_page(viewer=request.user, filters=filters, after=params.after, size=params.limit)
    owners = persons_parties(viewer=request.user, persons=page.persons)
    return {"items": [_person(p, owners[p.pk], me) for p in page.persons], "next_after": page.next_after}


@router.get("/persons/{person_id}", response=PersonDetailOut, summary="One person")
def person_detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """A visible person with custody; medical details only for callers allowed to see them."""
    p: Person = access(
        persons_visible_to(request.user).select_related("holding_party", "origin_party"), person_id
    )
    owners = persons_parties(viewer=request.user, persons=[p])[p.pk]
    medical = None
    if medical_details_visible(request.user, p):
        medical = {"seriously_wounded": p.seriously_wounded, "medical_category": p.medical_category,
                   "stretcher": p.stretcher, "medical_notes": p.medical_notes}  # fmt: skip
    custody = [
        {"holding_party": c.holding_party.code, "place": c.place, "since": c.since.isoformat(),
         "until": c.until.isoformat() if c.until else None}
        for c in custody_visible_to(request.user).filter(person=p).select_related("holding_party")
    ]  # fmt: skip
    return {**_person(p, owners, _me(request)), "sex": p.sex, "service_number": p.service_number, "rank": p.rank,
            "unit": p.unit, "consent": p.consent, "judicial_hold": p.judicial_hold, "medical": medical,
            "custody": custody}  # fmt: skip


@router.get("/persons/{person_id}/records", response=list[RecordOut], summary="A person's source records")
def person_records(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """The person's source records that the caller may see, raw cells and parsed fields."""
    p: Person = access(persons_visible_to(request.user), person_id)
    rows = source_records_visible_to(request.user).filter(person=p).select_related("source_list", "owner")
    party_id = _party_id(request)
    return [_record(r, party_id) for r in rows]


@router.get("/records/{record_id}", response=RecordOut, summary="One source record")
def record_detail(request: HttpRequest, record_id: int) -> dict[str, Any]:
    """A source record exactly as received, with its provenance."""
    r = access(source_records_visible_to(request.user).select_related("source_list", "owner"), record_id)
    return _record(r, _party_id(request))


@router.get("/lists", response=list[ListOut], summary="Source lists")
def lists_index(request: HttpRequest) -> list[dict[str, Any]]:
    """Lists the caller's party owns or that were shared with it, newest first."""
    party_id = _party_id(request)
    rows: list[SourceList] = list(
        source_lists_visible_to(request.user).select_related("owner").order_by("-created_at")
    )
    return [
        {"id": sl.pk, "owner_party": sl.owner.code, "shared": sl.owner_id != party_id, "kind": sl.kind,
         "name": sl.name, "version": sl.version, "row_count": sl.row_count, "file_name": sl.file_name,
         "file_sha256": sl.file_sha256, "created_at": sl.created_at.isoformat()}
        for sl in rows
    ]  # fmt: skip


def _reviewer(request: HttpRequest) -> None:
    if viewer_role(request.user) not in REVIEWERS:
        raise HttpError(403, "Your role does not review candidate pairs.")


@router.get("/review/pairs", response=list[PairOut], summary="Review queue")
def review_pairs(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Pairs waiting for the caller: undecided, or marked unsure by another reviewer; best score first."""
    _reviewer(request)
    limit = max(1, min(limit, 300))
    rows = review_pairs_for(viewer=request.user)[max(offset, 0) : max(offset, 0) + limit]
    party_id = _party_id(request)
    return [_pair(pair, party_id) for pair in rows]


@router.post("/review/pairs/{pair_id}/decision", response=PairOut, summary="Decide a pair")
def review_pair_decide(request: HttpRequest, pair_id: int, body: DecisionIn) -> dict[str, Any]:
    """Accept (same person), reject (different people) or mark unsure; the decision is audited."""
    _reviewer(request)
    pair = access(
        candidate_pairs_visible_to(request.user).select_related(
            "left__source_list", "left__owner", "right__source_list", "right__owner"
        ),
        pair_id,
    )
    pair = review_decide(pair=pair, decision=body.decision, actor=request.user, reason=body.reason)
    return _pair(pair, _party_id(request))


api.add_router("/", router)
