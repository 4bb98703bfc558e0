"""Dashboards: each role gets its own panels, counts come from what the viewer may see, charts are local SVG."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cartel.web.charts import bar_chart, donut_chart, line_chart


@pytest.mark.parametrize("username", ["a-operator", "a-lead", "m-mediator", "t-medic", "a-forensic", "a-liaison",
                                      "a-admin", "m-admin"])  # fmt: skip
def test_every_role_gets_a_dashboard_without_inline_code(
    client: Any, users: Any, registry: Any, username: str
) -> None:
    client.force_login(users[username])
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'hx-trigger="every' in page  # live counts
    assert "<script>" not in page and " style=" not in page
    assert not re.search(r"https?://(?!www\.w3\.org)", page)  # nothing from other origins


def test_bureau_counts_only_its_own_registry(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["a-operator"])
    panels = {p.key: p for p in client.get("/").context["panels"]}
    assert panels["held"].value == 3  # A holds three; B's records do not count
    client.force_login(users["b-operator"])
    panels = {p.key: p for p in client.get("/").context["panels"]}
    assert panels["held"].value == 2


def test_mediator_sees_both_sides_lists(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["m-mediator"])
    panels = {p.key: p for p in client.get("/dashboard/live/").context["panels"]}
    assert dict(panels["shared_lists"].items) == {"A": 1, "B": 1}  # B's private list is not counted
    assert panels["persons"].value == 5


def test_transit_medic_sees_only_people_in_its_care(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["t-medic"])
    panels = {p.key: p for p in client.get("/").context["panels"]}
    assert panels["in_care"].value == 0


def test_admin_dashboard_offers_the_chain_check(client: Any, users: Any) -> None:
    client.force_login(users["a-admin"])
    page = client.get("/").content.decode()
    assert "/audit/verify/" in page
    panels = {p.key: p for p in client.get("/").context["panels"]}
    assert panels["users"].value == 5  # A's five accounts, not the other parties'


def test_live_fragment_is_only_the_panels(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["a-lead"])
    page = client.get("/dashboard/live/").content.decode()
    assert page.lstrip().startswith('<div class="panels"') and "<svg" in page


def test_bar_chart_scales_to_the_largest_value() -> None:
    chart = bar_chart([("registered", 10), ("listed", 5), ("closed", 0)], width=300, label_width=100)
    lengths = [b.length for b in chart.bars]
    assert lengths[0] == 300 - 100 - 48 and lengths[1] == lengths[0] / 2 and lengths[2] == 0
    assert chart.total == 15


def test_donut_slices_cover_the_ring() -> None:
    chart = donut_chart([("a", 1), ("b", 3), ("empty", 0)])
    assert [s.percent for s in chart.slices] == [25, 75]
    assert chart.slices[1].offset == pytest.approx(-float(chart.slices[0].dash.split()[0]), abs=0.01)


def test_line_chart_of_nothing_is_flat() -> None:
    chart = line_chart([("01.06", 0), ("02.06", 0)])
    assert chart.total == 0 and len(chart.dots) == 2


# ---------------------------------------------------------------- figures kept between views (web/snapshots.py)


def _held(client: Any) -> int:
    return {p.key: p for p in client.get("/dashboard/live/").context["panels"]}["held"].value


def _move_one_held_without_audit(users: Any, parties: Any) -> None:
    """One of the captives A sees as held by A now held by B, written behind the services' back (no audit)."""
    from cartel.parties.visibility import persons_visible_to
    from cartel.registry.models import Person

    held = persons_visible_to(users["a-operator"]).filter(holding_party=parties["A"])
    moved = list(held.order_by("pk").values_list("pk", flat=True)[:1])
    Person.objects.filter(pk__in=moved).update(holding_party=parties["B"])


@pytest.fixture
def clock(monkeypatch: Any) -> list[float]:
    """The snapshots' monotonic clock, moved by hand (`clock[0] += seconds`)."""
    from cartel.web import snapshots

    now = [1000.0]
    monkeypatch.setattr(snapshots.time, "monotonic", lambda: now[0])
    return now


def test_figures_are_reused_until_something_audited_changes(
    client: Any, users: Any, registry: Any, list_maker: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["a-operator"])
    with CaptureQueriesContext(connection) as first:
        assert _held(client) == 3
    with CaptureQueriesContext(connection) as again:
        assert _held(client) == 3
    assert len(again.captured_queries) <= len(first.captured_queries) - 5  # the counts were not run again
    list_maker("A", "registry", "A second list", [("Мельник", "Андрій", "", "1990-02-02")])  # audited
    assert _held(client) == 4


def test_a_stream_of_changes_refreshes_figures_at_most_once_per_interval(
    client: Any, users: Any, registry: Any, list_maker: Any, monkeypatch: Any, clock: list[float]
) -> None:
    from cartel import conf

    monkeypatch.setattr(conf, "DASHBOARD_REFRESH_S", 5.0)
    client.force_login(users["a-operator"])
    assert _held(client) == 3
    list_maker("A", "registry", "A second list", [("Мельник", "Андрій", "", "1990-02-02")])
    clock[0] += 2
    assert _held(client) == 3  # changed 2 s after the last count: kept until the interval has passed
    clock[0] += 3.5
    assert _held(client) == 4


def test_figures_are_recounted_every_few_minutes_even_without_audit(
    client: Any, users: Any, registry: Any, parties: Any, clock: list[float]
) -> None:
    from cartel.web import snapshots

    client.force_login(users["a-operator"])
    assert _held(client) == 3
    _move_one_held_without_audit(users, parties)
    clock[0] += snapshots.MAX_AGE_S - 1
    assert _held(client) == 3
    clock[0] += 2
    assert _held(client) == 2


def test_parties_and_roles_never_share_figures(client: Any, users: Any, registry: Any) -> None:
    client.force_login(users["a-operator"])
    assert _held(client) == 3
    client.force_login(users["b-operator"])
    assert _held(client) == 2
    client.force_login(users["a-lead"])
    assert _held(client) == 3


def test_one_thread_computes_a_figure_while_the_others_wait() -> None:
    import threading
    import time

    from cartel.web.snapshots import Snapshots

    store, calls, barrier = Snapshots(), [], threading.Barrier(8)

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    results: list[int] = []

    def worker() -> None:
        barrier.wait()
        results.append(store.get("k", (1, "h"), compute))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and len(calls) == 1
    assert store.get("k", (2, "h2"), lambda: 43) == 43  # with the interval at 0 (tests), a new head recounts


def test_while_a_stale_figure_is_recounted_others_get_the_previous_value_at_once() -> None:
    import threading

    from cartel.web.snapshots import Snapshots

    store = Snapshots()
    assert store.get("k", (1, "h"), lambda: 1) == 1
    started, release = threading.Event(), threading.Event()

    def slow_recount() -> int:
        started.set()
        release.wait(5)
        return 2

    recount = threading.Thread(target=lambda: store.get("k", (2, "h2"), slow_recount))
    recount.start()
    assert started.wait(5)
    assert store.get("k", (2, "h2"), lambda: 99) == 1  # not queued behind the recount, not a second recount
    release.set()
    recount.join()
    assert store.get("k", (2, "h2"), lambda: 99) == 2


def test_sign_ins_do_not_make_figures_recount(client: Any, users: Any, registry: Any, parties: Any) -> None:
    from cartel.audit.models import AuditVerb
    from cartel.audit.services import audit_record

    client.force_login(users["a-operator"])
    assert _held(client) == 3
    _move_one_held_without_audit(users, parties)  # only the audit stamp can tell the figures
    signed_in = users["b-operator"]
    audit_record(actor=signed_in, verb=AuditVerb.LOGIN, target=signed_in, summary="signed in")
    assert _held(client) == 3
    changed = users["a-operator"]
    audit_record(actor=changed, verb=AuditVerb.UPDATED, target=changed, summary="a change")
    assert _held(client) == 2
