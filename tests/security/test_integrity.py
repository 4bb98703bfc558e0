"""The database itself holds the invariants, whatever code writes to it: one open stage list per person, unique
identities and links, no orphan rows, frozen list versions. Raw SQL is used where the models would refuse first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from cartel.parties.guard import GuardRefused, guard_check, guard_token


@pytest.fixture
def world(parties: Any, users: Any) -> dict[str, Any]:
    from cartel.agreements.models import Agreement
    from cartel.exchanges.models import Stage
    from cartel.registry.services import RecordData, source_list_create

    rows = [RecordData(external_id=f"A{i}", row_number=i + 2, raw={"n": n}, fields={"full_name": n})
            for i, n in enumerate(["Іван Коваленко", "Олена Шевченко"])]  # fmt: skip
    lst = source_list_create(
        owner=parties["A"], kind="registry", name="A", rows=rows, actor=users["a-operator"]
    )
    agreement = Agreement.objects.create(code="ab", title="A–B", concluded_on=dt.date(2025, 6, 2),
                                         mediator=parties["M"])  # fmt: skip
    agreement.parties.set([parties["A"], parties["B"]])
    stages = [Stage.objects.create(agreement=agreement, number=n, transit_party=parties["T"]) for n in (1, 2)]
    return {"list": lst, "records": list(lst.records.order_by("pk")), "stages": stages, "parties": parties}


def _refused(make: Any, error: type[Exception] = IntegrityError) -> None:
    with pytest.raises(error), transaction.atomic():
        make()
        connection.check_constraints()


def test_a_person_is_on_one_open_stage_list_at_most(world: dict[str, Any]) -> None:
    from cartel.exchanges.models import Placement, PlacementStatus

    person = world["records"][0].person
    side = world["parties"]["B"]
    first, second = world["stages"]
    Placement.objects.create(stage=first, person=person, open_person=person, side=side)
    _refused(lambda: Placement.objects.create(stage=second, person=person, open_person=person, side=side))
    _refused(lambda: Placement.objects.create(stage=first, person=person, side=side))  # twice in one stage
    # Once the first placement is closed, the person may be placed in another stage.
    Placement.objects.filter(stage=first).update(open_person=None, status=PlacementStatus.WITHDRAWN)
    Placement.objects.create(stage=second, person=person, open_person=person, side=side)


def test_identities_and_links_are_unique_and_ordered(world: dict[str, Any]) -> None:
    from cartel.registry.models import CandidatePair, IdentityLink, SourceRecord

    left, right = world["records"]
    IdentityLink.objects.create(left=left, right=right, probability=0.99)
    _refused(lambda: IdentityLink.objects.create(left=left, right=right, probability=0.5))
    _refused(lambda: IdentityLink.objects.create(left=right, right=left, probability=0.5))  # left < right
    CandidatePair.objects.create(left=left, right=right, probability=0.7)
    _refused(lambda: CandidatePair.objects.create(left=left, right=right, probability=0.6))
    _refused(lambda: SourceRecord.objects.create(source_list=world["list"], owner=left.owner, external_id="A0",
                                                 row_number=9, raw={}))  # fmt: skip


def test_no_orphan_links_or_records(world: dict[str, Any]) -> None:
    left = world["records"][0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM registry_sourcerecord")
        missing = cursor.fetchone()[0] + 1000

    def orphan_link() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO registry_identitylink (left_id, right_id, probability, source, explanation, created_at)"
                " VALUES (%s, %s, 0.9, 'model', '[]', %s)",
                [left.pk, missing, timezone.now()],
            )

    def orphan_record() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_sourcerecord SET person_id = %s WHERE id = %s", [missing, left.pk]
            )

    _refused(orphan_link)
    _refused(orphan_record)


def test_a_submitted_list_version_never_changes(world: dict[str, Any], users: Any) -> None:
    from cartel.exchanges.models import Frozen, StageList

    stage_list = StageList.objects.create(stage=world["stages"][0], party=world["parties"]["A"],
                                          submitted_at=timezone.now(), content_hash="ab" * 32)  # fmt: skip
    with pytest.raises(Frozen):
        stage_list.delete()

    def raw_update() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE exchanges_stagelist SET content_hash = 'forged' WHERE id = %s", [stage_list.pk]
            )

    _refused(raw_update, DatabaseError)
    stage_list.refresh_from_db()
    assert stage_list.content_hash == "ab" * 32


def test_edit_guard_follows_the_version_column(world: dict[str, Any]) -> None:
    from cartel.registry.models import Person

    person = world["records"][0].person
    token = guard_token(person)
    guard_check(token)
    Person.objects.filter(pk=person.pk).update(version=person.version + 1)
    with pytest.raises(GuardRefused, match="changed by someone else"):
        guard_check(token)
    with pytest.raises(GuardRefused, match="could not be checked"):
        guard_check(token[:-2] + "xx")
