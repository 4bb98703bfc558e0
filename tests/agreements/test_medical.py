"""Medical commissions (two neutral doctors and one of the detaining party), examinations and manifest cases."""

from __future__ import annotations

import datetime as dt

import pytest

from cartel.agreements.errors import Refused
from cartel.agreements.models import ExamDecision, Proposer
from cartel.agreements.services import (
    commission_approve,
    commission_create,
    consent_record,
    eligibility_declare,
    examination_decide,
    examination_propose,
)
from cartel.registry.services import RecordData, source_list_create

MEMBERS = [("Dr. Anna Keller", "neutral", "surgeon"), ("Dr. Luis Moreno", "neutral", "physician"),
           ("Др. Петро Гнатюк", "detaining", "surgeon")]  # fmt: skip


@pytest.fixture
def prisoner(parties, users):
    rows = [RecordData(external_id="p1", row_number=2, raw={}, extra={"status": "interned"},
                       fields={"surname": "Мельник", "given_name": "Василь", "birth_date": "1980-02-02"})]  # fmt: skip
    return source_list_create(owner=parties["A"], kind="registry", name="held", actor=users["a-operator"],
                              rows=rows).records.get().person  # fmt: skip


def test_a_commission_needs_two_neutral_doctors_and_both_parties_approval(parties, users):
    with pytest.raises(Refused, match="two neutral"):
        commission_create(
            name="MMC-1", detaining_party=parties["A"], members=MEMBERS[1:], actor=users["m-mediator"]
        )
    commission = commission_create(name="MMC-1", detaining_party=parties["A"], members=MEMBERS,
                                   actor=users["m-mediator"])  # fmt: skip
    assert commission.members.get(chair=True).name == "Dr. Anna Keller"
    with pytest.raises(Refused):
        commission_approve(commission=commission, actor=users["a-operator"])  # a lead approves
    commission_approve(commission=commission, actor=users["a-lead"])
    assert commission.approved_at is None
    commission = commission_approve(commission=commission, actor=users["b-lead"])
    assert commission.approved_at is not None


def test_a_commission_decision_sets_deadlines_and_makes_the_captive_eligible(
    parties, users, prisoner, agreement
):
    commission = commission_create(
        name="MMC-1", detaining_party=parties["A"], members=MEMBERS, actor=users["m-mediator"]
    )
    exam = examination_propose(person=prisoner, proposer=Proposer.PARTY_OF_ORIGIN, actor=users["b-operator"])
    prisoner.refresh_from_db()
    assert prisoner.status == "proposed_for_examination"
    with pytest.raises(Refused, match="approved"):
        examination_decide(examination=exam, decision=ExamDecision.REPATRIATE, actor=users["m-mediator"],
                           commission=commission)  # fmt: skip
    for lead in ("a-lead", "b-lead"):
        commission = commission_approve(commission=commission, actor=users[lead])
    exam = examination_decide(examination=exam, decision=ExamDecision.REPATRIATE, actor=users["m-mediator"],
                              commission=commission, annex_category="A2", examined_on=dt.date(2025, 6, 1))  # fmt: skip
    assert exam.notice_due == dt.date(2025, 7, 1) and exam.carry_out_by == dt.date(2025, 8, 30)
    prisoner.refresh_from_db()
    assert (
        prisoner.status == "medically_assessed"
        and prisoner.seriously_wounded
        and prisoner.medical_category == "A2"
    )
    eligibility_declare(
        person=prisoner, category=agreement.categories.get(code="wounded"), actor=users["a-operator"]
    )
    prisoner.refresh_from_db()
    assert prisoner.status == "eligible"
    consent_record(person=prisoner, given=True, witness="ICRC delegate", actor=users["a-operator"])
    prisoner.refresh_from_db()
    assert prisoner.status == "consent_recorded" and prisoner.consent is True


def test_manifest_cases_are_for_the_detaining_partys_doctors(parties, users, prisoner):
    exam = examination_propose(person=prisoner, proposer=Proposer.DETAINING_DOCTOR, actor=users["a-operator"])
    with pytest.raises(Refused, match="detaining party"):
        examination_decide(
            examination=exam, decision=ExamDecision.REPATRIATE, actor=users["b-operator"], manifest=True
        )
    exam = examination_decide(examination=exam, decision=ExamDecision.REPATRIATE, actor=users["a-operator"],
                              manifest=True, annex_category="A1")  # fmt: skip
    assert exam.manifest and exam.commission is None
    prisoner.refresh_from_db()
    assert prisoner.status == "medically_assessed"


def test_consent_needs_a_witness(users, prisoner):
    with pytest.raises(Refused, match="witness"):
        consent_record(person=prisoner, given=True, witness=" ", actor=users["a-operator"])
