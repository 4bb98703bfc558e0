"""Remains pages: the ledger and charts, batches (manifest, handover, receipt), bodies with their custody chain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cartel.agreements.models import Agreement
from cartel.engine.lifecycle import REMAINS
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import (
    NotVisible,
    access,
    persons_visible_to,
    reference_samples_visible_to,
    viewer_party,
)
from cartel.transitions import StaleEdit, TransitionRefused

from . import batches as batch_services
from . import services
from .forms import BatchForm, ConclusionForm, ManifestForm, ReceiveForm, ResolveForm, SampleForm
from .models import Discrepancy
from .selectors import batches_for, custody_chain, remains_for
from .stats import remains_dashboard_context

REFUSALS = (TransitionRefused, StaleEdit, ValueError)


def _access(queryset: Any, pk: int) -> Any:
    try:
        return access(queryset, pk)
    except NotVisible as exc:
        raise Http404 from exc


@login_required
def remains_index(request: HttpRequest) -> HttpResponse:
    """The ledger, counts and charts, batches, and the bodies (filtered by state or searched by code or name)."""
    bodies = remains_for(request.user)
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if status:
        bodies = bodies.filter(status=status)
    if query:
        bodies = bodies.filter(Q(code__icontains=query) | Q(name_on_record__icontains=query))
    figures = remains_dashboard_context(request.user)
    paginator = Paginator(bodies.order_by("code"), 50)
    if not (status or query):
        paginator.count = figures["total"]  # kept per change of the data: no second count over every body
    page = paginator.get_page(request.GET.get("page"))
    context = {**figures, "page": page, "status": status, "q": query,
               "batches": batches_for(request.user)[:20], "states": REMAINS.states}  # fmt: skip
    return render(request, "remains/index.html", context)


@login_required
def remains_dashboard(request: HttpRequest) -> HttpResponse:
    """The remains panel of the dashboard (refreshed by htmx)."""
    return render(request, "remains/partials/dashboard_body.html", remains_dashboard_context(request.user))


@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    party = viewer_party(request.user)
    if party is None or party.kind != PartyKind.BELLIGERENT:
        raise Http404
    receivers = Party.objects.filter(kind=PartyKind.BELLIGERENT).exclude(pk=party.pk)
    agreements = Agreement.objects.filter(parties=party)
    form = BatchForm(request.POST or None, receivers=receivers, agreements=agreements)
    if request.method == "POST" and form.is_valid():
        batch = batch_services.batch_create(sender=party, actor=request.user, **form.cleaned_data)
        return redirect("remains-batch", batch.pk)
    return render(request, "remains/batch_new.html", {"form": form})


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _access(batches_for(request.user), batch_id)
    party = viewer_party(request.user)
    bodies = Paginator(batch.remains.order_by("code"), 100).get_page(request.GET.get("page"))
    context = {
        "batch": batch, "bodies": bodies, "discrepancies": batch.discrepancies.select_related("remains"),
        "is_sender": party is not None and party.pk == batch.sender_id,
        "is_receiver": party is not None and party.pk == batch.receiver_id,
        "manifest_form": ManifestForm(), "receive_form": ReceiveForm(), "resolve_form": ResolveForm(),
        "reading": None,
    }  # fmt: skip
    return render(request, "remains/batch.html", context)


@login_required
@require_POST
def batch_action(request: HttpRequest, batch_id: int, action: str) -> HttpResponse:
    """Manifest upload, listing, handover, receipt and examination of a batch."""
    batch = _access(batches_for(request.user), batch_id)
    user = request.user
    try:
        if action == "manifest":
            form = ManifestForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                reading = batch_services.batch_import_manifest(batch=batch, data=upload.read(),
                                                               file_name=upload.name, actor=user)  # fmt: skip
                for issue in reading.errors[:20]:
                    messages.error(request, f"{_('Row')} {issue['row'] or '—'}: {issue['message']}")
                if not reading.errors:
                    messages.success(
                        request, _("%(n)d bodies added from the manifest.") % {"n": len(reading.rows)}
                    )
        elif action == "list":
            batch_services.batch_list(batch=batch, actor=user)
        elif action == "hand_over":
            batch_services.batch_hand_over(batch=batch, actor=user)
        elif action == "receive":
            form = ReceiveForm(request.POST)
            if form.is_valid():
                missing, mismatches, extra = form.parsed()
                batch_services.batch_receive(batch=batch, actor=user, missing=missing, mismatches=mismatches,
                                             extra_bodies=[{}] * extra)  # fmt: skip
        elif action == "examine":
            bodies = list(batch.remains.filter(status="received"))
            services.remains_examine(remains=bodies, actor=user)
        else:
            raise Http404
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("remains-batch", batch.pk)


@login_required
@require_POST
def discrepancy_resolve(request: HttpRequest, discrepancy_id: int) -> HttpResponse:
    batches = batches_for(request.user)
    issue = _access(Discrepancy.objects.filter(batch__in=batches), discrepancy_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            batch_services.discrepancy_resolve(discrepancy=issue, actor=request.user,
                                               resolution=form.cleaned_data["resolution"])  # fmt: skip
        except REFUSALS as exc:
            messages.error(request, str(exc))
    return redirect("remains-batch", issue.batch_id)


@login_required
def remains_detail(request: HttpRequest, remains_id: int) -> HttpResponse:
    body = _access(remains_for(request.user), remains_id)
    form = ConclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data.get("person_id"):
            person = persons_visible_to(request.user).filter(pk=data["person_id"]).first()
        result = services.ForensicResult(remains=body, conclusion=data["conclusion"], method=data["method"],
                                         evidence_ref=data["evidence_ref"], person=person,
                                         identified_name=data["identified_name"], notes=data["notes"])  # fmt: skip
        other = Party.objects.filter(kind=PartyKind.BELLIGERENT).exclude(pk=body.holding_party_id).first()
        try:
            services.remains_conclude(result=result, actor=request.user, other_party=other)
            return redirect("remains-detail", body.pk)
        except REFUSALS as exc:
            messages.error(request, str(exc))
    context = {"body": body, "chain": custody_chain(body), "results": body.identification_results.all(),
               "form": form}  # fmt: skip
    return render(request, "remains/detail.html", context)


@login_required
@require_POST
def remains_step(request: HttpRequest, remains_id: int, action: str) -> HttpResponse:
    """Family notified, released for burial, examined: one step on one body."""
    body = _access(remains_for(request.user), remains_id)
    steps = {
        "notify_family": services.remains_notify_family,
        "release_for_burial": services.remains_release_for_burial,
    }
    try:
        if action == "examine":
            services.remains_examine(remains=[body], actor=request.user)
        elif action in steps:
            steps[action](remains=body, actor=request.user, note=request.POST.get("note", ""))
        else:
            raise Http404
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("remains-detail", body.pk)


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    """Reference samples given by relatives, and the intake form."""
    party = viewer_party(request.user)
    if party is None or party.kind != PartyKind.BELLIGERENT:
        raise Http404
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_sample_create(party=party, actor=request.user, **form.cleaned_data)
            return redirect("remains-samples")
        except REFUSALS as exc:
            messages.error(request, str(exc))
    rows = reference_samples_visible_to(request.user)[:200]
    return render(request, "remains/samples.html", {"form": form, "samples": rows})
