"""Human labels for lifecycle states, in every interface language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

STATUS_LABELS: dict[str, Any] = {
    # captive
    "reported_missing": _("reported missing"),
    "captured": _("captured"),
    "registered": _("registered"),
    "notified": _("notified"),
    "interned": _("interned"),
    "proposed_for_examination": _("proposed for examination"),
    "medically_assessed": _("medically assessed"),
    "eligible": _("eligible"),
    "consent_recorded": _("consent recorded"),
    "declined": _("declined repatriation"),
    "listed": _("listed"),
    "list_disputed": _("list disputed"),
    "matched": _("matched"),
    "scheduled": _("scheduled"),
    "handed_over": _("handed over"),
    "in_transit_care": _("in transit care"),
    "repatriated": _("repatriated"),
    "medical_pathway": _("medical pathway"),
    "closed": _("closed"),
    "accommodated_neutral": _("accommodated in a neutral country"),
    "deceased": _("deceased"),
    "escaped": _("escaped"),
    "released_other": _("released otherwise"),
    # remains
    "recovered": _("recovered"),
    "recorded": _("recorded"),
    "buried": _("buried"),
    "in_storage": _("in storage"),
    "exhumed": _("exhumed"),
    "listed_for_repatriation": _("listed for repatriation"),
    "received": _("received"),
    "forensic_examination": _("forensic examination"),
    "identified": _("identified"),
    "unidentified": _("unidentified"),
    "not_own_national": _("not own national"),
    "family_notified": _("family notified"),
    "released_for_burial": _("released for burial"),
    # inquiry
    "submitted": _("submitted"),
    "request_sent": _("request sent"),
    "pending": _("pending"),
    "match_proposed": _("match proposed"),
    "confirmed_alive_in_captivity": _("confirmed alive in captivity"),
    "confirmed_returned": _("confirmed returned"),
    "confirmed_deceased": _("confirmed deceased"),
    "family_informed": _("family informed"),
    "suspended": _("suspended"),
    "reopened": _("reopened"),
    "withdrawn": _("withdrawn"),
    # stage
    "planned": _("planned"),
    "lists_submitted": _("lists submitted"),
    "lists_reconciled": _("lists reconciled"),
    "disputed": _("disputed"),
    "in_progress": _("in progress"),
    "completed": _("completed"),
    "partial": _("partially completed"),
    "published": _("published"),
    "postponed": _("postponed"),
    "cancelled": _("cancelled"),
}


def status_label(status: str) -> Any:
    """The translated label of a lifecycle state; unknown states are shown with spaces for underscores."""
    return STATUS_LABELS.get(status, status.replace("_", " "))


ROLE_LABELS: dict[str, Any] = {
    "operator": _("bureau operator"),
    "lead": _("bureau lead"),
    "mediator": _("mediator"),
    "transit_medical": _("transit medical staff"),
    "forensic": _("forensic officer"),
    "liaison": _("family liaison"),
    "admin": _("administrator"),
}


def role_label(role: str) -> Any:
    """The translated name of a role."""
    return ROLE_LABELS.get(role, role.replace("_", " "))
