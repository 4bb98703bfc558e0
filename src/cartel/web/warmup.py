"""Dashboard figures computed when a server process starts, before anyone asks for them.

A figure (`snapshots`) is kept per party and role once computed; while it is recomputed after a change, viewers get
the value it replaces at once. Only a figure never computed makes a viewer wait: over a million persons the first
dashboard of each party and role after a restart took seconds, and every server process (each gunicorn worker) had
its own first time. `figures_warm` computes, for one active member of each party and role, what the dashboard and
the area pages read from the snapshots; the WSGI entry point runs it in a background thread at start
(`CARTEL_WARM_FIGURES`, on by default).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

logger = logging.getLogger(__name__)


def _warmers() -> list[Callable[[Any], object]]:
    from cartel.remains.stats import remains_dashboard_context
    from cartel.tracing.stats import tracing_dashboard_context
    from cartel.web.panels import dashboard_panels

    return [
        lambda user: dashboard_panels(viewer=user),
        tracing_dashboard_context,
        remains_dashboard_context,
    ]  # the review queue's count is each reviewer's own (`mine`): not warmed


def figures_warm() -> int:
    """Compute the kept figures of every party and role (as one of its active members sees them); return how many
    parties and roles were warmed."""
    from django.contrib.auth import get_user_model

    from cartel.web.snapshots import figures_for

    scopes: dict[Hashable, Any] = {}
    users = get_user_model().objects.filter(is_active=True, membership__isnull=False).order_by("pk")
    for user in users.select_related("membership"):
        scopes.setdefault(figures_for(user).scope, user)
    warmers = _warmers()
    for user in scopes.values():
        for warm in warmers:
            warm(user)
    return len(scopes)


def figures_warm_in_background() -> threading.Thread:
    """Start `figures_warm` in a daemon thread (its own database connection, closed at the end); failures are
    logged, never raised: the figures are then computed on first view as before."""

    def run() -> None:
        from django.db import connections

        started = time.perf_counter()
        try:
            count = figures_warm()
            logger.info("dashboard figures of %d parties and roles ready in %.1f s", count,
                        time.perf_counter() - started)  # fmt: skip
        except Exception:
            logger.exception("warming the dashboard figures failed; they are computed on first view")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="cartel-figures-warm", daemon=True)
    thread.start()
    return thread
