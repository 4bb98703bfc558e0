"""Reconciling the two parties' submitted versions: matched, only in one, differing particulars; disputes, sign-off.

Persons are already resolved identities, so two versions are compared person by person: who is on both, who on
only one, and where the particulars each party gave (birth date, unit, …) or the side or category differ.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.agreements.models import ListApproval
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import Party
from cartel.parties.visibility import viewer_role

from .common import (
    actor_party,
    agreement_sides,
    ledger_add,
    person_delist,
    person_move,
    persons_move,
    placement_set,
    require_mediator,
    stage_move,
)
from .lists import latest_submitted
from .models import (
    SNAPSHOT_FIELDS,
    Discrepancy,
    DiscrepancyKind,
    LedgerEntry,
    LedgerKind,
    Placement,
    PlacementStatus,
    Resolution,
    SignOff,
    Stage,
    StageList,
    StageListEntry,
)


@dataclass(slots=True)
class PersonRow:
    """One person as the two versions list them."""

    placement: Placement
    first: StageListEntry | None
    second: StageListEntry | None
    differences: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (field, first value, second value)

    @property
    def kind(self) -> str:
        if self.first is None:
            return DiscrepancyKind.ONLY_SECOND
        if self.second is None:
            return DiscrepancyKind.ONLY_FIRST
        if self.first.side != self.second.side or self.first.category_id != self.second.category_id:
            return DiscrepancyKind.SIDE_OR_CATEGORY
        return DiscrepancyKind.FIELDS if self.differences else "matched"


@dataclass(slots=True)
class Reconciliation:
    """The comparison of the latest submitted versions of the two parties."""

    stage: Stage
    parties: list[Party]
    versions: list[StageList | None]
    rows: list[PersonRow]

    def of_kind(self, kind: str) -> list[PersonRow]:
        return [r for r in self.rows if r.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        kinds = ["matched", *DiscrepancyKind.values]
        return {k: len(self.of_kind(k)) for k in kinds}


def reconciliation_compute(stage: Stage) -> Reconciliation:
    """Compare the latest submitted version of each party, person by person."""
    parties = agreement_sides(stage.agreement)
    versions = [latest_submitted(stage, p) for p in parties]
    maps: list[dict[int, StageListEntry]] = []
    for version in versions:
        entries = version.entries.select_related("category") if version else []
        maps.append({e.placement_id: e for e in entries})
    ids = set(maps[0]) | set(maps[1])
    placements = Placement.objects.filter(pk__in=ids).select_related("person", "side", "category")
    rows: list[PersonRow] = []
    for placement in placements.order_by("side__code", "person__surname", "pk"):
        first, second = maps[0].get(placement.pk), maps[1].get(placement.pk)
        row = PersonRow(placement=placement, first=first, second=second)
        if first and second:
            for name in SNAPSHOT_FIELDS:
                a, b = getattr(first, name), getattr(second, name)
                if a and b and a.strip().casefold() != b.strip().casefold():
                    row.differences.append((name, a, b))
        rows.append(row)
    return Reconciliation(stage=stage, parties=parties, versions=versions, rows=rows)


def reconciled_digest(stage: Stage, versions: list[StageList | None]) -> str:
    """SHA-256 of the agreed list: both versions' hashes and every matched person with side and category."""
    matched = (
        Placement.objects.filter(stage=stage, status__in=(PlacementStatus.MATCHED, PlacementStatus.SCHEDULED))
        .order_by("person_id")
        .values_list("person_id", "side__code", "category__code")
    )
    payload = {
        "agreement": stage.agreement.code,
        "stage": stage.number,
        "versions": [v.content_hash if v else "" for v in versions],
        "persons": [list(row) for row in matched],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _verify(placement: Placement, actor: Any) -> None:
    person = placement.person
    if person.status in ("listed", "list_disputed"):
        person_move(person, "match", actor, reason=f"{placement.stage}: both lists agree")
    placement_set(placement, status=PlacementStatus.MATCHED)
    if not LedgerEntry.objects.filter(
        stage=placement.stage, person_id=person.pk, kind=LedgerKind.VERIFIED
    ).exists():
        ledger_add(placement, LedgerKind.VERIFIED)


def _dispute(placement: Placement, actor: Any, reason: str) -> None:
    person = placement.person
    if person.status in ("listed", "matched"):
        person_move(person, "dispute", actor, reason=reason)
    placement_set(placement, status=PlacementStatus.DISPUTED, reason=reason)


def placement_withdraw(*, placement: Placement, actor: Any, reason: str) -> Placement:
    """Take a person off a stage before handover, with a reason; they may be planned again later."""
    if not reason.strip():
        raise Refused(_("Say why the person is withdrawn."))
    if placement.open_person_id is None or placement.status == PlacementStatus.HANDED_OVER:
        raise Refused(_("This person is no longer on the stage's open list."))
    with transaction.atomic():
        person_delist(placement, actor, reason)
        placement_set(placement, status=PlacementStatus.WITHDRAWN, reason=reason, close=True)
        if LedgerEntry.objects.filter(stage=placement.stage, person_id=placement.person_id,
                                      kind=LedgerKind.NOMINATED).exists():  # fmt: skip
            ledger_add(placement, LedgerKind.WITHDRAWN)
        audit_record(actor=actor, verb=AuditVerb.UPDATED, target=placement, summary="withdrawn from stage",
                     reason=reason)  # fmt: skip
    return placement


@transaction.atomic
def stage_reconcile(*, stage: Stage, actor: Any) -> Reconciliation:
    """Compare both versions, verify the matched, record a discrepancy for every difference, then move the stage."""
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    require_mediator(actor, stage)
    if stage.status not in ("lists_submitted", "disputed"):
        raise Refused(_("Both parties must submit their lists before reconciliation."))
    result = reconciliation_compute(stage)
    seen: set[int] = set()
    for row in result.rows:
        placement = row.placement
        seen.add(placement.pk)
        if placement.open_person_id is None:
            continue
        known = (
            Discrepancy.objects.filter(placement=placement, kind=row.kind).first()
            if row.kind != "matched"
            else None
        )
        if row.kind == "matched" or (known is not None and known.resolution == Resolution.ACCEPTED):
            if placement.status != PlacementStatus.MATCHED:
                _verify(placement, actor)
            continue
        if known is None:
            detail = {
                "fields": row.differences,
                "first": result.parties[0].code,
                "second": result.parties[1].code,
            }
            Discrepancy.objects.create(stage=stage, placement=placement, kind=row.kind, detail=detail)
        if placement.status != PlacementStatus.DISPUTED:
            _dispute(placement, actor, str(DiscrepancyKind(row.kind).label))
    for placement in Placement.objects.filter(stage=stage, open_person__isnull=False).exclude(pk__in=seen):
        placement_withdraw(placement=placement, actor=actor, reason=_("on neither party's latest version"))
    open_count = Discrepancy.objects.filter(stage=stage, resolution="").count()
    if open_count:
        if stage.status != "disputed":
            stage_move(stage, "dispute", actor, reason=f"{open_count} discrepancies")
    else:
        digest = reconciled_digest(stage, result.versions)
        now = timezone.now()
        StageList.objects.filter(
            pk__in=[v.pk for v in result.versions if v], released_at__isnull=True
        ).update(released_at=now)
        stage_move(stage, "reconcile", actor, reason="every person matched or resolved", reconciled_hash=digest,
                   reconciled_at=now)  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=stage, summary=f"{stage} reconciled",
                 after=result.counts)  # fmt: skip
    return result


@transaction.atomic
def discrepancy_resolve(
    *, discrepancy: Discrepancy, resolution: str, actor: Any, reason: str, substitute: Placement | None = None
) -> Discrepancy:
    """Resolve a discrepancy: accept the person, withdraw them, or replace them by another person of the stage."""
    stage = discrepancy.stage
    require_mediator(actor, stage)
    if discrepancy.resolution:
        raise Refused(_("This discrepancy is already resolved."))
    if not reason.strip():
        raise Refused(_("Give the reason for the resolution."))
    placement = discrepancy.placement
    if resolution == Resolution.ACCEPTED:
        _verify(placement, actor)
    elif resolution == Resolution.WITHDRAWN:
        placement_withdraw(placement=placement, actor=actor, reason=reason)
    elif resolution == Resolution.SUBSTITUTED:
        if substitute is None or substitute.stage_id != stage.pk or substitute.pk == placement.pk:
            raise Refused(_("Name the person of this stage who takes the place."))
        if substitute.side_id != placement.side_id:
            raise Refused(_("A substitute returns to the same side."))
        placement_withdraw(placement=placement, actor=actor, reason=reason)
        _verify(substitute, actor)
        Discrepancy.objects.filter(placement=substitute, resolution="").update(
            resolution=Resolution.ACCEPTED, reason=reason, resolved_by=actor, resolved_at=timezone.now()
        )
    else:
        raise Refused(_("Unknown resolution."))
    Discrepancy.objects.filter(pk=discrepancy.pk).update(resolution=resolution, reason=reason, substitute=substitute,
                                                         resolved_by=actor, resolved_at=timezone.now())  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.UPDATED, target=discrepancy, summary=f"discrepancy {resolution}",
                 reason=reason)  # fmt: skip
    discrepancy.refresh_from_db()
    return discrepancy


def signatories(stage: Stage) -> list[Party]:
    """The parties whose signatures make the reconciled list final, per the agreement."""
    approval = stage.agreement.list_approval
    out = [] if approval == ListApproval.MEDIATOR else agreement_sides(stage.agreement)
    if approval != ListApproval.PARTIES and stage.agreement.mediator is not None:
        out.append(stage.agreement.mediator)
    return out


def signed_off(stage: Stage) -> bool:
    """Whether every required party signed the current reconciled list."""
    if not stage.reconciled_hash:
        return False
    signed = set(
        SignOff.objects.filter(stage=stage, list_hash=stage.reconciled_hash).values_list(
            "party_id", flat=True
        )
    )
    return all(p.pk in signed for p in signatories(stage))


@transaction.atomic
def stage_sign(*, stage: Stage, actor: Any) -> SignOff:
    """Sign the reconciled list (bound to its hash) for the actor's party: a bureau lead or the mediator."""
    stage.refresh_from_db()
    party = actor_party(actor)
    if stage.status != "lists_reconciled":
        raise Refused(_("Only a reconciled list is signed."))
    if party.pk not in {p.pk for p in signatories(stage)}:
        raise Refused(_("Your party does not sign this list."))
    if viewer_role(actor) not in (Role.LEAD, Role.MEDIATOR):
        raise Refused(_("A bureau lead or the mediator signs."))
    sign, _created = SignOff.objects.get_or_create(stage=stage, party=party, list_hash=stage.reconciled_hash,
                                                   defaults={"signed_by": actor})  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.SIGNED, target=stage, summary=f"{stage} signed by {party.code}",
                 after={"sha256": stage.reconciled_hash})  # fmt: skip
    return sign


@transaction.atomic
def stage_schedule(*, stage: Stage, actor: Any, planned_date: Any = None) -> Stage:
    """Schedule a signed stage: its matched people become scheduled for the handover."""
    stage.refresh_from_db()
    require_mediator(actor, stage)
    extra = {"planned_date": planned_date} if planned_date else {}
    stage_move(stage, "schedule", actor, facts={"signed_off": signed_off(stage)}, **extra)
    placements = list(stage.placements.filter(status=PlacementStatus.MATCHED).select_related("person"))
    persons_move([p.person for p in placements if p.person.status == "matched"], "schedule", actor,
                 reason=f"{stage} scheduled")  # fmt: skip
    for placement in placements:
        placement_set(placement, status=PlacementStatus.SCHEDULED)
    stage.refresh_from_db()
    return stage


def sign_state(stage: Stage) -> list[dict[str, Any]]:
    """For each required signatory: whether and when it signed the current list."""
    rows = []
    for party in signatories(stage):
        sign = SignOff.objects.filter(
            stage=stage, party=party, list_hash=stage.reconciled_hash or "-"
        ).first()
        rows.append({"party": party, "signed": sign is not None, "sign": sign})
    return rows
