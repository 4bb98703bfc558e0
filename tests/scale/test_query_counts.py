"""No N+1 queries: the main pages make as many queries over a larger world as over a small one.

Each page is fetched once over a small world (two of everything per side), then the world grows (registries,
requests, pairs waiting for review, inquiries, remains, stages, audit events) and the same page must not make more
queries than before.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cartel.agreements.services import CategorySpec, agreement_create
from cartel.registry.models import SourceRecord
from cartel.registry.services import RecordData, ScoredPair, links_store, source_list_create

SURNAMES = ["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Кузнецов", "Смирнов"]
GIVEN = ["Іван", "Олександр", "Сергій", "Андрій", "Алексей", "Дмитрий"]
_serial = itertools.count()


def _rows(n: int, prefix: str, extra: dict[str, Any]) -> list[RecordData]:
    rows = []
    for _ in range(n):
        i = next(_serial)
        surname, given = SURNAMES[i % len(SURNAMES)], GIVEN[i % len(GIVEN)]
        born = f"{1970 + i % 35}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        fields = {"surname": surname, "given_name": given, "birth_date": born, "unit": f"unit {i % 4}"}
        rows.append(
            RecordData(external_id=f"{prefix}{i}", row_number=i + 2, raw=fields, fields=fields, extra=extra)
        )
    return rows


class World:
    """The cast's data, grown step by step through the services people use."""

    def __init__(self, parties: dict[str, Any], users: dict[str, Any]) -> None:
        self.parties, self.users = parties, users
        self.agreement = agreement_create(
            code="round", title="All for all", concluded_on=dt.date(2025, 6, 2), parties=[parties["A"], parties["B"]],
            actor=users["m-mediator"], categories=[CategorySpec(code="general", name="General", rule="all_for_all")],
        )  # fmt: skip
        self.first_person: Any = None

    def grow(self, n: int) -> None:
        p, u = self.parties, self.users
        registries = {}
        for code, other in (("A", "B"), ("B", "A")):
            registries[code] = source_list_create(
                owner=p[code], kind="registry", name=f"{code} registry", actor=u[f"{code.lower()}-operator"],
                rows=_rows(n, f"{code}r", {"status": "eligible"}), share_with=[p[other], p["M"]],
            )  # fmt: skip
        requests = source_list_create(owner=p["A"], kind="requests", name="A requests", actor=u["a-operator"],
                                      rows=_rows(n, "Aq", {}), share_with=[p["B"], p["M"]])  # fmt: skip
        held = list(SourceRecord.objects.filter(source_list=registries["B"]).values_list("pk", flat=True))
        asked = list(SourceRecord.objects.filter(source_list=requests).values_list("pk", flat=True))
        pairs = [
            ScoredPair(left=min(a, b), right=max(a, b), probability=0.7)
            for a, b in zip(held, asked, strict=True)
        ]
        links_store(pairs=pairs, auto_threshold=0.98, review_threshold=0.5, actor=u["m-mediator"])
        self.first_person = self.first_person or SourceRecord.objects.get(pk=held[0]).person
        self._more(n)

    def _more(self, n: int) -> None:
        from cartel.exchanges.services import stage_create
        from cartel.remains.services import remains_create
        from cartel.tracing.services import inquiry_create

        p, u = self.parties, self.users
        for i in range(n):
            inquiry_create(party=p["A"], actor=u["a-liaison"], subject_name=f"{SURNAMES[i % 8]} {GIVEN[i % 6]}",
                           inquirer_name="Олена", match=False)  # fmt: skip
            remains_create(holding_party=p["A"], actor=u["a-forensic"], claimed_party=p["B"])
        for _ in range(max(1, n // 4)):
            stage_create(agreement=self.agreement, actor=u["m-mediator"], planned_date=dt.date(2025, 7, 1),
                         transit_party=p["T"], transit_side=p["B"])  # fmt: skip


PAGES = [
    ("a-operator", "dashboard"), ("a-lead", "dashboard"), ("a-forensic", "dashboard"), ("a-liaison", "dashboard"),
    ("a-admin", "dashboard"), ("m-mediator", "dashboard"), ("t-medic", "dashboard"),
    ("a-operator", "persons"), ("m-mediator", "persons"), ("a-operator", "search"), ("b-operator", "person"),
    ("m-mediator", "review"), ("a-lead", "review"), ("m-mediator", "stages"), ("b-lead", "stages"),
    ("a-liaison", "inquiries"), ("a-forensic", "remains"), ("a-admin", "audit"),
]  # fmt: skip


def _url(name: str, world: World) -> str:
    if name == "search":
        return reverse("persons") + "?q=Коваленко Іван"
    if name == "person":
        return reverse("person", args=[world.first_person.pk])
    return reverse(name)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_rows(
    client: Any, parties: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    world = World(parties, users)
    world.grow(2)
    small = {}
    for username, page in PAGES:
        client.force_login(users[username])
        url = _url(page, world)
        client.get(url)  # sessions and lazily built things settle on the first visit
        small[username, page] = _count(client, url)
    world.grow(12)
    for username, page in PAGES:
        client.force_login(users[username])
        client.get(reverse("dashboard"))
        with django_assert_max_num_queries(small[username, page]):
            response = client.get(_url(page, world))
        assert response.status_code == 200, (username, page)
