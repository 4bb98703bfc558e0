"""A small two-sided scenario: an agreement (wounded, young, general), captives on both sides, a stage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cartel.agreements.services import CategorySpec, agreement_create
from cartel.registry.services import RecordData, source_list_create

# (surname, given name, birth date, unit, extra facts); held by the other side
A_PEOPLE = [
    ("Коваленко", "Олександр", "1991-03-12", "72 ОМБр", {"status": "consent_recorded", "seriously_wounded": True,
                                                        "consent": True, "stretcher": True}),
    ("Шевченко", "Микола", "2003-07-01", "93 ОМБр", {"status": "eligible"}),
    ("Бойко", "Андрій", "2004-11-30", "24 ОМБр", {"status": "eligible"}),
    ("Ткаченко", "Іван", "1985-01-05", "10 ОГШБр", {"status": "eligible", "seriously_wounded": True}),  # no consent
]  # fmt: skip
B_PEOPLE = [
    ("Смирнов", "Алексей", "1990-02-02", "в/ч 12345", {"status": "consent_recorded", "seriously_wounded": True,
                                                       "consent": True}),
    ("Кузнецов", "Дмитрий", "2002-05-05", "в/ч 54321", {"status": "eligible"}),
    ("Попов", "Сергей", "2001-09-09", "в/ч 11111", {"status": "eligible"}),
    ("Волков", "Павел", "1970-03-03", "в/ч 22222", {"status": "interned"}),  # too old for young, not wounded
]  # fmt: skip


def _rows(people: list[tuple[str, str, str, str, dict[str, Any]]], prefix: str) -> list[RecordData]:
    return [
        RecordData(
            external_id=f"{prefix}{i}", row_number=i + 2, raw={"name": f"{s} {g}"},
            fields={"full_name": f"{s} {g}", "surname": s, "given_name": g, "birth_date": born, "unit": unit},
            extra=extra,
        )
        for i, (s, g, born, unit, extra) in enumerate(people)
    ]  # fmt: skip


@pytest.fixture
def agreement(parties: dict[str, Any], users: dict[str, Any]) -> Any:
    return agreement_create(
        code="second-round", title="Wounded and young, all for all", concluded_on=dt.date(2025, 6, 2),
        parties=[parties["A"], parties["B"]], actor=users["m-mediator"], place="Istanbul", art117_applies=True,
        categories=[
            CategorySpec(code="wounded", name="Seriously wounded", rule="all_for_all", requires_medical=True),
            CategorySpec(code="young", name="Aged 18 to 25", rule="all_for_all", age_min=18, age_max=25),
            CategorySpec(code="general", name="General", rule="n_for_n", quota=5),
        ],
    )  # fmt: skip


@pytest.fixture
def captives(parties: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """Persons by surname: A's people held by B, B's people held by A; registries shared with all."""
    held_by_b = source_list_create(owner=parties["B"], kind="registry", name="held-by-B", actor=users["b-operator"],
                                   rows=_rows(A_PEOPLE, "b"), share_with=[parties["A"], parties["M"]])  # fmt: skip
    held_by_a = source_list_create(owner=parties["A"], kind="registry", name="held-by-A", actor=users["a-operator"],
                                   rows=_rows(B_PEOPLE, "a"), share_with=[parties["B"], parties["M"]])  # fmt: skip
    out = {}
    for source in (held_by_b, held_by_a):
        for record in source.records.select_related("person"):
            out[record.surname] = record.person
    return out


@pytest.fixture
def stage(agreement: Any, parties: dict[str, Any], users: dict[str, Any], captives: Any) -> Any:
    from cartel.exchanges.services import stage_create

    return stage_create(
        agreement=agreement, actor=users["m-mediator"], planned_date=dt.date(2025, 6, 9),
        handover_point="Border crossing", categories=list(agreement.categories.exclude(code="general")),
        transit_party=parties["T"], transit_side=parties["B"], capacity_per_side=10, stretcher_capacity_per_side=2,
    )  # fmt: skip


class Flow:
    """Steps shared by the exchange tests: plan and adopt, submit both lists, reconcile, sign, hand over."""

    def __init__(self, users: dict[str, Any]) -> None:
        self.users = users

    def plan_and_adopt(self, stage: Any) -> list[Any]:
        from cartel.exchanges import services as svc

        svc.stage_plan_run(stage=stage, actor=self.users["m-mediator"])
        return svc.stage_plan_adopt(stage=stage, actor=self.users["m-mediator"])

    def submit_both(self, stage: Any) -> None:
        from cartel.exchanges import services as svc

        for code in ("a", "b"):
            draft = svc.list_draft_open(stage=stage, actor=self.users[f"{code}-lead"])
            svc.list_submit(stage_list=draft, actor=self.users[f"{code}-lead"])

    def to_handover(self, stage: Any) -> None:
        """From adopted drafts to an open handover."""
        from cartel.exchanges import services as svc

        self.submit_both(stage)
        svc.stage_reconcile(stage=stage, actor=self.users["m-mediator"])
        for signer in ("a-lead", "b-lead", "m-mediator"):
            svc.stage_sign(stage=stage, actor=self.users[signer])
        svc.stage_schedule(stage=stage, actor=self.users["m-mediator"])
        svc.stage_start_handover(stage=stage, actor=self.users["m-mediator"])

    def hand_over_all(self, stage: Any) -> None:
        """Everyone crosses; the stage completes."""
        from cartel.exchanges import services as svc
        from cartel.exchanges.models import Placement

        for placement in Placement.objects.filter(stage=stage, status="scheduled").select_related("side"):
            svc.handover_confirm(
                placement=placement, actor=self.users[f"{placement.side.code.lower()}-operator"]
            )
        svc.stage_complete(stage=stage, actor=self.users["m-mediator"])


@pytest.fixture
def flow(users: dict[str, Any]) -> Flow:
    return Flow(users)
