"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Event


def events_for(*, target_type: str, target_ids: list[str]) -> QuerySet[Event]:
    """Events about the given objects, newest first."""
    return Event.objects.filter(target_type=target_type, target_id__in=target_ids).order_by("-seq")
