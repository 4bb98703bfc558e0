"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Event


def events_for(*, target_type: str, target_ids: list[str]) -> QuerySet[Event]:
    """Events about the given objects, newest first."""
    return Event.objects.filter(target_type=target_type, target_id__in=target_ids).order_by("-seq")


def audit_head() -> tuple[int, str]:
    """The sequence number and hash of the latest event: a stamp that changes with every audited change."""
    from .models import ChainHead

    row = ChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    return (int(row[0]), str(row[1])) if row else (0, "")
