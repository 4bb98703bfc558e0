"""The handover point (tablet), the transit state's medical board, and the home side's pathway board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartel.engine.lifecycle import Role
from cartel.parties.visibility import placements_visible_to, stages_visible_to, viewer_party, viewer_role

from . import services as svc
from .handover import handover_counts, handover_totals
from .models import PathwayStep, PsychSupport, Triage
from .selectors import awaiting_handover, home_arrivals, home_pathways, placements_of, transit_board
from .web import REFUSALS, attempt, visible

POLL_SECONDS = 3


def _counts_context(stage: object) -> dict[str, object]:
    return {"stage": stage, "counts": handover_counts(stage), "totals": handover_totals(stage),  # type: ignore[arg-type]
            "poll_seconds": POLL_SECONDS}  # fmt: skip


@login_required
def handover(request: HttpRequest, stage_id: int) -> HttpResponse:
    """The handover page: live counts, and each person still to cross with a button to confirm them."""
    stage = visible(stages_visible_to(request.user).select_related("agreement"), stage_id)
    query = request.GET.get("q", "").strip()
    waiting = awaiting_handover(stage, request.user)
    if query:
        waiting = waiting.filter(
            Q(person__display_name__icontains=query) | Q(person__latin_name__icontains=query)
        )
    crossed = placements_of(stage, request.user).filter(status="handed_over").order_by("-handed_over_at")[:20]
    context = {
        **_counts_context(stage),
        "waiting": waiting[:200],
        "crossed": crossed,
        "query": query,
        "party": viewer_party(request.user),
        "is_mediator": viewer_role(request.user) == Role.MEDIATOR,
        "open": stage.status == "in_progress",
    }
    return render(request, "exchanges/handover.html", context)


@login_required
def handover_live(request: HttpRequest, stage_id: int) -> HttpResponse:
    """The live counts alone, for htmx polling."""
    stage = visible(stages_visible_to(request.user), stage_id)
    return render(request, "exchanges/partials/handover_counts.html", _counts_context(stage))


@login_required
def handover_confirm(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The receiving side confirms one person across (POST); with htmx only the row is replaced."""
    placement = visible(
        placements_visible_to(request.user).select_related("stage", "person", "side"), placement_id
    )
    if request.method != "POST":
        return redirect("stage-handover", placement.stage_id)
    error = ""
    try:
        placement = svc.handover_confirm(placement=placement, actor=request.user)
    except REFUSALS as exc:
        error = str(exc)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"p": placement, "error": error, "open": True, "party": viewer_party(request.user)}
        return render(request, "exchanges/partials/handover_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("stage-handover", placement.stage_id)


@login_required
def handover_hold_back(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The mediator records that a person will not cross at this stage (POST: reason)."""
    placement = visible(placements_visible_to(request.user), placement_id)
    back = f"/stages/{placement.stage_id}/handover/"
    if request.method != "POST":
        return redirect(back)
    return attempt(request, lambda: svc.handover_hold_back(placement=placement, actor=request.user,
                                                           reason=request.POST.get("reason", "")),
                   _("Recorded as not crossing."), back)  # fmt: skip


@login_required
def transit(request: HttpRequest) -> HttpResponse:
    """The transit state's medical board: only its staff, only the people in its care."""
    board = transit_board(request.user)
    if viewer_role(request.user) != Role.TRANSIT_MEDICAL:
        return render(request, "exchanges/transit.html", {"forbidden": True}, status=403)
    context = {"board": board, "triage": Triage.choices, "psych": PsychSupport.choices}
    return render(request, "exchanges/transit.html", context)


@login_required
def transit_update(request: HttpRequest, care_id: int) -> HttpResponse:
    """Admit, update or discharge one person in care (POST: action, fields, version)."""
    care = visible(transit_board(request.user), care_id)
    if request.method != "POST":
        return redirect("transit")
    action = request.POST.get("action", "update")
    data = request.POST
    try:
        if action == "admit":
            svc.transit_admit(care=care, actor=request.user, triage=data.get("triage", ""))
        elif action == "discharge":
            svc.transit_discharge(care=care, actor=request.user, discharged_to=data.get("discharged_to", ""))
        else:
            svc.transit_update(care=care, actor=request.user, expected_version=int(data.get("version") or care.version),
                               triage=data.get("triage", ""), psych_support=data.get("psych_support", ""),
                               fit_to_travel=data.get("fit_to_travel") == "on", notes=data.get("notes", ""))  # fmt: skip
    except REFUSALS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("transit")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home side's board: arrivals to record, and each returnee's pathway to closure."""
    context = {
        "arrivals": home_arrivals(request.user)[:200],
        "pathways": home_pathways(request.user)[:500],
        "steps": [(v, lbl) for v, lbl in PathwayStep.choices if v != PathwayStep.ARRIVED],
    }
    return render(request, "exchanges/home.html", context)


@login_required
def home_arrive(request: HttpRequest, placement_id: int) -> HttpResponse:
    """Record a returnee's arrival home (POST: facility)."""
    placement = visible(placements_visible_to(request.user), placement_id)
    if request.method != "POST":
        return redirect("home-board")
    return attempt(request, lambda: svc.home_arrive(placement=placement, actor=request.user,
                                                    facility=request.POST.get("facility", "")),
                   _("Arrival recorded."), "/stages/home/")  # fmt: skip


@login_required
def home_step(request: HttpRequest, pathway_id: int) -> HttpResponse:
    """Move a returnee's pathway on (POST: step, facility, notes, art117_notice)."""
    from cartel.parties.visibility import home_pathways_visible_to

    pathway = visible(home_pathways_visible_to(request.user), pathway_id)
    if request.method != "POST":
        return redirect("home-board")
    data = request.POST
    return attempt(request, lambda: svc.home_step(pathway=pathway, step=data.get("step", ""), actor=request.user,
                                                  facility=data.get("facility", ""), notes=data.get("notes", ""),
                                                  art117_notice=data.get("art117_notice") == "on"),
                   _("Saved."), "/stages/home/")  # fmt: skip
