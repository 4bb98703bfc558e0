"""Stage pages: the index, a stage's overview with the actions its status allows, planning with live progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cartel.agreements.models import Agreement
from cartel.engine.lifecycle import Role
from cartel.jobs.models import Job, JobStatus
from cartel.jobs.services import job_create
from cartel.parties.models import Party, PartyKind
from cartel.parties.visibility import agreements_visible_to, stages_visible_to, viewer_party, viewer_role

from . import services as svc
from .communique import deferred
from .handover import handover_totals
from .models import Communique, Discrepancy, PlanExclusion, Stage, StageList
from .planning import reason_label
from .reconcile import sign_state
from .selectors import lists_of, stages_for
from .web import REFUSALS, attempt, visible

# action → (service call, needs a reason, message when done)
ACTIONS: dict[str, tuple[Any, bool, Any]] = {
    "adopt": (lambda s, u, r: svc.stage_plan_adopt(stage=s, actor=u), False, gettext_lazy("Plan adopted as draft lists.")),
    "reconcile": (lambda s, u, r: svc.stage_reconcile(stage=s, actor=u), False, gettext_lazy("Lists reconciled.")),
    "sign": (lambda s, u, r: svc.stage_sign(stage=s, actor=u), False, gettext_lazy("Signed.")),
    "schedule": (lambda s, u, r: svc.stage_schedule(stage=s, actor=u), False, gettext_lazy("Stage scheduled.")),
    "start_handover": (lambda s, u, r: svc.stage_start_handover(stage=s, actor=u), False,
                       gettext_lazy("Handover opened.")),
    "complete": (lambda s, u, r: svc.stage_complete(stage=s, actor=u, reason=r), False, gettext_lazy("Stage ended.")),
    "postpone": (lambda s, u, r: svc.stage_postpone(stage=s, actor=u, reason=r), True, gettext_lazy("Postponed.")),
    "resume": (lambda s, u, r: svc.stage_resume(stage=s, actor=u), False, gettext_lazy("Resumed.")),
    "cancel": (lambda s, u, r: svc.stage_cancel(stage=s, actor=u, reason=r), True, gettext_lazy("Cancelled.")),
    "communique": (lambda s, u, r: svc.communique_issue(stage=s, actor=u), False,
                   gettext_lazy("Communiqué issued.")),
}  # fmt: skip

MEDIATOR_ACTIONS: dict[str, tuple[str, ...]] = {
    "planned": ("postpone", "cancel"),
    "lists_submitted": ("reconcile", "postpone", "cancel"),
    "disputed": ("reconcile", "postpone", "cancel"),
    "lists_reconciled": ("sign", "schedule", "postpone", "cancel"),
    "scheduled": ("start_handover", "postpone", "cancel"),
    "in_progress": ("complete", "postpone"),
    "completed": ("communique",),
    "partial": ("communique",),
    "postponed": ("resume", "cancel"),
}
ACTION_LABELS = {
    "reconcile": gettext_lazy("Reconcile the lists"),
    "sign": gettext_lazy("Sign the reconciled list"),
    "schedule": gettext_lazy("Schedule the stage"),
    "start_handover": gettext_lazy("Open the handover"),
    "complete": gettext_lazy("End the handover"),
    "postpone": gettext_lazy("Postpone"),
    "resume": gettext_lazy("Resume"),
    "cancel": gettext_lazy("Cancel the stage"),
    "communique": gettext_lazy("Issue the communiqué"),
}
LEAD_ACTIONS: dict[str, tuple[str, ...]] = {
    "lists_reconciled": ("sign",),
    "completed": ("communique",),
    "partial": ("communique",),
}


class StageForm(forms.Form):
    agreement = forms.ModelChoiceField(queryset=Agreement.objects.none(), label=gettext_lazy("Agreement"))
    planned_date = forms.DateField(required=False, label=gettext_lazy("Planned date"),
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    handover_point = forms.CharField(required=False, label=gettext_lazy("Handover point"))
    transit_party = forms.ModelChoiceField(queryset=Party.objects.filter(kind=PartyKind.TRANSIT), required=False,
                                           label=gettext_lazy("Transit state"))  # fmt: skip
    transit_side = forms.ModelChoiceField(queryset=Party.objects.filter(kind=PartyKind.BELLIGERENT), required=False,
                                          label=gettext_lazy("Side whose returnees pass through transit"))  # fmt: skip
    capacity_per_side = forms.IntegerField(min_value=1, initial=300, label=gettext_lazy("Capacity per side"))
    stretcher_capacity_per_side = forms.IntegerField(min_value=0, initial=40,
                                                     label=gettext_lazy("Stretcher places per side"))  # fmt: skip


def _actions(stage: Stage, user: Any) -> list[tuple[str, Any]]:
    role = viewer_role(user)
    party = viewer_party(user)
    names: tuple[str, ...] = ()
    if role == Role.MEDIATOR and party is not None and party.pk == stage.agreement.mediator_id:
        names = MEDIATOR_ACTIONS.get(stage.status, ())
    elif role == Role.LEAD and party is not None and party.kind == PartyKind.BELLIGERENT:
        names = LEAD_ACTIONS.get(stage.status, ())
    return [(name, ACTION_LABELS[name]) for name in names]


@login_required
def stages(request: HttpRequest) -> HttpResponse:
    """Every stage the viewer may see; the mediator plans new ones here."""
    form = None
    if viewer_role(request.user) == Role.MEDIATOR:
        form = StageForm(request.POST or None)
        form.fields["agreement"].queryset = agreements_visible_to(request.user).filter(  # type: ignore[attr-defined]
            mediator=viewer_party(request.user)
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                stage = svc.stage_create(actor=request.user, **data)
            except REFUSALS as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Stage planned."))
                return redirect("stage", stage.pk)
    agreements = agreements_visible_to(request.user).order_by("-concluded_on")
    return render(request, "exchanges/index.html", {"stages": stages_for(request.user), "form": form,
                                                    "agreements": agreements})  # fmt: skip


@login_required
def stage(request: HttpRequest, stage_id: int) -> HttpResponse:
    """A stage at a glance: status, plan, list versions, signatures, counts, documents and the next steps."""
    obj = visible(stages_for(request.user), stage_id)
    party = viewer_party(request.user)
    plan = obj.plan or {}
    job = (
        Job.objects.filter(kind="stage_plan", params__stage_id=obj.pk, party=party)
        .order_by("-created_at")
        .first()
    )
    context = {
        "stage": obj,
        "lists": lists_of(obj, request.user).order_by("party__code", "-version"),
        "has_lists": StageList.objects.filter(stage=obj).exists(),
        "actions": _actions(obj, request.user),
        "needs_reason": {name for name, (_f, reason, _m) in ACTIONS.items() if reason} | {"complete"},
        "plan": plan,
        "plan_excluded": plan_left_out_head(obj, request.user, plan),
        "plan_reasons": [(reason_label(code), n) for code, n in plan.get("excluded_by_reason", {}).items()],
        "job": job if job and job.status in (JobStatus.QUEUED, JobStatus.RUNNING) else None,
        "signatures": sign_state(obj) if obj.reconciled_hash else [],
        "totals": handover_totals(obj),
        "open_discrepancies": Discrepancy.objects.filter(stage=obj, resolution="").count(),
        "communiques": Communique.objects.filter(stage=obj).order_by("-issued_at", "language")[:3],
        "deferred": deferred(obj),
        "is_mediator": viewer_role(request.user) == Role.MEDIATOR,
        "is_bureau": viewer_role(request.user) in (Role.OPERATOR, Role.LEAD),
        "sides": list(obj.agreement.parties.order_by("code")),
    }
    return render(request, "exchanges/stage.html", context)


LEFT_OUT_SHOWN = 50  # exclusions listed on the stage page; the spreadsheet has them all


def plan_left_out_head(stage: Stage, viewer: Any, plan: dict[str, Any]) -> list[PlanExclusion]:
    """The first exclusions of the plan, for the mediator's planner card (nobody else sees that card)."""
    if not plan.get("excluded_count") or viewer_role(viewer) != Role.MEDIATOR or stage.status != "planned":
        return []
    return list(PlanExclusion.objects.filter(stage=stage).order_by("pk")[:LEFT_OUT_SHOWN])


@login_required
def stage_action(request: HttpRequest, stage_id: int, action: str) -> HttpResponse:
    """Run one step of the stage (POST): reconcile, sign, schedule, open the handover, end, postpone…"""
    obj = visible(stages_visible_to(request.user), stage_id)
    if request.method != "POST" or action not in ACTIONS:
        return redirect("stage", obj.pk)
    call, needs_reason, done = ACTIONS[action]
    reason = request.POST.get("reason", "").strip()
    if needs_reason and not reason:
        messages.error(request, _("Give a reason."))
        return redirect("stage", obj.pk)
    return attempt(request, lambda: call(obj, request.user, reason), str(done), f"/stages/{obj.pk}/")


@login_required
def stage_plan(request: HttpRequest, stage_id: int) -> HttpResponse:
    """Start the planner in the background (POST); the stage page then shows its progress."""
    obj = visible(stages_visible_to(request.user), stage_id)
    if request.method == "POST":
        if viewer_role(request.user) != Role.MEDIATOR:
            messages.error(request, _("Only the mediator plans a stage."))
        else:
            from .tasks import stage_plan_job_run

            job = job_create(kind="stage_plan", actor=request.user, party=viewer_party(request.user),
                             params={"stage_id": obj.pk})  # fmt: skip
            result = stage_plan_job_run.enqueue(job.pk)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return redirect("stage", obj.pk)


@login_required
def stage_plan_progress(request: HttpRequest, stage_id: int, job_id: int) -> HttpResponse:
    """The planning job's progress bar, polled by htmx until it ends."""
    obj = visible(stages_visible_to(request.user), stage_id)
    job = visible(Job.objects.filter(kind="stage_plan", party=viewer_party(request.user), params__stage_id=obj.pk),
                  job_id)  # fmt: skip
    finished = job.status in (JobStatus.DONE, JobStatus.FAILED)
    return render(request, "exchanges/plan_progress.html", {"job": job, "stage": obj, "finished": finished})
