"""Writes about bodies: recovery and recording, burial and storage, forensic results, family notification, and the
death of a captive in custody (which creates the remains record and the notification of death).

Batches and manifests are in `batches.py`; the lifecycle steps themselves in `custody.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import objects_insert
from cartel.parties.models import Party
from cartel.registry.keys import search_text
from cartel.registry.models import Person
from cartel.transitions import transition_apply

from .custody import custody_event, remains_bulk_transition, remains_transition
from .models import (
    Conclusion,
    DeathNotification,
    IdentificationResult,
    ReferenceSample,
    Remains,
    RemainsKind,
)

PARTICULARS = (
    "recovered_on",
    "recovered_place",
    "name_on_record",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "service_number",
    "rank",
    "unit",
    "identity_disc",
    "death_date",
    "death_place",
    "cause_of_death",
    "effects",
    "grave",
    "storage_place",
    "death_certificate",
)


class _Named:
    """Adapter giving a body's name fields the shape the search-key builder expects."""

    def __init__(self, remains: Remains) -> None:
        self.full_name = remains.name_on_record
        self.surname, self.given_name = remains.surname, remains.given_name
        self.patronymic, self.birth_date = remains.patronymic, remains.birth_date


def remains_search_text(remains: Remains) -> str:
    """Name keys of a body's recorded name (for inquiry matching)."""
    if not (remains.name_on_record or remains.surname or remains.given_name):
        return ""
    return search_text([_Named(remains)])


def _next_code(prefix: str) -> str:
    count = Remains.objects.filter(code__startswith=prefix).count()
    while True:
        count += 1
        code = f"{prefix}{count:06d}"
        if not Remains.objects.filter(code=code).exists():
            return code


def remains_create(
    *,
    holding_party: Party,
    actor: Any,
    particulars: Mapping[str, Any] | None = None,
    claimed_party: Party | None = None,
    person: Person | None = None,
    code: str = "",
    kind: str = RemainsKind.BODY,
    status: str = "recovered",
    batch_id: int | None = None,
    manifest_row: int | None = None,
    raw: Mapping[str, Any] | None = None,
    note: str = "",
) -> Remains:
    """Register a body found or received; `status` other than `recovered` only for bodies that arrive off-manifest."""
    values = {k: v for k, v in (particulars or {}).items() if k in PARTICULARS and v not in (None, "")}
    with transaction.atomic():
        remains = Remains(
            code=code or _next_code(f"{holding_party.code}-R-"),
            kind=kind,
            status=status,
            holding_party=holding_party,
            recorded_by=holding_party,
            claimed_party=claimed_party,
            person=person,
            batch_id=batch_id,
            manifest_row=manifest_row,
            raw=dict(raw or {}),
            **values,
        )
        remains.search_text = remains_search_text(remains)
        remains.save(force_insert=True)
        custody_event(
            remains=remains,
            action="recover" if status == "recovered" else status,
            actor=actor,
            to_status=status,
            place=str(values.get("recovered_place", "")),
            note=note,
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.CREATED,
            target=remains,
            summary=f"remains {remains.code}",
            after={"status": status, "holding": holding_party.code, **values},
        )
    return remains


def remains_record(
    *, remains: Remains, actor: Any, particulars: Mapping[str, Any], expected_version: int | None = None
) -> Remains:
    """Record the GC I Art. 16 particulars of a recovered body (the `record` step)."""
    values = {k: v for k, v in particulars.items() if k in PARTICULARS and v not in (None, "")}
    probe = Remains(
        **{**{k: getattr(remains, k) for k in ("name_on_record", "surname", "given_name")}, **values}
    )
    probe.patronymic = values.get("patronymic", remains.patronymic)
    probe.birth_date = values.get("birth_date", remains.birth_date)
    values["search_text"] = remains_search_text(probe)
    return remains_transition(
        remains=remains,
        action="record",
        actor=actor,
        extra=values,
        expected_version=expected_version,
        reason="GC I Art. 16 particulars recorded",
    )


def remains_bury(*, remains: Remains, actor: Any, grave: str, place: str = "") -> Remains:
    """Bury a recorded body in a registered grave."""
    return remains_transition(
        remains=remains, action="bury", actor=actor, place=place, extra={"grave": grave}, reason=grave
    )


def remains_store(*, remains: Remains, actor: Any, storage_place: str) -> Remains:
    """Put a recorded or exhumed body in (refrigerated) storage."""
    return remains_transition(
        remains=remains,
        action="store",
        actor=actor,
        place=storage_place,
        extra={"storage_place": storage_place},
    )


def remains_exhume(*, remains: Remains, actor: Any, reason: str) -> Remains:
    """Exhume a buried body (by agreement or public necessity, AP I Art. 34)."""
    return remains_transition(
        remains=remains, action="exhume", actor=actor, reason=reason, place=remains.grave
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ForensicResult:
    """One forensic conclusion to record: which body, what was concluded, how and on what evidence."""

    remains: Remains
    conclusion: str  # Conclusion value
    method: str  # IdentificationMethod value
    evidence_ref: str
    person: Person | None = None
    identified_name: str = ""
    reference_sample: ReferenceSample | None = None
    notes: str = ""


_ACTION = {
    Conclusion.IDENTIFIED: "identify",
    Conclusion.UNIDENTIFIED: "mark_unidentified",
    Conclusion.NOT_OWN_NATIONAL: "mark_not_own_national",
}


def remains_examine(*, remains: list[Remains], actor: Any, reason: str = "") -> int:
    """Start the forensic examination of received bodies."""
    return remains_bulk_transition(
        remains=remains,
        action="examine",
        actor=actor,
        reason=reason,
    )


def _result_row(result: ForensicResult, actor: Any) -> IdentificationResult:
    if not result.evidence_ref.strip():
        raise ValueError("A forensic conclusion needs an evidence reference (laboratory report, case file).")
    return IdentificationResult(
        remains=result.remains,
        conclusion=result.conclusion,
        method=result.method,
        evidence_ref=result.evidence_ref,
        person=result.person,
        identified_name=result.identified_name,
        reference_sample=result.reference_sample,
        notes=result.notes,
        examined_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _identified_fields(result: ForensicResult, other_party: Party | None) -> dict[str, Any]:
    if result.conclusion == Conclusion.IDENTIFIED:
        name = result.identified_name or (result.person.display_name if result.person else "")
        return {
            "person": result.person,
            "identification": f"{name} ({result.method}: {result.evidence_ref})"[:200],
            "identified_at": timezone.now(),
        }
    if result.conclusion == Conclusion.NOT_OWN_NATIONAL and other_party is not None:
        return {"claimed_party": other_party}
    return {}


def remains_conclude(*, result: ForensicResult, actor: Any, other_party: Party | None = None) -> Remains:
    """Record one forensic conclusion (identified, unidentified, not an own national) and move the body on."""
    with transaction.atomic():
        _result_row(result, actor).save()
        remains_transition(
            remains=result.remains,
            action=_ACTION[Conclusion(result.conclusion)],
            actor=actor,
            evidence_ref=result.evidence_ref,
            reason=f"{result.conclusion} by {result.method}",
            extra=_identified_fields(result, other_party),
        )
    _after_identification([result])
    return result.remains


def remains_conclude_many(
    *, results: list[ForensicResult], actor: Any, other_party: Party | None = None
) -> int:
    """Record many conclusions of one kind at once (a laboratory report); all or nothing."""
    if not results:
        return 0
    with transaction.atomic():
        objects_insert([_result_row(r, actor) for r in results])
        by_conclusion: dict[str, list[ForensicResult]] = {}
        for r in results:
            by_conclusion.setdefault(r.conclusion, []).append(r)
        for conclusion, items in by_conclusion.items():
            shared = {"identified_at": timezone.now()} if conclusion == Conclusion.IDENTIFIED else {}
            remains_bulk_transition(
                remains=[r.remains for r in items],
                action=_ACTION[Conclusion(conclusion)],
                actor=actor,
                reason=f"{conclusion} (laboratory report)",
                extra=shared or _identified_fields(items[0], other_party),
            )
            if conclusion == Conclusion.IDENTIFIED:
                for r in items:  # each body gets its own person and identification text
                    fields = _identified_fields(r, None)
                    Remains.objects.filter(pk=r.remains.pk).update(
                        person=fields["person"], identification=fields["identification"]
                    )
                    r.remains.person, r.remains.identification = fields["person"], fields["identification"]
    _after_identification(results)
    return len(results)


def _after_identification(results: list[ForensicResult]) -> None:
    """An identified body answers the inquiries about that person: queue suggestions for them."""
    from cartel.tracing.services import inquiries_suggest_for_remains

    identified = [r.remains for r in results if r.conclusion == Conclusion.IDENTIFIED]
    if identified:
        inquiries_suggest_for_remains(remains=identified)


def remains_notify_family(*, remains: Remains, actor: Any, note: str = "") -> Remains:
    """Record that the family of an identified body was told."""
    return remains_transition(remains=remains, action="notify_family", actor=actor, reason=note)


def remains_release_for_burial(*, remains: Remains, actor: Any, note: str = "") -> Remains:
    """Release an identified body to the family for burial."""
    return remains_transition(remains=remains, action="release_for_burial", actor=actor, reason=note)


def reference_sample_create(
    *,
    party: Party,
    actor: Any,
    donor_name: str,
    donor_relationship: str,
    missing_person_name: str,
    consent_recorded: bool,
    sample_type: str = "buccal swab",
    laboratory_ref: str = "",
    person: Person | None = None,
    inquiry: Any = None,
) -> ReferenceSample:
    """Register a relative's reference sample (with the donor's consent) for comparison by the laboratory."""
    if not consent_recorded:
        raise ValueError("A reference sample needs the donor's recorded consent.")
    with transaction.atomic():
        count = ReferenceSample.objects.filter(party=party).count() + 1
        sample = ReferenceSample.objects.create(
            party=party,
            code=f"{party.code}-RS-{count:06d}",
            donor_name=donor_name,
            donor_relationship=donor_relationship,
            missing_person_name=missing_person_name,
            person=person,
            inquiry=inquiry,
            sample_type=sample_type,
            laboratory_ref=laboratory_ref,
            consent_recorded=True,
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.CREATED,
            target=sample,
            summary=f"reference sample {sample.code}",
            after={"donor_relationship": donor_relationship, "laboratory_ref": laboratory_ref},
        )
    return sample


def captive_record_death(
    *,
    person: Person,
    actor: Any,
    death_date: str = "",
    death_place: str = "",
    cause_of_death: str = "",
    circumstances: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> tuple[Remains, DeathNotification]:
    """Record a captive's death (GC III Art. 120): the captive becomes deceased, a remains record and a
    notification of death addressed to the party of origin are created, and inquiries about him are told."""
    holder = person.holding_party
    if holder is None:
        raise ValueError("Only a captive held by a party can die in its custody.")
    with transaction.atomic():
        transition_apply(
            obj=person,
            lifecycle="captive",
            action="record_death",
            actor=actor,
            reason=reason or cause_of_death,
            expected_version=expected_version,
        )
        particulars = {
            "name_on_record": person.display_name,
            "surname": person.surname,
            "given_name": person.given_name,
            "patronymic": person.patronymic,
            "birth_date": person.birth_date,
            "service_number": person.service_number,
            "rank": person.rank,
            "unit": person.unit,
            "death_date": death_date,
            "death_place": death_place,
            "cause_of_death": cause_of_death,
            "recovered_on": None,
            "recovered_place": death_place,
        }
        remains = remains_create(
            holding_party=holder,
            actor=actor,
            claimed_party=person.origin_party,
            person=person,
            particulars=particulars,
            note="death in custody",
        )
        remains = remains_transition(
            remains=remains, action="record", actor=actor, reason="death in custody (GC III Art. 120)"
        )
        count = DeathNotification.objects.filter(issued_by=holder).count() + 1
        notice = DeathNotification.objects.create(
            number=f"{holder.code}-DN-{count:06d}",
            person=person,
            remains=remains,
            issued_by=holder,
            addressed_to=person.origin_party,
            death_date=death_date,
            death_place=death_place,
            cause_of_death=cause_of_death,
            circumstances=circumstances,
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.CREATED,
            target=notice,
            summary=f"notification of death {notice.number}",
            after={"person": person.pk, "remains": remains.code, "death_date": death_date},
        )
    from cartel.tracing.services import inquiries_suggest_for_persons

    inquiries_suggest_for_persons(person_ids=[person.pk])
    return remains, notice
