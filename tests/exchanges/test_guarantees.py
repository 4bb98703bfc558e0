"""The hard guarantees: one open stage list per person, frozen submitted lists, no listing without consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from cartel.agreements.errors import Refused
from cartel.agreements.services import consent_record, judicial_hold_consent, judicial_hold_place
from cartel.exchanges import services as svc
from cartel.exchanges.models import Frozen, Placement, StageList, StageListEntry
from cartel.transitions import TransitionRefused, transition_apply


@pytest.fixture
def second_stage(stage: Any, agreement: Any, users: dict[str, Any]) -> Any:
    return svc.stage_create(
        agreement=agreement, actor=users["m-mediator"], categories=list(agreement.categories.all())
    )


def _draft(stage: Any, user: Any) -> StageList:
    return svc.list_draft_open(stage=stage, actor=user)


def test_a_person_is_never_on_two_open_stage_lists(stage, second_stage, users, captives, agreement):
    young = agreement.categories.get(code="young")
    person = captives["Шевченко"]
    svc.list_entry_add(stage_list=_draft(stage, users["a-operator"]), person=person, category=young,
                       actor=users["a-operator"])  # fmt: skip
    with pytest.raises(Refused, match="already on the list of"):
        svc.list_entry_add(stage_list=_draft(second_stage, users["b-operator"]), person=person, category=young,
                           actor=users["b-operator"])  # fmt: skip
    # The database refuses it too, whatever the code above it does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            stage=second_stage, person=person, open_person=person, side=person.origin_party
        )


def test_a_withdrawn_person_is_free_for_another_stage(stage, second_stage, users, captives, agreement):
    young = agreement.categories.get(code="young")
    person = captives["Шевченко"]
    entry = svc.list_entry_add(stage_list=_draft(stage, users["a-operator"]), person=person, category=young,
                               actor=users["a-operator"])  # fmt: skip
    svc.placement_withdraw(
        placement=entry.placement, actor=users["m-mediator"], reason="family reunification first"
    )
    svc.list_entry_add(stage_list=_draft(second_stage, users["b-operator"]), person=person, category=young,
                       actor=users["b-operator"])  # fmt: skip
    assert Placement.objects.get(open_person=person).stage == second_stage


def test_a_submitted_list_never_changes(stage, users, captives, agreement):
    young = agreement.categories.get(code="young")
    draft = _draft(stage, users["a-operator"])
    entry = svc.list_entry_add(
        stage_list=draft, person=captives["Бойко"], category=young, actor=users["a-operator"]
    )
    submitted = svc.list_submit(stage_list=draft, actor=users["a-lead"])
    digest = submitted.content_hash
    entry.refresh_from_db()
    entry.unit = "changed"
    with pytest.raises(Frozen):
        entry.save()
    with pytest.raises(Frozen):
        entry.delete()
    with pytest.raises(Frozen):
        StageListEntry.objects.filter(pk=entry.pk).update(unit="changed")
    with pytest.raises(Frozen):
        StageList.objects.filter(pk=submitted.pk).delete()
    with pytest.raises(Refused):
        svc.list_entry_add(
            stage_list=submitted, person=captives["Шевченко"], category=young, actor=users["a-operator"]
        )
    # Below the models, the database's triggers refuse as well.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE exchanges_stagelistentry SET unit = %s WHERE id = %s", ["forged", entry.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE exchanges_stagelist SET content_hash = %s WHERE id = %s", ["0" * 64, submitted.pk]
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO exchanges_stagelistentry (stage_list_id, person_id, placement_id, side, display_name, surname,"
            " given_name, patronymic, birth_date, service_number, unit, rank) VALUES (%s, %s, %s, 'A', '', '', '', '',"
            " '', '', '', '')",
            [submitted.pk, captives["Шевченко"].pk, entry.placement_id],
        )
    submitted.refresh_from_db()
    assert submitted.content_hash == digest and svc.list_verify(submitted)
    # A change of mind is a new version; the old one stays as it was.
    again = _draft(stage, users["a-operator"])
    assert again.version == 2 and again.entries.count() == 1


def test_a_sick_captive_without_recorded_consent_is_never_listed(stage, users, captives, agreement):
    wounded = agreement.categories.get(code="wounded")
    person = captives["Ткаченко"]  # seriously wounded, eligible, consent never asked
    with pytest.raises(Refused, match="consent"):
        svc.list_entry_add(stage_list=_draft(stage, users["b-operator"]), person=person, category=wounded,
                           actor=users["b-operator"])  # fmt: skip
    # Not even under another category, nor by the lifecycle directly.
    young = agreement.categories.get(code="young")
    with pytest.raises(Refused):
        svc.list_entry_add(stage_list=_draft(stage, users["b-operator"]), person=person, category=young,
                           actor=users["b-operator"])  # fmt: skip
    with pytest.raises(TransitionRefused, match="consent"):
        transition_apply(obj=person, lifecycle="captive", action="list", actor=users["b-lead"],
                         facts={"consent_if_sick": False, "no_judicial_hold": True, "not_on_open_list": True})  # fmt: skip
    output = svc.stage_plan_run(stage=stage, actor=users["m-mediator"])
    assert str(person.pk) not in output["selected"]


def test_refusal_blocks_listing_and_consent_opens_it(stage, users, captives, agreement):
    wounded = agreement.categories.get(code="wounded")
    person = captives["Ткаченко"]
    consent_record(person=person, given=False, witness="ICRC delegate", actor=users["b-operator"])
    with pytest.raises(Refused, match="refused"):
        svc.list_entry_add(stage_list=_draft(stage, users["b-operator"]), person=person, category=wounded,
                           actor=users["b-operator"])  # fmt: skip
    consent_record(person=person, given=True, witness="ICRC delegate", actor=users["b-operator"])
    entry = svc.list_entry_add(stage_list=_draft(stage, users["b-operator"]), person=person, category=wounded,
                               actor=users["b-operator"])  # fmt: skip
    assert entry.person.consent is True


def test_a_judicial_hold_blocks_listing_until_the_detaining_party_consents(stage, users, captives, agreement):
    young = agreement.categories.get(code="young")
    person = captives["Бойко"]  # held by B
    hold = judicial_hold_place(person=person, reason="criminal proceedings", actor=users["b-operator"])
    with pytest.raises(Refused, match="judicial hold"):
        svc.list_entry_add(stage_list=_draft(stage, users["a-operator"]), person=person, category=young,
                           actor=users["a-operator"])  # fmt: skip
    with pytest.raises(Refused):
        judicial_hold_consent(hold=hold, actor=users["a-lead"])  # not the detaining party
    judicial_hold_consent(hold=hold, actor=users["b-lead"])
    svc.list_entry_add(stage_list=_draft(stage, users["a-operator"]), person=person, category=young,
                       actor=users["a-operator"])  # fmt: skip
