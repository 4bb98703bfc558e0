"""The remains panel for the dashboard, rendered for the signed-in user."""

from __future__ import annotations

from typing import Any

from django import template

from cartel.remains.stats import remains_dashboard_context

register = template.Library()


@register.inclusion_tag("remains/partials/dashboard_body.html", takes_context=True)
def remains_panel(context: Any) -> dict[str, Any]:
    """Remains by state, bodies awaiting identification and the ledger, for `request.user`."""
    return remains_dashboard_context(context["request"].user)
