"""Reconciliation compares the parties' versions person by person; the mediator resolves every difference."""

from __future__ import annotations

from typing import Any

import pytest

from cartel.agreements.errors import Refused
from cartel.exchanges import services as svc
from cartel.exchanges.models import (
    Discrepancy,
    DiscrepancyKind,
    LedgerEntry,
    Placement,
    PlacementStatus,
    Resolution,
)
from cartel.exchanges.reconcile import signed_off
from cartel.registry.services import RecordData, source_list_create


def _b_drops_and_corrects(stage: Any, users: dict[str, Any], captives: dict[str, Any]) -> None:
    """A submits the plan as is; B drops Бойко and gives another unit for Шевченко."""
    svc.list_submit(stage_list=svc.list_draft_open(stage=stage, actor=users["a-lead"]), actor=users["a-lead"])
    draft = svc.list_draft_open(stage=stage, actor=users["b-lead"])
    svc.list_entry_remove(entry=draft.entries.get(person=captives["Бойко"]), actor=users["b-operator"])
    entry = draft.entries.get(person=captives["Шевченко"])
    entry.unit = "95 ОДШБр"  # the draft is still editable
    entry.save()
    svc.list_submit(stage_list=draft, actor=users["b-lead"])


def test_differences_become_disputes_that_the_mediator_resolves(stage, users, captives, flow):
    flow.plan_and_adopt(stage)
    _b_drops_and_corrects(stage, users, captives)
    result = svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert stage.status == "disputed"
    assert result.counts["matched"] == 4
    only_a = result.of_kind(DiscrepancyKind.ONLY_FIRST)
    assert [r.placement.person_id for r in only_a] == [captives["Бойко"].pk]
    fields = result.of_kind(DiscrepancyKind.FIELDS)
    assert fields[0].differences == [("unit", "93 ОМБр", "95 ОДШБр")]
    captives["Бойко"].refresh_from_db()
    assert captives["Бойко"].status == "list_disputed"

    open_ones = {d.kind: d for d in Discrepancy.objects.filter(stage=stage)}
    with pytest.raises(Refused, match="reason"):
        svc.discrepancy_resolve(discrepancy=open_ones["fields"], resolution=Resolution.ACCEPTED,
                                actor=users["m-mediator"], reason=" ")  # fmt: skip
    with pytest.raises(Refused, match="mediator"):
        svc.discrepancy_resolve(discrepancy=open_ones["fields"], resolution=Resolution.ACCEPTED,
                                actor=users["a-lead"], reason="same man")  # fmt: skip
    svc.discrepancy_resolve(discrepancy=open_ones["fields"], resolution=Resolution.ACCEPTED,
                            actor=users["m-mediator"], reason="unit renamed; same service number")  # fmt: skip
    svc.discrepancy_resolve(discrepancy=open_ones["only_first"], resolution=Resolution.WITHDRAWN,
                            actor=users["m-mediator"], reason="B reports him in hospital, unfit to travel")  # fmt: skip

    svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert stage.status == "lists_reconciled"
    placement = Placement.objects.get(stage=stage, person=captives["Бойко"])
    assert placement.status == PlacementStatus.WITHDRAWN and placement.open_person_id is None
    assert LedgerEntry.objects.filter(stage=stage, kind="withdrawn", person=captives["Бойко"]).count() == 1
    captives["Бойко"].refresh_from_db()
    assert captives["Бойко"].status == "eligible"  # free for a later stage


def test_signatures_bind_to_the_reconciled_hash(stage, users, captives, flow):
    flow.plan_and_adopt(stage)
    svc.list_submit(stage_list=svc.list_draft_open(stage=stage, actor=users["a-lead"]), actor=users["a-lead"])
    svc.list_submit(stage_list=svc.list_draft_open(stage=stage, actor=users["b-lead"]), actor=users["b-lead"])
    with pytest.raises(Refused):
        svc.stage_sign(stage=stage, actor=users["a-lead"])  # not reconciled yet
    svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    with pytest.raises(Refused):
        svc.stage_sign(stage=stage, actor=users["a-operator"])  # a lead signs, not an operator
    svc.stage_sign(stage=stage, actor=users["a-lead"])
    svc.stage_sign(stage=stage, actor=users["b-lead"])
    assert not signed_off(stage)
    with pytest.raises(Exception, match="sign"):
        svc.stage_schedule(stage=stage, actor=users["m-mediator"])
    svc.stage_sign(stage=stage, actor=users["m-mediator"])
    assert signed_off(stage)
    svc.stage_schedule(stage=stage, actor=users["m-mediator"])
    assert set(Placement.objects.filter(stage=stage).values_list("status", flat=True)) == {"scheduled"}


def test_a_substitute_takes_a_withdrawn_persons_place(stage, users, captives, agreement, flow, parties):
    flow.plan_and_adopt(stage)
    extra = source_list_create(
        owner=parties["A"], kind="registry", name="late", actor=users["a-operator"], share_with=[parties["B"], parties["M"]],
        rows=[RecordData(external_id="x1", row_number=2, raw={}, extra={"status": "eligible"},
                         fields={"surname": "Морозов", "given_name": "Олег", "birth_date": "2003-04-04"})],
    ).records.get().person  # fmt: skip
    young = agreement.categories.get(code="young")
    a_draft = svc.list_draft_open(stage=stage, actor=users["a-lead"])
    svc.list_entry_remove(entry=a_draft.entries.get(person=captives["Попов"]), actor=users["a-operator"])
    svc.list_entry_add(stage_list=a_draft, person=extra, category=young, actor=users["a-operator"])
    svc.list_submit(stage_list=a_draft, actor=users["a-lead"])
    svc.list_submit(stage_list=svc.list_draft_open(stage=stage, actor=users["b-lead"]), actor=users["b-lead"])
    result = svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    assert [r.placement.person_id for r in result.of_kind(DiscrepancyKind.ONLY_SECOND)] == [
        captives["Попов"].pk
    ]
    assert [r.placement.person_id for r in result.of_kind(DiscrepancyKind.ONLY_FIRST)] == [extra.pk]

    popov = Discrepancy.objects.get(stage=stage, placement__person=captives["Попов"])
    with pytest.raises(Refused, match="same side"):
        svc.discrepancy_resolve(discrepancy=popov, resolution=Resolution.SUBSTITUTED, actor=users["m-mediator"],
                                reason="swap", substitute=Placement.objects.get(stage=stage, person=captives["Бойко"]))  # fmt: skip
    svc.discrepancy_resolve(discrepancy=popov, resolution=Resolution.SUBSTITUTED, actor=users["m-mediator"],
                            reason="A holds Попов back for trial; Морозов instead",
                            substitute=Placement.objects.get(stage=stage, person=extra))  # fmt: skip
    svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert stage.status == "lists_reconciled"
    assert Placement.objects.get(stage=stage, person=extra).status == PlacementStatus.MATCHED
    assert Placement.objects.get(stage=stage, person=captives["Попов"]).status == PlacementStatus.WITHDRAWN
