"""Downloads of the GC III documents made from the records: capture card, notification of death, NIB export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.documents.gc3_forms import capture_card_pdf, death_notice_pdf
from cartel.documents.gc3_nib_export import nib_export_xlsx
from cartel.parties.visibility import (
    NotVisible,
    access,
    medical_details_visible,
    persons_visible_to,
    viewer_party,
)

from .models import DeathNotification

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def capture_card(request: HttpRequest, person_id: int) -> HttpResponse:
    """The capture card (Annex IV B) of a visible captive; health only where medical details may be seen."""
    try:
        person = access(persons_visible_to(request.user).select_related("origin_party"), person_id)
    except NotVisible as exc:
        raise Http404 from exc
    pdf = capture_card_pdf(person=person, show_health=medical_details_visible(request.user, person),
                           language=request.GET.get("lang", ""))  # fmt: skip
    audit_record(actor=request.user, verb=AuditVerb.EXPORTED, target=person, summary="capture card")
    return _file(pdf, f"capture-card-{person.pk}.pdf", "application/pdf")


@login_required
def death_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    """A notification of death (Annex IV D) about a visible person."""
    notices = DeathNotification.objects.filter(person__in=persons_visible_to(request.user))
    try:
        notice = access(notices.select_related("person", "issued_by", "addressed_to"), notice_id)
    except NotVisible as exc:
        raise Http404 from exc
    pdf = death_notice_pdf(notice=notice, language=request.GET.get("lang", ""))
    audit_record(actor=request.user, verb=AuditVerb.EXPORTED, target=notice, summary="notification of death")
    return _file(pdf, f"{notice.number}.pdf", "application/pdf")


@login_required
def nib_export(request: HttpRequest) -> HttpResponse:
    """The Art. 122(4) particulars of every captive the viewer's party holds, as XLSX."""
    party = viewer_party(request.user)
    if party is None:
        raise Http404
    held = persons_visible_to(request.user).filter(holding_party=party).exclude(status="reported_missing")
    data, count = nib_export_xlsx(
        held.select_related("origin_party", "holding_party").prefetch_related("records")
    )
    audit_record(actor=request.user, verb=AuditVerb.EXPORTED, target_type="documents.nib_export", target_id=party.code,
                 summary=f"Art. 122(4) export: {count} persons")  # fmt: skip
    return _file(data, f"nib-art122-{party.code}.xlsx", XLSX)
