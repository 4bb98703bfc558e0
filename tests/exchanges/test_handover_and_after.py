"""Handover by the receiving side, partial completion, transit care seen only by its staff, communiqués, ledger."""

from __future__ import annotations

import argparse
import json

import pytest

from cartel.agreements.errors import Refused
from cartel.exchanges import services as svc
from cartel.exchanges.communique import communique_text
from cartel.exchanges.handover import handover_totals
from cartel.exchanges.ledger import agreement_series, ledger_cli
from cartel.exchanges.models import Placement, PlacementStatus, TransitCare
from cartel.parties.visibility import persons_visible_to, transit_board_visible_to


def test_only_the_receiving_side_confirms_and_partial_needs_a_reason(stage, users, captives, flow):
    flow.plan_and_adopt(stage)
    flow.to_handover(stage)
    kovalenko = Placement.objects.get(stage=stage, person=captives["Коваленко"])  # returns to A
    with pytest.raises(Refused, match="receiving side"):
        svc.handover_confirm(placement=kovalenko, actor=users["b-operator"])
    svc.handover_confirm(placement=kovalenko, actor=users["a-operator"])
    with pytest.raises(Refused):
        svc.handover_confirm(placement=kovalenko, actor=users["a-operator"])  # not twice
    assert handover_totals(stage)["A"] == {"total": 3, "handed_over": 1, "waiting": 2, "held_back": 0}

    smirnov = Placement.objects.get(stage=stage, person=captives["Смирнов"])
    svc.handover_hold_back(
        placement=smirnov, actor=users["m-mediator"], reason="fever; not fit to travel today"
    )
    with pytest.raises(Refused, match="partially"):
        svc.stage_complete(stage=stage, actor=users["m-mediator"])
    svc.stage_complete(stage=stage, actor=users["m-mediator"], reason="convoy had to leave before dark")
    stage.refresh_from_db()
    assert stage.status == "partial" and stage.status_reason == "convoy had to leave before dark"
    waiting = Placement.objects.filter(stage=stage, status=PlacementStatus.NOT_HANDED_OVER)
    assert (
        waiting.count() == 5 and not Placement.objects.filter(stage=stage, open_person__isnull=False).exists()
    )
    captives["Смирнов"].refresh_from_db()
    assert captives["Смирнов"].status == "eligible"


def test_postponement_keeps_the_lists_and_needs_a_reason(stage, users, flow):
    flow.plan_and_adopt(stage)
    flow.submit_both(stage)
    with pytest.raises(Refused):
        svc.stage_postpone(stage=stage, actor=users["m-mediator"], reason="")
    svc.stage_postpone(stage=stage, actor=users["m-mediator"], reason="shelling near the crossing")
    stage.refresh_from_db()
    assert stage.status == "postponed"
    svc.stage_resume(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert stage.status == "lists_submitted"


def test_the_transit_board_shows_only_its_staff_only_people_in_its_care(stage, users, captives, flow):
    flow.plan_and_adopt(stage)
    flow.to_handover(stage)
    flow.hand_over_all(stage)
    medic = users["t-medic"]
    board = transit_board_visible_to(medic)
    assert {c.person.surname for c in board} == {"Смирнов", "Кузнецов", "Попов"}
    for user in ("m-mediator", "a-lead", "b-lead", "b-operator"):
        assert not transit_board_visible_to(users[user]).exists()
    assert persons_visible_to(medic).filter(pk=captives["Смирнов"].pk).exists()
    assert (
        not persons_visible_to(medic).filter(pk=captives["Коваленко"].pk).exists()
    )  # A's returnee: no transit
    care = TransitCare.objects.get(person=captives["Смирнов"])
    with pytest.raises(Refused):
        svc.transit_admit(care=care, actor=users["b-operator"])
    care = svc.transit_admit(care=care, actor=medic, triage="immediate")
    with pytest.raises(Refused, match="fit to travel"):
        svc.transit_discharge(care=care, actor=medic)
    stale = care.version
    care = svc.transit_update(care=care, actor=medic, fit_to_travel=True, expected_version=stale)
    with pytest.raises(Refused, match="changed"):
        svc.transit_update(care=care, actor=medic, notes="late edit", expected_version=stale)
    svc.transit_discharge(care=care, actor=medic, discharged_to="military hospital")
    assert not transit_board_visible_to(medic).filter(person=captives["Смирнов"]).exists()
    assert not persons_visible_to(medic).filter(pk=captives["Смирнов"].pk).exists()
    # The home side waits for the discharge of those still in care.
    popov = Placement.objects.get(stage=stage, person=captives["Попов"])
    with pytest.raises(Refused, match="transit"):
        svc.home_arrive(placement=popov, actor=users["b-operator"])
    pathway = svc.home_arrive(placement=Placement.objects.get(stage=stage, person=captives["Смирнов"]),
                              actor=users["b-operator"])  # fmt: skip
    with pytest.raises(Refused, match="117"):
        svc.home_step(pathway=pathway, step="closed", actor=users["b-operator"])


def test_the_communique_is_aggregate_only_and_can_be_deferred(stage, users, captives, flow, agreement):
    flow.plan_and_adopt(stage)
    flow.to_handover(stage)
    flow.hand_over_all(stage)
    agreement.defer_communique = True
    agreement.save()
    later = svc.stage_create(agreement=agreement, actor=users["m-mediator"])
    deferred = svc.communique_issue(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert all(c.deferred and not c.figures for c in deferred) and stage.status == "completed"
    assert "3" not in deferred[0].text.split("\n", 2)[-1]
    svc.stage_cancel(stage=later, actor=users["m-mediator"], reason="merged into stage 1")
    issued = svc.communique_issue(stage=stage, actor=users["b-lead"])
    stage.refresh_from_db()
    assert stage.status == "published"
    texts = {c.language: c.text for c in issued}
    assert (
        "received 3 persons" in texts["en"]
        and "отримала осіб: 3" in texts["uk"]
        and "получила лиц: 3" in texts["ru"]
    )
    personal = set()
    for person in captives.values():
        personal |= {person.surname, person.given_name, person.birth_date, person.unit, str(person.pk)}
    personal |= {
        e for e in Placement.objects.filter(stage=stage).values_list("person__display_name", flat=True)
    }
    for text in texts.values():
        assert not [p for p in personal if p and len(p) > 3 and p in text], text
    assert "Коваленко" not in communique_text(stage, "uk", issued[0].figures, hold_back=False)


def test_ledger_cli_prints_a_table_or_json(stage, users, flow, capsys, agreement):
    flow.plan_and_adopt(stage)
    flow.to_handover(stage)
    flow.hand_over_all(stage)
    assert ledger_cli(argparse.Namespace(agreement="second-round", json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["A"]["exchanged"] == 3 and data["totals"]["B"]["exchanged"] == 3
    assert ledger_cli(argparse.Namespace(agreement="second-round", json=False)) == 0
    table = capsys.readouterr().out
    assert "wounded" in table and "remaining_quota" in table
    assert ledger_cli(argparse.Namespace(agreement="nope", json=False)) == 2
    assert "second-round" in capsys.readouterr().err
    series = agreement_series(agreement)
    assert series[-1].total == 3
