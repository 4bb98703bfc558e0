"""Documents of a stage (protocol and manifests as PDF/XLSX), the agreement's ledger page, the communiqués."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cartel.agreements.errors import Refused
from cartel.engine.ledger import EventKind, ledger_to_json
from cartel.parties.visibility import agreements_visible_to, stages_visible_to

from .charts import ledger_chart
from .ledger import agreement_ledger, agreement_series
from .models import Communique
from .web import visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def protocol_pdf(request: HttpRequest, stage_id: int) -> HttpResponse:
    """The stage protocol as PDF."""
    from cartel.documents.stage_protocol import stage_protocol_pdf

    stage = visible(stages_visible_to(request.user).select_related("agreement"), stage_id)
    pdf = stage_protocol_pdf(stage, request.user)
    return _download(pdf, "application/pdf", f"{stage.agreement.code}-stage-{stage.number}-protocol.pdf")


@login_required
def manifest(request: HttpRequest, stage_id: int, side: str, fmt: str) -> HttpResponse:
    """The manifest of one receiving side as PDF or XLSX."""
    from cartel.documents.stage_manifest import stage_manifest_pdf, stage_manifest_xlsx

    stage = visible(stages_visible_to(request.user).select_related("agreement"), stage_id)
    party = stage.agreement.parties.filter(code=side).first()
    if party is None:
        raise Http404
    name = f"{stage.agreement.code}-stage-{stage.number}-{party.code}"
    if fmt == "xlsx":
        data = stage_manifest_xlsx(stage, party, request.user)
        return _download(data, XLSX, f"{name}.xlsx")
    return _download(stage_manifest_pdf(stage, party, request.user), "application/pdf", f"{name}.pdf")


@login_required
def plan_left_out(request: HttpRequest, stage_id: int) -> HttpResponse:
    """Every candidate the stage's last plan left out, with the reason, as a spreadsheet (the mediator's)."""
    from cartel.documents.plan_left_out import plan_left_out_xlsx

    stage = visible(stages_visible_to(request.user).select_related("agreement"), stage_id)
    try:
        data = plan_left_out_xlsx(stage, request.user)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("stage", stage.pk)
    return _download(data, XLSX, f"{stage.agreement.code}-stage-{stage.number}-left-out.xlsx")


@login_required
def ledger(request: HttpRequest, code: str) -> HttpResponse:
    """An agreement's ledger: per category and side, with a chart of people exchanged over time."""
    agreement = agreements_visible_to(request.user).filter(code=code).first()
    if agreement is None:
        raise Http404
    book = agreement_ledger(agreement)
    context = {
        "agreement": agreement,
        "ledger": book,
        "data": ledger_to_json(book),
        "chart": ledger_chart(agreement_series(agreement)),
        "kinds": [k.value for k in EventKind],
        "stages": agreement.stages.filter(pk__in=stages_visible_to(request.user)).order_by("number"),
    }
    return render(request, "exchanges/ledger.html", context)


@login_required
def communiques(request: HttpRequest, stage_id: int) -> HttpResponse:
    """The communiqués issued about a stage, newest first, in every language."""
    stage = visible(stages_visible_to(request.user), stage_id)
    items = (
        Communique.objects.filter(stage=stage).select_related("issued_by").order_by("-issued_at", "language")
    )
    return render(request, "exchanges/communiques.html", {"stage": stage, "items": items})
