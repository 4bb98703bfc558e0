"""After the handover: the transit state's medical board, and the home side's pathway to the case being closed.

Transit is per side and asymmetric: only the side a stage names as `transit_side` passes through the transit state.
The board shows a transit state's staff only the people in its care; discharge ends that sight.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import PartyKind
from cartel.parties.visibility import viewer_role
from cartel.registry.models import Person

from .common import BUREAU, actor_party, person_move
from .models import HomePathway, PathwayStep, Placement, PlacementStatus, TransitCare

CARE_FIELDS = ("triage", "psych_support", "fit_to_travel", "notes")


def _require_transit_staff(actor: Any, care: TransitCare) -> None:
    party = actor_party(actor)
    if (
        party.kind != PartyKind.TRANSIT
        or party.pk != care.transit_party_id
        or viewer_role(actor) != Role.TRANSIT_MEDICAL
    ):
        raise Refused(_("Only the transit state's medical staff caring for this person do this."))
    if care.discharged_at is not None:
        raise Refused(_("This person has left the transit state's care."))


@transaction.atomic
def transit_admit(*, care: TransitCare, actor: Any, triage: str = "") -> TransitCare:
    """Admit an arrived returnee to the transit state's care (captive: in_transit_care), with a first triage."""
    _require_transit_staff(actor, care)
    if care.admitted_at is not None:
        raise Refused(_("Already admitted."))
    person_move(care.person, "admit_transit", actor, reason="admitted to transit care")
    return _care_update(care, actor, admitted_at=timezone.now(), admitted_by=actor, triage=triage)


def _care_update(
    care: TransitCare, actor: Any, expected_version: int | None = None, **fields: Any
) -> TransitCare:
    version = care.version if expected_version is None else expected_version
    before = {k: getattr(care, k) for k in fields if k != "admitted_by"}
    updated = TransitCare.objects.filter(pk=care.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if updated != 1:
        raise Refused(_("Someone else changed this record since you opened it. Reload and try again."))
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=care, summary="transit care", before=before,
                 after={k: v for k, v in fields.items() if k != "admitted_by"})  # fmt: skip
    care.refresh_from_db()
    return care


@transaction.atomic
def transit_update(
    *, care: TransitCare, actor: Any, expected_version: int | None = None, **changes: Any
) -> TransitCare:
    """Change triage, psychological support, fitness to travel or notes of an admitted returnee."""
    _require_transit_staff(actor, care)
    if care.admitted_at is None:
        raise Refused(_("Admit the person first."))
    unknown = set(changes) - set(CARE_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    return _care_update(care, actor, expected_version, **changes)


@transaction.atomic
def transit_discharge(*, care: TransitCare, actor: Any, discharged_to: str = "") -> TransitCare:
    """Discharge a returnee fit to travel on towards home; the transit state no longer sees them."""
    _require_transit_staff(actor, care)
    if care.admitted_at is None or not care.fit_to_travel:
        raise Refused(_("Only an admitted person found fit to travel is discharged."))
    return _care_update(care, actor, discharged_at=timezone.now(), discharged_to=discharged_to)


@transaction.atomic
def home_arrive(*, placement: Placement, actor: Any, facility: str = "") -> HomePathway:
    """A returnee arrives on home territory (captive: repatriated); their pathway at home starts."""
    party = actor_party(actor)
    if party.pk != placement.side_id or viewer_role(actor) not in BUREAU:
        raise Refused(_("Only the home side records an arrival."))
    if placement.status != PlacementStatus.HANDED_OVER:
        raise Refused(_("Only a person handed over can arrive home."))
    person = Person.objects.get(pk=placement.person_id)
    if TransitCare.objects.filter(person=person, stage=placement.stage, discharged_at__isnull=True).exists():
        raise Refused(_("The person is still in the transit state's care."))
    if HomePathway.objects.filter(person=person, stage=placement.stage).exists():
        raise Refused(_("The arrival is already recorded."))
    person_move(person, "arrive_home", actor, reason="arrived home")
    pathway = HomePathway.objects.create(person=person, stage=placement.stage, party=party, facility=facility)
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=pathway, summary="arrived home")
    return pathway


@transaction.atomic
def home_step(
    *,
    pathway: HomePathway,
    step: str,
    actor: Any,
    facility: str = "",
    notes: str = "",
    art117_notice: bool = False,
) -> HomePathway:
    """Move a returnee along hospital, rehabilitation and documents to closed (Art. 117 notice first, if it applies)."""
    party = actor_party(actor)
    if party.pk != pathway.party_id or viewer_role(actor) not in BUREAU:
        raise Refused(_("Only the home side keeps the pathway."))
    if pathway.step == PathwayStep.CLOSED:
        raise Refused(_("The pathway is closed."))
    if step not in PathwayStep.values or step == PathwayStep.ARRIVED:
        raise Refused(_("Unknown step."))
    notice = art117_notice or pathway.art117_notice
    agreement = pathway.stage.agreement if pathway.stage else None
    if step == PathwayStep.CLOSED and agreement is not None and agreement.art117_applies and not notice:
        raise Refused(
            _(
                "Under this agreement no returnee may serve again (GC III Art. 117): record that they were told."
            )
        )
    person = pathway.person
    if step != PathwayStep.CLOSED and person.status == "repatriated":
        person_move(person, "begin_medical_pathway", actor, reason=step)
    if step == PathwayStep.CLOSED:
        person_move(person, "close", actor, reason="pathway closed")
    updated = HomePathway.objects.filter(pk=pathway.pk, version=pathway.version).update(
        step=step, facility=facility or pathway.facility, notes="\n".join(n for n in (pathway.notes, notes) if n),
        art117_notice=notice, updated_at=timezone.now(), version=F("version") + 1,
    )  # fmt: skip
    if updated != 1:
        raise Refused(_("Someone else changed this record since you opened it. Reload and try again."))
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=pathway, summary=f"pathway: {step}",
                 before={"step": pathway.step}, after={"step": step})  # fmt: skip
    pathway.refresh_from_db()
    return pathway
