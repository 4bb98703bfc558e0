"""List version pages: a party's draft (add, remove, submit), a submitted version with its hash, reconciliation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cartel.engine.lifecycle import Role
from cartel.parties.visibility import (
    discrepancies_visible_to,
    persons_visible_to,
    stage_lists_visible_to,
    stages_visible_to,
    viewer_party,
    viewer_role,
)

from . import services as svc
from .models import DiscrepancyKind, Placement, Resolution
from .planning import stage_categories
from .reconcile import reconciliation_compute
from .web import REFUSALS, attempt, visible

SEARCH_LIMIT = 20
# What each kind of reconciliation row is called on the page:
KIND_LABELS = {"matched": gettext_lazy("matched"), **dict(DiscrepancyKind.choices)}


@login_required
def stage_draft(request: HttpRequest, stage_id: int) -> HttpResponse:
    """Open (or create) the viewer's party's draft for the stage (POST)."""
    stage = visible(stages_visible_to(request.user), stage_id)
    if request.method != "POST":
        return redirect("stage", stage.pk)
    try:
        draft = svc.list_draft_open(stage=stage, actor=request.user)
    except REFUSALS as exc:
        messages.error(request, str(exc))
        return redirect("stage", stage.pk)
    return redirect("stage-list", draft.pk)


@login_required
def stage_list(request: HttpRequest, list_id: int) -> HttpResponse:
    """One list version: its people as the party gave them; a draft of one's own can be edited and submitted."""
    version = visible(
        stage_lists_visible_to(request.user).select_related("stage__agreement", "party"), list_id
    )
    party = viewer_party(request.user)
    editable = not version.submitted and party is not None and version.party_id == party.pk
    query = request.GET.get("q", "").strip()
    found = []
    if editable and query:
        persons = persons_visible_to(request.user).filter(
            Q(search_text__icontains=query.casefold())
            | Q(display_name__icontains=query)
            | Q(latin_name__icontains=query)
        )
        found = list(persons.exclude(stage_entries__stage_list=version).order_by("surname")[:SEARCH_LIMIT])
    context = {
        "version": version,
        "stage": version.stage,
        "entries": version.entries.select_related("category", "placement").order_by(
            "side", "surname", "given_name"
        ),
        "editable": editable,
        "can_submit": editable and viewer_role(request.user) == Role.LEAD,
        "verified": svc.list_verify(version) if version.submitted else None,
        "query": query,
        "found": found,
        "categories": stage_categories(version.stage),
    }
    return render(request, "exchanges/list.html", context)


@login_required
def stage_list_add(request: HttpRequest, list_id: int) -> HttpResponse:
    """Put a person on one's own draft (POST: person, category)."""
    version = visible(stage_lists_visible_to(request.user), list_id)
    back = f"/stages/lists/{version.pk}/"
    if request.method != "POST":
        return redirect(back)
    person = visible(persons_visible_to(request.user), request.POST.get("person"))
    category = version.stage.agreement.categories.filter(pk=request.POST.get("category") or None).first()
    return attempt(request, lambda: svc.list_entry_add(stage_list=version, person=person, category=category,
                                                       actor=request.user), _("Added."), back)  # fmt: skip


@login_required
def stage_list_remove(request: HttpRequest, list_id: int, entry_id: int) -> HttpResponse:
    """Take a person off one's own draft (POST)."""
    version = visible(stage_lists_visible_to(request.user), list_id)
    entry = visible(version.entries.all(), entry_id)
    back = f"/stages/lists/{version.pk}/"
    if request.method != "POST":
        return redirect(back)
    return attempt(
        request, lambda: svc.list_entry_remove(entry=entry, actor=request.user), _("Removed."), back
    )


@login_required
def stage_list_submit(request: HttpRequest, list_id: int) -> HttpResponse:
    """Submit one's own draft to the mediator (POST); it is hashed and never changes again."""
    version = visible(stage_lists_visible_to(request.user), list_id)
    back = f"/stages/lists/{version.pk}/"
    if request.method != "POST":
        return redirect(back)
    return attempt(request, lambda: svc.list_submit(stage_list=version, actor=request.user),
                   _("Submitted. This version is now frozen."), back)  # fmt: skip


@login_required
def reconciliation(request: HttpRequest, stage_id: int) -> HttpResponse:
    """The mediator's comparison of the two latest submitted versions, and the discrepancies to resolve."""
    stage = visible(stages_visible_to(request.user), stage_id)
    if viewer_role(request.user) != Role.MEDIATOR:
        return render(
            request, "exchanges/reconciliation.html", {"stage": stage, "forbidden": True}, status=403
        )
    result = reconciliation_compute(stage)
    discrepancies = (
        discrepancies_visible_to(request.user)
        .filter(stage=stage)
        .select_related("placement__person", "placement__side", "substitute__person", "resolved_by")
    )
    open_placements = Placement.objects.filter(stage=stage, open_person__isnull=False).select_related(
        "person", "side"
    )
    context = {
        "stage": stage,
        "result": result,
        "matched": result.of_kind("matched"),
        "differing": [r for r in result.rows if r.kind != "matched"],
        "kind_labels": KIND_LABELS,
        "discrepancies": discrepancies,
        "resolutions": [(v, lbl) for v, lbl in Resolution.choices if v],
        "substitutes": open_placements,
    }
    return render(request, "exchanges/reconciliation.html", context)


@login_required
def discrepancy_resolve(request: HttpRequest, stage_id: int, discrepancy_id: int) -> HttpResponse:
    """Resolve one discrepancy (POST: resolution, reason, optional substitute)."""
    stage = visible(stages_visible_to(request.user), stage_id)
    item = visible(discrepancies_visible_to(request.user).filter(stage=stage), discrepancy_id)
    back = f"/stages/{stage.pk}/reconciliation/"
    if request.method != "POST":
        return redirect(back)
    substitute = Placement.objects.filter(stage=stage, pk=request.POST.get("substitute") or None).first()
    return attempt(request, lambda: svc.discrepancy_resolve(
        discrepancy=item, resolution=request.POST.get("resolution", ""), actor=request.user,
        reason=request.POST.get("reason", ""), substitute=substitute), _("Resolved."), back)  # fmt: skip
