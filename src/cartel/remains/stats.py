"""Figures and chart items for the remains pages and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cartel.engine.lifecycle import REMAINS
from cartel.web.labels import status_label
from cartel.web.snapshots import figures_for

from .selectors import identification_counts, remains_ledger, remains_status_counts

IDENTIFICATION_LABELS = {
    "awaiting": _("awaiting identification"),
    "identified": _("identified"),
    "unidentified": _("not identified"),
    "not_own_national": _("not an own national"),
}


def remains_dashboard_context(viewer: Any) -> dict[str, Any]:
    """The ledger, bodies by state and by identification status, as chart items (computed once per change of the
    data for the viewer's party and role: `cartel.web.snapshots`)."""
    return figures_for(viewer)("remains.dashboard", lambda: _remains_figures(viewer))


def _remains_figures(viewer: Any) -> dict[str, Any]:
    counts = remains_status_counts(viewer)
    by_status = [(status_label(s), counts[s]) for s in REMAINS.states if counts.get(s)]
    identification = identification_counts(viewer)
    return {
        "ledger": remains_ledger(viewer),
        "by_status": by_status,
        "by_identification": [(IDENTIFICATION_LABELS[k], v) for k, v in identification.items()],
        "awaiting": identification["awaiting"],
        "total": sum(counts.values()),
    }
