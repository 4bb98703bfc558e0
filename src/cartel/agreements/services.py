"""Writes about agreements: agreements and categories, medical commissions and examinations, consent, holds.

Every function takes keyword arguments and an `actor`, runs in one transaction and writes its audit event.
Captive status changes go through `transition_apply` (the lifecycle table decides who may make them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import viewer_party, viewer_role
from cartel.registry.models import Person
from cartel.transitions import transition_apply

from .errors import Refused
from .models import (
    Agreement,
    Category,
    CommissionApproval,
    CommissionMember,
    ConsentRecord,
    ExamDecision,
    Examination,
    JudicialHold,
    MedicalCommission,
)

BUREAU = (Role.OPERATOR, Role.LEAD)
NOTICE_DAYS = 30  # Annex II: the commission's decisions are notified within a month of the visit
CARRY_OUT_DAYS = 90  # Annex II Art. 12 [uncertain]: carried out within three months
REEXAMINE_DAYS = 180  # Annex II: camps are visited at least every six months [uncertain]


@dataclass(frozen=True, slots=True, kw_only=True)
class CategorySpec:
    """A category as written in an agreement."""

    code: str
    name: str
    rule: str
    quota: int | None = None
    for_remains: bool = False
    age_min: int | None = None
    age_max: int | None = None
    age_reference_date: dt.date | None = None
    requires_medical: bool = False
    medical_categories: str = ""
    consent_required: bool = False
    person_type: str = ""
    unilateral_side: Party | None = None
    priority: int = 0


def _party(actor: Any) -> Party:
    party = viewer_party(actor)
    if party is None:
        raise Refused(_("Your account belongs to no party."))
    return party


def _require_role(actor: Any, roles: Sequence[Role]) -> None:
    if viewer_role(actor) not in roles:
        raise Refused(_("Your role may not do this."))


@transaction.atomic
def agreement_create(
    *,
    code: str,
    title: str,
    concluded_on: dt.date,
    parties: Sequence[Party],
    categories: Sequence[CategorySpec],
    actor: Any,
    place: str = "",
    art117_applies: bool = False,
    list_approval: str = "parties_and_mediator",
    defer_communique: bool = False,
    notes: str = "",
) -> Agreement:
    """Record an agreement the mediator brokered, with its categories and rules."""
    mediator = _party(actor)
    if mediator.kind != PartyKind.MEDIATOR or viewer_role(actor) != Role.MEDIATOR:
        raise Refused(_("Only the mediator records agreements."))
    if len(parties) != 2 or any(p.kind != PartyKind.BELLIGERENT for p in parties):
        raise Refused(_("An agreement binds exactly two belligerent parties."))
    agreement = Agreement.objects.create(
        code=code, title=title, concluded_on=concluded_on, place=place, mediator=mediator,
        art117_applies=art117_applies, list_approval=list_approval, defer_communique=defer_communique, notes=notes,
    )  # fmt: skip
    agreement.parties.set(parties)
    for spec in categories:
        _category_create(agreement, spec)
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=agreement, summary=f"agreement {code}",
                 after={"categories": [c.code for c in categories], "parties": [p.code for p in parties],
                        "art117_applies": art117_applies})  # fmt: skip
    return agreement


def _category_create(agreement: Agreement, spec: CategorySpec) -> Category:
    if spec.rule == "n_for_n" and spec.quota is None:
        raise Refused(_("An N-for-N category needs a quota per side."))
    if spec.unilateral_side is not None and spec.rule != "unilateral":
        raise Refused(_("Only a unilateral category names the side that hands over."))
    return Category.objects.create(
        agreement=agreement, code=spec.code, name=spec.name, rule=spec.rule, quota=spec.quota,
        for_remains=spec.for_remains, age_min=spec.age_min, age_max=spec.age_max,
        age_reference_date=spec.age_reference_date, requires_medical=spec.requires_medical,
        medical_categories=spec.medical_categories, consent_required=spec.consent_required,
        person_type=spec.person_type, unilateral_side=spec.unilateral_side, priority=spec.priority,
    )  # fmt: skip


@transaction.atomic
def commission_create(
    *,
    name: str,
    detaining_party: Party,
    members: Sequence[tuple[str, str, str]],
    actor: Any,
    agreement: Agreement | None = None,
) -> MedicalCommission:
    """Set up a mixed medical commission: `members` are (name, kind neutral|detaining, speciality), chair first."""
    party = _party(actor)
    if party.kind != PartyKind.MEDIATOR and party != detaining_party:
        raise Refused(_("A commission is set up by the mediator or by the detaining party."))
    kinds = [kind for _name, kind, _spec in members]
    if kinds.count("neutral") < 2 or kinds.count("detaining") < 1:
        raise Refused(_("A mixed medical commission has two neutral doctors and one of the detaining party."))
    commission = MedicalCommission.objects.create(
        name=name, agreement=agreement, detaining_party=detaining_party
    )
    for i, (member, kind, speciality) in enumerate(members):
        CommissionMember.objects.create(commission=commission, name=member, kind=kind, speciality=speciality,
                                        chair=(i == 0 and kind == "neutral"))  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=commission, summary=f"medical commission {name}",
                 after={"members": len(members), "detaining_party": detaining_party.code})  # fmt: skip
    return commission


@transaction.atomic
def commission_approve(*, commission: MedicalCommission, actor: Any) -> MedicalCommission:
    """Record the actor's party's approval; the commission is approved once both belligerents have approved."""
    party = _party(actor)
    _require_role(actor, (Role.LEAD,))
    if party.kind != PartyKind.BELLIGERENT:
        raise Refused(_("The belligerent parties approve a commission."))
    CommissionApproval.objects.get_or_create(
        commission=commission, party=party, defaults={"approved_by": actor}
    )
    parties = {commission.detaining_party_id}
    if commission.agreement_id:
        parties |= set(commission.agreement.parties.values_list("pk", flat=True))  # type: ignore[union-attr]
    approved = set(commission.approvals.values_list("party_id", flat=True))
    if len(approved) >= 2 and parties <= approved and commission.approved_at is None:
        MedicalCommission.objects.filter(pk=commission.pk).update(approved_at=timezone.now())
    audit_record(
        actor=actor, verb=AuditVerb.SIGNED, target=commission, summary=f"commission approved by {party.code}"
    )
    commission.refresh_from_db()
    return commission


@transaction.atomic
def examination_propose(*, person: Person, proposer: str, actor: Any, notes: str = "") -> Examination:
    """Propose a prisoner for medical examination (GC III Art. 113); the captive becomes proposed_for_examination."""
    if person.status == "interned":
        transition_apply(obj=person, lifecycle="captive", action="propose_examination", actor=actor,
                         reason=f"proposed by {proposer}")  # fmt: skip
    exam = Examination.objects.create(person=person, proposer=proposer, proposed_by=actor, notes=notes)
    audit_record(
        actor=actor, verb=AuditVerb.CREATED, target=exam, summary=f"examination proposed ({proposer})"
    )
    return exam


@transaction.atomic
def examination_decide(
    *,
    examination: Examination,
    decision: str,
    actor: Any,
    annex_category: str = "",
    examined_on: dt.date | None = None,
    commission: MedicalCommission | None = None,
    manifest: bool = False,
    notes: str = "",
) -> Examination:
    """Record a commission's decision, or a manifest case decided by the detaining party's doctors (Art. 112)."""
    person = examination.person
    party = _party(actor)
    if manifest:
        if party.pk != person.holding_party_id:
            raise Refused(_("Manifest cases are decided by the detaining party's doctors."))
        if decision != ExamDecision.REPATRIATE:
            raise Refused(_("A manifest case is one that plainly qualifies for repatriation."))
    else:
        if commission is None or commission.approved_at is None:
            raise Refused(_("Only an approved medical commission decides cases that are not manifest."))
        if party.kind != PartyKind.MEDIATOR and party.pk != commission.detaining_party_id:
            raise Refused(_("A commission's decision is recorded by the mediator or the detaining party."))
    examined_on = examined_on or timezone.localdate()
    examination.decision = decision
    examination.annex_category = annex_category
    examination.examined_on = examined_on
    examination.commission = commission
    examination.manifest = manifest
    examination.decided_by = actor
    examination.notice_due = examined_on + dt.timedelta(days=NOTICE_DAYS)
    examination.carry_out_by = (
        examined_on + dt.timedelta(days=CARRY_OUT_DAYS) if decision == ExamDecision.REPATRIATE else None
    )
    examination.reexamine_on = (
        examined_on + dt.timedelta(days=REEXAMINE_DAYS) if decision == ExamDecision.REEXAMINE else None
    )
    examination.notes = "\n".join(n for n in (examination.notes, notes) if n)
    examination.save()
    if person.status == "interned":
        transition_apply(obj=person, lifecycle="captive", action="propose_examination", actor=actor)
        person.refresh_from_db()
    if person.status == "proposed_for_examination":
        extra: dict[str, Any] = {}
        if decision == ExamDecision.REPATRIATE:
            extra = {"seriously_wounded": True, "medical_category": annex_category or person.medical_category}
        transition_apply(obj=person, lifecycle="captive", action="assess", actor=actor, extra=extra,
                         reason=f"examination: {decision}")  # fmt: skip
    elif decision == ExamDecision.REPATRIATE:
        _person_update(person, actor, seriously_wounded=True,
                       medical_category=annex_category or person.medical_category)  # fmt: skip
    person.refresh_from_db()
    if decision == ExamDecision.ACCOMMODATE_NEUTRAL:
        transition_apply(obj=person, lifecycle="captive", action="accommodate_neutral", actor=actor,
                         reason="commission: accommodation in a neutral country")  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=examination,
                 summary=f"examination decided: {decision}" + (" (manifest case)" if manifest else ""),
                 after={"decision": decision, "annex_category": annex_category})  # fmt: skip
    return examination


def _person_update(person: Person, actor: Any, **fields: Any) -> None:
    """Change facts of a person (not its status) with optimistic locking and an audit event."""
    before = {k: getattr(person, k) for k in fields}
    updated = Person.objects.filter(pk=person.pk, version=person.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise Refused(_("This person was changed by someone else since you opened it. Reload and try again."))
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=person, summary="person facts", before=before,
                 after=fields)  # fmt: skip
    person.refresh_from_db()


@transaction.atomic
def consent_record(*, person: Person, given: bool, witness: str, actor: Any, note: str = "") -> ConsentRecord:
    """Record a prisoner's consent to repatriation, or refusal (which blocks listing), before a witness."""
    if not witness.strip():
        raise Refused(
            _("Consent is recorded before a witness (ICRC delegate or the mediator's representative).")
        )
    if person.status == "eligible":
        action = "record_consent" if given else "record_refusal"
        transition_apply(obj=person, lifecycle="captive", action=action, actor=actor, extra={"consent": given},
                         reason=f"witness: {witness}")  # fmt: skip
    elif person.status == "declined" and given:
        transition_apply(obj=person, lifecycle="captive", action="withdraw_refusal", actor=actor,
                         reason=f"witness: {witness}")  # fmt: skip
        person.refresh_from_db()
        transition_apply(obj=person, lifecycle="captive", action="record_consent", actor=actor,
                         extra={"consent": True}, reason=f"witness: {witness}")  # fmt: skip
    else:
        raise Refused(
            _("Consent is recorded once a person is eligible (now: %(status)s).") % {"status": person.status}
        )
    record = ConsentRecord.objects.create(
        person=person, given=given, witness=witness, recorded_by=actor, note=note
    )
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=record,
                 summary=("consent" if given else "refusal") + f" witnessed by {witness}")  # fmt: skip
    person.refresh_from_db()
    return record


@transaction.atomic
def judicial_hold_place(*, person: Person, reason: str, actor: Any) -> JudicialHold:
    """Record judicial proceedings that hold a prisoner back (Art. 115); only the detaining party does so."""
    if _party(actor).pk != person.holding_party_id:
        raise Refused(_("Only the detaining party places a judicial hold."))
    hold = JudicialHold.objects.create(person=person, reason=reason, placed_by=actor)
    _person_update(person, actor, judicial_hold=True)
    audit_record(
        actor=actor, verb=AuditVerb.CREATED, target=hold, summary="judicial hold placed", reason=reason
    )
    return hold


@transaction.atomic
def judicial_hold_consent(*, hold: JudicialHold, actor: Any) -> JudicialHold:
    """The detaining party consents to repatriation despite the proceedings (Art. 115)."""
    if _party(actor).pk != hold.person.holding_party_id:
        raise Refused(_("Only the detaining party consents to release under a judicial hold."))
    _require_role(actor, (Role.LEAD,))
    hold.release_consented_by = actor
    hold.release_consented_at = timezone.now()
    hold.save(update_fields=["release_consented_by", "release_consented_at"])
    audit_record(
        actor=actor, verb=AuditVerb.SIGNED, target=hold, summary="detaining party consents to release"
    )
    return hold


@transaction.atomic
def judicial_hold_lift(*, hold: JudicialHold, actor: Any, reason: str) -> JudicialHold:
    """The proceedings ended: lift the hold."""
    if _party(actor).pk != hold.person.holding_party_id:
        raise Refused(_("Only the detaining party lifts a judicial hold."))
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    if not JudicialHold.objects.filter(person=hold.person, lifted_at__isnull=True).exists():
        _person_update(hold.person, actor, judicial_hold=False)
    audit_record(
        actor=actor, verb=AuditVerb.UPDATED, target=hold, summary="judicial hold lifted", reason=reason
    )
    return hold


def hold_blocks(person: Person) -> bool:
    """Whether a judicial hold keeps the person back: a hold without the detaining party's consent."""
    if not person.judicial_hold:
        return False
    active = JudicialHold.objects.filter(person=person, lifted_at__isnull=True)
    return not active.exists() or active.filter(release_consented_at__isnull=True).exists()


@transaction.atomic
def eligibility_declare(*, person: Person, category: Category, actor: Any) -> Person:
    """Declare a person eligible under a category they fit (the captive becomes eligible)."""
    from .eligibility import ASSESSABLE_STATES, category_fit

    decided = Examination.objects.filter(person=person, decision=ExamDecision.REPATRIATE).exists()
    reason = category_fit(person, category, repatriation_decided=decided)
    if reason:
        raise Refused(
            _("Not eligible for %(category)s: %(reason)s") % {"category": category.name, "reason": reason}
        )
    if person.status not in ASSESSABLE_STATES:
        raise Refused(
            _("Only an interned or assessed captive is declared eligible (now: %(s)s).")
            % {"s": person.status}
        )
    transition_apply(obj=person, lifecycle="captive", action="declare_eligible", actor=actor,
                     reason=f"fits {category.agreement.code}/{category.code}")  # fmt: skip
    person.refresh_from_db()
    return person
