"""The pages that show the first rows of a long list walk an index and stop there, instead of sorting everything.

Checked on SQLite with `EXPLAIN QUERY PLAN` (PostgreSQL picks its plan by the table's size, and on the few rows of a
test a sequential scan is right): the review queue through its partial index, the remains list through the index on
the code once the planner has statistics (`cartel.bulk.statistics_refresh`, run after large imports and the demo),
the transit state's few persons in care by id rather than by testing every person of the registry.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from cartel.bulk import statistics_refresh
from cartel.parties.visibility import persons_visible_to, remains_visible_to
from cartel.registry.selectors import review_pairs_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plans; PostgreSQL plans by size"
)


def _plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_review_queue_walks_its_partial_index(users: Any) -> None:
    for name in ("a-operator", "b-lead", "m-mediator"):
        plan = _plan(review_pairs_for(viewer=users[name])[:20])
        assert "USING INDEX candidate_pending_order" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_the_remains_list_walks_the_code_index_once_statistics_exist(users: Any, parties: Any) -> None:
    from cartel.remains.models import Remains

    a, b = parties["A"], parties["B"]
    Remains.objects.bulk_create(
        Remains(code=f"R-{i:05d}", holding_party=a if i % 2 else b, recorded_by=a if i % 2 else b,
                claimed_party=b if i % 2 else a)
        for i in range(3000)
    )  # fmt: skip
    statistics_refresh()
    for name in ("a-forensic", "b-forensic", "m-mediator"):
        plan = _plan(remains_visible_to(users[name]).order_by("code")[:50])
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_a_transit_state_reads_its_persons_in_care_by_id_not_by_walking_the_registry(users: Any) -> None:
    statistics_refresh()
    plan = _plan(persons_visible_to(users["t-medic"]).order_by("surname", "given_name", "pk")[:51])
    assert "SCAN registry_person" not in plan, plan
    assert "SEARCH registry_person USING INTEGER PRIMARY KEY" in plan, plan
