"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditVerb, Event


def events_for(*, target_type: str, target_ids: list[str]) -> QuerySet[Event]:
    """Events about the given objects, newest first."""
    return Event.objects.filter(target_type=target_type, target_id__in=target_ids).order_by("-seq")


# Events that record access, not a change of the data (sign-ins, tokens, exports).
ACCESS_VERBS = (AuditVerb.LOGIN, AuditVerb.LOGIN_FAILED, AuditVerb.TOKEN, AuditVerb.EXPORTED)


def audit_head() -> tuple[int, str]:
    """The sequence number and hash of the latest event that changed data (sign-ins and exports left out): a stamp
    that moves with every audited change of the data."""
    row = Event.objects.exclude(verb__in=ACCESS_VERBS).order_by("-seq").values_list("seq", "hash").first()
    return (int(row[0]), str(row[1])) if row else (0, "")
