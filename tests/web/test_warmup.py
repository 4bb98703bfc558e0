"""Dashboard figures warmed when a server process starts: the first dashboard of each party and role then reads
kept figures instead of counting over the whole database."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cartel.web import warmup
from cartel.web.snapshots import SNAPSHOTS

PAGES = [("a-operator", "/"), ("a-lead", "/"), ("m-mediator", "/"), ("a-forensic", "/remains/"),
         ("b-liaison", "/inquiries/"), ("t-medic", "/"), ("m-admin", "/")]  # fmt: skip


def _queries(client: Any, user: Any, url: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_after_the_warm_up_the_first_view_reads_kept_figures(
    client: Any, users: Any, registry: Any, username: str, url: str
) -> None:
    cold = _queries(client, users[username], url)
    kept = _queries(client, users[username], url)
    assert kept < cold  # the page does keep figures
    SNAPSHOTS.clear()  # a restart
    assert warmup.figures_warm() == len({(u.membership.organisation.party_id, u.membership.role)
                                          for u in users.values()})  # fmt: skip
    assert _queries(client, users[username], url) == kept


def test_a_failed_warm_up_is_logged_and_leaves_the_figures_to_the_first_view(
    monkeypatch: Any, caplog: Any
) -> None:
    def broken() -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(warmup, "figures_warm", broken)
    with caplog.at_level(logging.ERROR, logger="cartel.web.warmup"):
        warmup.figures_warm_in_background().join(timeout=10)
    assert "computed on first view" in caplog.text
