"""A full stage runs end to end: plan → both lists → reconciled → signed → handover → transit care → home.

The ledger and the audit trail grow at every step, and the audit chain verifies at the end.
"""

from __future__ import annotations

from typing import Any

from cartel.audit.models import Event
from cartel.audit.services import audit_verify
from cartel.engine.ledger import EventKind
from cartel.exchanges import services as svc
from cartel.exchanges.ledger import agreement_ledger
from cartel.exchanges.models import (
    HomePathway,
    LedgerEntry,
    PathwayStep,
    Placement,
    PlacementStatus,
    StageList,
    TransitCare,
)


class Trail:
    """Counts of audit events and ledger entries, checked to grow after each step."""

    def __init__(self) -> None:
        self.events = Event.objects.count()
        self.ledger = LedgerEntry.objects.count()

    def grew(self, *, ledger: bool = True) -> None:
        events, entries = Event.objects.count(), LedgerEntry.objects.count()
        assert events > self.events, "no audit event for this step"
        if ledger:
            assert entries > self.ledger, "no ledger entry for this step"
        self.events, self.ledger = events, entries


def test_a_stage_runs_from_plan_to_home(
    stage: Any, users: dict[str, Any], captives: dict[str, Any], parties: Any
):
    med, a_lead, b_lead = users["m-mediator"], users["a-lead"], users["b-lead"]
    trail = Trail()

    output = svc.stage_plan_run(stage=stage, actor=med)
    trail.grew(ledger=False)
    selected = {int(i) for i in output["selected"]}
    assert selected == {
        captives[s].pk for s in ("Коваленко", "Шевченко", "Бойко", "Смирнов", "Кузнецов", "Попов")
    }
    excluded = {e["id"]: e["reason_code"] for e in output["excluded"]}
    assert excluded[str(captives["Ткаченко"].pk)] == "no_consent"
    assert output["optimal"] and output["counts"]["A"] == output["counts"]["B"] == 3

    drafts = svc.stage_plan_adopt(stage=stage, actor=med)
    trail.grew(ledger=False)
    assert [d.party.code for d in drafts] == ["A", "B"] and all(d.entries.count() == 6 for d in drafts)
    assert Placement.objects.filter(stage=stage, open_person__isnull=False).count() == 6

    for draft, lead, nominates in zip(drafts, (a_lead, b_lead), (True, False), strict=True):
        submitted = svc.list_submit(stage_list=draft, actor=lead)
        trail.grew(ledger=nominates)  # the first version nominates everyone; the second names the same people
        assert len(submitted.content_hash) == 64 and svc.list_verify(submitted)
    stage.refresh_from_db()
    assert stage.status == "lists_submitted"
    captives["Коваленко"].refresh_from_db()
    assert captives["Коваленко"].status == "listed"

    result = svc.stage_reconcile(stage=stage, actor=med)
    trail.grew()
    stage.refresh_from_db()
    assert (
        result.counts["matched"] == 6
        and stage.status == "lists_reconciled"
        and len(stage.reconciled_hash) == 64
    )
    assert StageList.objects.filter(stage=stage, released_at__isnull=False).count() == 2

    for signer in (a_lead, b_lead, med):
        svc.stage_sign(stage=stage, actor=signer)
        trail.grew(ledger=False)
    svc.stage_schedule(stage=stage, actor=med)
    trail.grew(ledger=False)
    svc.stage_start_handover(stage=stage, actor=med)
    trail.grew(ledger=False)
    stage.refresh_from_db()
    assert stage.status == "in_progress"

    for placement in Placement.objects.filter(stage=stage).select_related("side"):
        receiver = users[f"{placement.side.code.lower()}-operator"]
        svc.handover_confirm(placement=placement, actor=receiver)
        trail.grew()
    svc.stage_complete(stage=stage, actor=med)
    trail.grew(ledger=False)
    stage.refresh_from_db()
    assert stage.status == "completed"
    assert not Placement.objects.filter(stage=stage, open_person__isnull=False).exists()

    # B's returnees pass through the transit state; A's go straight home (asymmetric transit).
    cares = list(TransitCare.objects.filter(stage=stage).select_related("person"))
    assert {c.person.origin_party.code for c in cares} == {"B"} and len(cares) == 3
    medic = users["t-medic"]
    for care in cares:
        care = svc.transit_admit(care=care, actor=medic, triage="urgent")
        care = svc.transit_update(care=care, actor=medic, psych_support="offered", fit_to_travel=True)
        svc.transit_discharge(care=care, actor=medic, discharged_to="home by rail")
        trail.grew(ledger=False)

    for placement in Placement.objects.filter(stage=stage).select_related("side"):
        home = users[f"{placement.side.code.lower()}-operator"]
        pathway = svc.home_arrive(placement=placement, actor=home, facility="Regional hospital")
        pathway = svc.home_step(pathway=pathway, step=PathwayStep.HOSPITAL, actor=home)
        pathway = svc.home_step(pathway=pathway, step=PathwayStep.CLOSED, actor=home, art117_notice=True)
        trail.grew(ledger=False)
        assert pathway.person.status == "closed"
    assert HomePathway.objects.filter(step=PathwayStep.CLOSED).count() == 6

    issued = svc.communique_issue(stage=stage, actor=med)
    stage.refresh_from_db()
    assert stage.status == "published" and {c.language for c in issued} == {"en", "uk", "ru"}

    ledger = agreement_ledger(stage.agreement)
    for side in ("A", "B"):
        assert ledger.total(side, EventKind.NOMINATED) == 3
        assert ledger.total(side, EventKind.VERIFIED) == 3
        assert ledger.total(side) == 3
    assert ledger.line("wounded", "A").exchanged == 1 and ledger.line("young", "B").balance == 0
    assert all(p.status == PlacementStatus.HANDED_OVER for p in Placement.objects.filter(stage=stage))
    assert audit_verify().ok
