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
