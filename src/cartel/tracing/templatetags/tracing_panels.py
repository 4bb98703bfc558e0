"""The inquiries panel for the dashboard, rendered for the signed-in user."""

from __future__ import annotations

from typing import Any

from django import template

from cartel.tracing.stats import tracing_dashboard_context

register = template.Library()


@register.inclusion_tag("tracing/partials/dashboard_body.html", takes_context=True)
def tracing_panel(context: Any) -> dict[str, Any]:
    """Inquiries open and answered, time to answer, suggestions and reminders, for `request.user`."""
    return tracing_dashboard_context(context["request"].user)
