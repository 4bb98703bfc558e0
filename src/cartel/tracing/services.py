"""Writes about family inquiries: intake, matching against captives, returnees and remains, and re-matching.

`inquiry_match_candidates(inquiry)` is the one place that finds who an inquiry may be about; it searches only what
the inquiry's party may see (`bulk.inquiries_match_candidates` gives the same answers for many inquiries at once). `inquiries_rematch_for_records(record_ids, actor)` is called by the import service
after every import, so that a family's inquiry gets a suggestion as soon as the person appears on any list.
Answers, letters and reminders are in `answers.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import chunks, objects_insert, rows_in_id_order
from cartel.parties.models import Party
from cartel.parties.visibility import party_viewer, persons_visible_to, remains_visible_to
from cartel.registry.models import ListKind, Person, SourceRecord
from cartel.transitions import check_transition, transition_apply

from .matching import SUGGEST_AT, Probe, compare, probe_of, surname_tokens
from .models import Answer, Channel, Inquiry, InquiryMatch, MatchOrigin, MatchStatus

OPEN_FOR_MATCHING = ("registered", "request_sent", "pending", "reopened", "suspended", "match_proposed")
PROPOSABLE = ("registered", "request_sent", "pending", "reopened", "suspended")
RETURNED_STATES = ("repatriated", "medical_pathway", "closed")
NOT_AN_ANSWER = ("reported_missing", "escaped", "released_other")
MAX_CANDIDATES = 10
CANDIDATE_CAP = 2000  # persons (and as many bodies) scored per inquiry at most
# From this many new inquiries on, an import matches them in one pass over what each party may see (`bulk.py`).
BATCH_AT = 50
CHUNK = 5000
# Inquiries that still react to news: open ones, and those answered "alive" (the person may return or die).
WATCHED = (*OPEN_FOR_MATCHING, "confirmed_alive_in_captivity")


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchCandidate:
    """A person or body that may be the one an inquiry is about, with the answer it would give."""

    person_id: int | None
    remains_id: int | None
    answer: str
    score: float
    explanation: list[str] = field(default_factory=list)
    origin: str = MatchOrigin.SEARCH


def person_answer(status: str) -> str | None:
    """What a person's lifecycle state tells the family: alive in captivity, returned, deceased, or nothing."""
    if status in NOT_AN_ANSWER:
        return None
    if status == "deceased":
        return Answer.DECEASED
    if status in RETURNED_STATES:
        return Answer.RETURNED
    return Answer.ALIVE


def inquiry_probe(inquiry: Inquiry) -> Probe:
    """The inquiry's subject as a comparison probe."""
    return probe_of(
        full_name=inquiry.subject_name,
        surname=inquiry.subject_surname,
        given=inquiry.subject_given_name,
        patronymic=inquiry.subject_patronymic,
        birth_date=inquiry.subject_birth_date,
        service_number=inquiry.subject_service_number,
    )


# The columns a person's or a body's probe is built from, in the order `row_probe` takes them.
PERSON_PROBE_FIELDS = ("display_name", "surname", "given_name", "patronymic", "birth_date", "service_number")
REMAINS_PROBE_FIELDS = (
    "name_on_record",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "service_number",
)


def row_probe(values: tuple[Any, ...]) -> Probe:
    """The probe of a person's or a body's `*_PROBE_FIELDS` values (full name first)."""
    full_name, surname, given, patronymic, birth_date, service_number = values
    return probe_of(
        full_name=full_name,
        surname=surname,
        given=given,
        patronymic=patronymic,
        birth_date=birth_date,
        service_number=service_number,
    )


def lazy_probe(values: Sequence[Any]) -> Callable[[], Probe]:
    """The probe of a row's `*_PROBE_FIELDS` values, built on first use and remembered."""
    made: list[Probe] = []

    def probe() -> Probe:
        if not made:
            made.append(row_probe(tuple(values)))
        return made[0]

    return probe


def _person_probe(p: Person) -> Probe:
    return row_probe(tuple(getattr(p, f) for f in PERSON_PROBE_FIELDS))


def _remains_probe(r: Any) -> Probe:
    return row_probe(tuple(getattr(r, f) for f in REMAINS_PROBE_FIELDS))


def _contains_any(tokens: list[str]) -> Q:
    return reduce(or_, (Q(search_text__contains=t) for t in tokens))


def blocking_keys(probe: Probe) -> tuple[list[str], list[str]] | None:
    """The keys a candidate's search text must contain: one of the surname keys, and one of the given-name keys or
    the birth year; None when nothing can score enough (a surname alone never makes a suggestion)."""
    surnames = surname_tokens(probe)
    second = [k for k in (probe.keys.given_group, probe.keys.given_skel) if k and len(k) > 1]
    if probe.birth is not None:
        second.append(f"{probe.birth.year:04d}")
    if probe.keys.empty or not surnames or not second:
        return None
    return surnames, list(dict.fromkeys(second))


def _blocking(probe: Probe) -> Q | None:
    keys = blocking_keys(probe)
    return None if keys is None else _contains_any(keys[0]) & _contains_any(keys[1])


def _scorable(rows: Any, index: Any, fields: tuple[str, ...]) -> Iterator[Any]:
    """The first `CANDIDATE_CAP` rows by id that the one-inquiry `index` keeps (those `compare` can score to a
    suggestion), read a page of `CANDIDATE_CAP` at a time."""
    kept = 0
    for row in rows_in_id_order(rows, CANDIDATE_CAP):
        if index.inquiries_for(row.search_text, lazy_probe(tuple(getattr(row, f) for f in fields))):
            kept += 1
            yield row
            if kept >= CANDIDATE_CAP:
                return


def inquiry_match_candidates(inquiry: Inquiry) -> list[MatchCandidate]:
    """Persons and bodies the inquiry's party may see that may be the person sought, best first.

    At most `CANDIDATE_CAP` persons and as many bodies that pass the blocking and can score are scored (a namesake
    born at another time cannot: `bulk._Index`), the first by id; equal scores keep the order linked person,
    persons by id, bodies by id (`bulk.inquiries_match_candidates` finds the same for many inquiries at once)."""
    probe = inquiry_probe(inquiry)
    viewer = party_viewer(inquiry.party)
    found: list[MatchCandidate] = []
    if inquiry.person_id and inquiry.source_record_id:
        linked = Person.objects.filter(pk=inquiry.person_id).first()
        answer = person_answer(linked.status) if linked else None
        if linked is not None and answer and linked.records.exclude(kind=ListKind.INQUIRIES).exists():
            found.append(
                MatchCandidate(
                    person_id=linked.pk,
                    remains_id=None,
                    answer=answer,
                    score=1.0,
                    explanation=["linked by identity resolution"],
                    origin=MatchOrigin.LINKAGE,
                )
            )
    blocking = _blocking(probe)
    if blocking is None:
        return found
    from .bulk import one_inquiry_index

    index = one_inquiry_index(inquiry, probe)
    persons = (
        persons_visible_to(viewer)
        .filter(blocking)
        .exclude(status__in=NOT_AN_ANSWER)
        .exclude(pk=inquiry.person_id or 0)
        .only("pk", "status", "search_text", *PERSON_PROBE_FIELDS)
    )
    for p in _scorable(persons, index, PERSON_PROBE_FIELDS):
        score, why = compare(probe, _person_probe(p))
        answer = person_answer(p.status)
        if score >= SUGGEST_AT and answer:
            found.append(
                MatchCandidate(person_id=p.pk, remains_id=None, answer=answer, score=score, explanation=why)
            )
    bodies = remains_visible_to(viewer).filter(blocking)
    for r in _scorable(bodies, index, REMAINS_PROBE_FIELDS):
        score, why = compare(probe, _remains_probe(r))
        if score >= SUGGEST_AT:
            found.append(
                MatchCandidate(
                    person_id=r.person_id,
                    remains_id=r.pk,
                    answer=Answer.DECEASED,
                    score=score,
                    explanation=why,
                )
            )
    found.sort(key=lambda c: -c.score)
    return found[:MAX_CANDIDATES]


def _store(
    inquiry: Inquiry, candidates: Iterable[MatchCandidate], origin: str | None = None
) -> list[InquiryMatch]:
    """Save new suggestions (not already suggested, accepted or rejected) and propose the match."""
    from .bulk import store_many

    return store_many([(inquiry, list(candidates))], origin=origin)


def inquiry_match_refresh(*, inquiry: Inquiry, origin: str = MatchOrigin.SEARCH) -> list[InquiryMatch]:
    """Search candidates for one inquiry now and queue the new ones as suggestions."""
    if inquiry.status not in OPEN_FOR_MATCHING:
        return []
    with transaction.atomic():
        return _store(inquiry, inquiry_match_candidates(inquiry), origin)


def inquiry_search_keys(inquiry: Inquiry) -> str:
    """The surname keys stored with an inquiry (rebuilt by `cartel reindex` when the key rules change)."""
    return " ".join(surname_tokens(inquiry_probe(inquiry)))[:300]


def _case_number(party: Party) -> str:
    count = Inquiry.objects.filter(party=party).count()
    while True:
        count += 1
        number = f"{party.code}-INQ-{count:06d}"
        if not Inquiry.objects.filter(case_number=number).exists():
            return number


@transaction.atomic
def inquiry_create(
    *,
    party: Party,
    actor: Any,
    subject_name: str,
    inquirer_name: str,
    channel: str = Channel.PHONE,
    match: bool = True,
    **details: Any,
) -> Inquiry:
    """Take a family's inquiry (any script), register it under a case number and look for the person at once."""
    allowed = {f.name for f in Inquiry._meta.get_fields()} - {
        "id",
        "party",
        "status",
        "case_number",
        "version",
    }
    unknown = set(details) - allowed
    if unknown:
        raise TypeError(f"unknown inquiry fields: {sorted(unknown)}")
    inquiry = Inquiry(
        party=party,
        case_number=_case_number(party),
        subject_name=subject_name.strip(),
        inquirer_name=inquirer_name.strip(),
        channel=channel,
        **details,
    )
    inquiry.search_keys = inquiry_search_keys(inquiry)
    inquiry.save(force_insert=True)
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED,
        target=inquiry,
        summary=f"inquiry {inquiry.case_number}",
        after={
            "channel": channel,
            "relationship": inquiry.relationship,
            "consent_to_share": inquiry.consent_to_share,
            "disclosure_restriction": inquiry.disclosure_restriction,
        },
    )
    transition_apply(obj=inquiry, lifecycle="inquiry", action="register", actor=actor, reason="intake")
    if match:
        _store(inquiry, inquiry_match_candidates(inquiry))
        inquiry.refresh_from_db()
    return inquiry


def inquiries_from_records(record_ids: Iterable[int], actor: Any) -> list[Inquiry]:
    """Open an inquiry for every imported inquiry row that has none yet (the import of an inquiries list)."""
    ids = list(record_ids)
    records = [
        r
        for chunk in chunks(ids, CHUNK)
        for r in SourceRecord.objects.filter(pk__in=chunk, kind=ListKind.INQUIRIES)
        .exclude(pk__in=Inquiry.objects.filter(source_record__isnull=False).values("source_record_id"))
        .select_related("owner")
    ]
    if not records:
        return []
    by_party: dict[int, list[SourceRecord]] = {}
    for r in records:
        by_party.setdefault(r.owner_id, []).append(r)
    created: list[Inquiry] = []
    with transaction.atomic():
        for party_records in by_party.values():
            created += _bulk_register(party_records, actor)
    return created


def _from_record(r: SourceRecord, number: str) -> Inquiry:
    raw = {str(k).strip().casefold(): str(v) for k, v in (r.raw or {}).items()}
    inquirer = next((v for k, v in raw.items() if k in INQUIRER_HEADERS and v), "") or "—"
    relationship = next((v for k, v in raw.items() if k in RELATIONSHIP_HEADERS and v), "")
    inquiry = Inquiry(
        party=r.owner,
        case_number=number,
        channel=Channel.IMPORT,
        inquirer_name=inquirer[:200],
        relationship=relationship[:50],
        subject_name=(r.full_name or " ".join(filter(None, (r.surname, r.given_name, r.patronymic))))[:300],
        subject_surname=r.surname,
        subject_given_name=r.given_name,
        subject_patronymic=r.patronymic,
        subject_birth_date=r.birth_date,
        subject_birth_place=r.birth_place,
        subject_service_number=r.service_number,
        subject_unit=r.unit,
        source_record=r,
        person_id=r.person_id,
    )
    inquiry.search_keys = inquiry_search_keys(inquiry)
    return inquiry


def _bulk_register(records: list[SourceRecord], actor: Any) -> list[Inquiry]:
    """Open and register the inquiries of one party's imported rows at once, with one audit event for all."""
    party = records[0].owner
    first = Inquiry.objects.filter(party=party).count() + 1
    inquiries = [_from_record(r, f"{party.code}-INQ-{first + i:06d}") for i, r in enumerate(records)]
    wanted = [i.case_number for i in inquiries]
    taken = {
        number
        for chunk in chunks(wanted, CHUNK)
        for number in Inquiry.objects.filter(case_number__in=chunk).values_list("case_number", flat=True)
    }
    if taken:  # numbering gap from deleted rows: fall back to one at a time
        for i in inquiries:
            i.case_number = _case_number(party)
            i.save(force_insert=True)
    else:
        objects_insert(inquiries)
    check_transition(user=actor, obj=inquiries[0], lifecycle="inquiry", action="register")
    numbers = [i.case_number for i in inquiries]
    for chunk in chunks(numbers, CHUNK):
        Inquiry.objects.filter(case_number__in=chunk, status="submitted").update(
            status="registered", version=F("version") + 1
        )
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED,
        target_type="tracing.inquiry",
        target_id="import",
        summary=f"{len(numbers)} inquiries imported and registered",
        after={"party": party.code, "status": "registered", "inquiries": numbers},
    )
    return [i for chunk in chunks(numbers, CHUNK) for i in Inquiry.objects.filter(case_number__in=chunk)]


INQUIRER_HEADERS = frozenset(
    {
        "inquirer",
        "inquirer_name",
        "applicant",
        "contact person",
        "заявник",
        "заявитель",
        "хто звертається",
        "кто обращается",
    }
)
RELATIONSHIP_HEADERS = frozenset(
    {
        "relationship",
        "relation",
        "ступінь спорідненості",
        "степень родства",
        "ким доводиться",
        "кем приходится",
    }
)


def inquiries_suggest_for_persons(
    *,
    person_ids: Iterable[int],
    origin: str = MatchOrigin.REMATCH,
    on_progress: Callable[[int, int | None, str], None] | None = None,
) -> int:
    """Queue suggestions for open inquiries that may be about any of these persons; return how many were queued.

    Inquiries are found by their blocking keys (`bulk.open_inquiries_index`: the rule of the inquiry's own search)
    or the person they are linked to; the rest (what each party may see, storing, proposing) is done per party in
    bulk (`bulk.py`)."""
    from .bulk import FEW_TEXTS, inquiries_suggest_many, open_inquiries_index

    ids = sorted(set(person_ids))
    few = None
    if len(ids) <= FEW_TEXTS:
        few = list(Person.objects.filter(pk__in=ids).values_list("search_text", flat=True))
    index = open_inquiries_index(few)
    hits: dict[int, set[int]] = {}
    probes: dict[int, Probe] = {}  # of the persons that hit an inquiry, for scoring them
    for done, chunk in enumerate(chunks(ids, CHUNK)):
        if on_progress:
            on_progress(done * CHUNK, len(ids), "re-matching inquiries")
        if index:
            rows = Person.objects.filter(pk__in=chunk).values_list("pk", "search_text", *PERSON_PROBE_FIELDS)
            for person_id, text, *values in rows:
                probe = lazy_probe(values)
                found = index.inquiries_for(text, probe)
                if found:
                    probes[person_id] = probe()
                for inquiry_id in found:
                    hits.setdefault(inquiry_id, set()).add(person_id)
        linked = Inquiry.objects.filter(person_id__in=chunk, status__in=WATCHED).values_list(
            "pk", "person_id"
        )
        for inquiry_id, person_id in linked:
            hits.setdefault(inquiry_id, set()).add(person_id)
    return inquiries_suggest_many(hits=hits, origin=origin, probes=probes, inquiry_probes=index.probes)


def candidate_for(
    inquiry: Inquiry, person_id: int, status: str, *, query: Probe, other: Probe
) -> MatchCandidate | None:
    """The suggestion a person (id, status and probe `other`) makes for `inquiry` (probe `query`), or None if it
    makes none."""
    answer = person_answer(status)
    if answer is None or (inquiry.status == "confirmed_alive_in_captivity" and answer == Answer.ALIVE):
        return None
    if person_id == inquiry.person_id:
        score, why = 1.0, ["the person this inquiry is linked to"]
    else:
        score, why = compare(query, other)
    if score < SUGGEST_AT:
        return None
    return MatchCandidate(person_id=person_id, remains_id=None, answer=answer, score=score, explanation=why)


def inquiries_suggest_for_remains(*, remains: Iterable[Any]) -> int:
    """Queue suggestions for open inquiries about persons whose bodies were identified or recorded."""
    bodies = [r for r in remains if r.person_id]
    queued = 0
    for body in bodies:
        for inquiry in Inquiry.objects.filter(person_id=body.person_id, status__in=WATCHED):
            if not remains_visible_to(party_viewer(inquiry.party)).filter(pk=body.pk).exists():
                continue
            candidate = MatchCandidate(
                person_id=body.person_id,
                remains_id=body.pk,
                answer=Answer.DECEASED,
                score=1.0,
                explanation=["identified remains of this person"],
                origin=MatchOrigin.EVENT,
            )
            with transaction.atomic():
                queued += len(_store(inquiry, [candidate]))
    return queued


def inquiries_rematch_for_records(
    record_ids: Iterable[int], actor: Any, on_progress: Callable[[int, int | None, str], None] | None = None
) -> int:
    """After an import: open inquiries for imported inquiry rows, match them, and re-match every open inquiry
    against the persons of the new records (saying how far it got through `on_progress`). Returns the number of
    new suggestions."""
    ids = list(record_ids)
    new_inquiries = inquiries_from_records(ids, actor)
    if len(new_inquiries) >= BATCH_AT:
        from .bulk import inquiries_match_many

        queued = inquiries_match_many(inquiries=new_inquiries)
    else:
        queued = sum(len(inquiry_match_refresh(inquiry=i)) for i in new_inquiries)
    person_ids: set[int] = set()
    for chunk in chunks(ids, CHUNK):
        person_ids.update(
            SourceRecord.objects.filter(pk__in=chunk, person__isnull=False)
            .exclude(kind__in=(ListKind.INQUIRIES, ListKind.REQUESTS))
            .values_list("person_id", flat=True)
        )
    queued += inquiries_suggest_for_persons(person_ids=person_ids, on_progress=on_progress)
    if queued:
        audit_record(
            actor=actor,
            verb=AuditVerb.UPDATED,
            target_type="tracing.rematch",
            target_id=timezone.now().strftime("%Y%m%d%H%M%S"),
            summary=f"{queued} inquiry suggestions",
            after={"records": len(ids), "suggestions": queued},
        )
    return queued


def matches_pending(*, inquiries: Any) -> Any:
    """Suggestions waiting for a liaison's decision among the given (visible) inquiries, best first."""
    return (
        InquiryMatch.objects.filter(inquiry__in=inquiries, status=MatchStatus.SUGGESTED)
        .select_related("inquiry", "person", "remains")
        .order_by("-score", "created_at")
    )
