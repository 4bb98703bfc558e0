"""Agreement pages: the agreements one's party is in; one agreement's categories, commissions, examinations,
consent to record and the people held back by judicial proceedings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cartel.parties.visibility import (
    NotVisible,
    access,
    agreements_visible_to,
    commissions_visible_to,
    examinations_visible_to,
    persons_visible_to,
    viewer_party,
)
from cartel.transitions import StaleEdit, TransitionRefused

from . import services
from .errors import Refused
from .models import Agreement, ExamDecision, Proposer

REFUSALS = (Refused, TransitionRefused, StaleEdit)


def _agreement(user: Any, code: str) -> Agreement:
    agreement = agreements_visible_to(user).filter(code=code).first()
    if agreement is None:
        raise Http404
    return agreement


def _visible(queryset: Any, pk: Any) -> Any:
    try:
        return access(queryset, pk)
    except NotVisible:
        raise Http404 from None


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    """The agreements the viewer's party is party to or mediates."""
    rows = (
        agreements_visible_to(request.user)
        .prefetch_related("categories", "parties")
        .order_by("-concluded_on")
    )
    return render(request, "agreements/index.html", {"agreements": rows})


@login_required
def agreement(request: HttpRequest, code: str) -> HttpResponse:
    """One agreement: its rules, stages, medical commissions, examinations, consent and holds."""
    obj = _agreement(request.user, code)
    party = viewer_party(request.user)
    persons = persons_visible_to(request.user)
    held = persons.filter(holding_party=party) if party else persons.none()
    context = {
        "agreement": obj,
        "categories": obj.categories.all(),
        "stages": obj.stages.order_by("number"),
        "commissions": commissions_visible_to(request.user).prefetch_related("members", "approvals__party"),
        "examinations": examinations_visible_to(request.user).select_related("person", "commission")[:200],
        "awaiting_consent": held.filter(status="eligible", seriously_wounded=True, consent__isnull=True)[
            :200
        ],
        "held_back": persons.filter(judicial_hold=True).prefetch_related("judicial_holds")[:200],
        "decisions": [(v, lbl) for v, lbl in ExamDecision.choices if v],
        "proposers": Proposer.choices,
    }
    return render(request, "agreements/agreement.html", context)


def _attempt(request: HttpRequest, work: Any, done: str, code: str) -> HttpResponse:
    try:
        work()
    except REFUSALS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("agreement", code)


@login_required
def consent(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """Record a prisoner's consent or refusal before a witness (POST: given, witness)."""
    _agreement(request.user, code)
    person = _visible(persons_visible_to(request.user), person_id)
    if request.method != "POST":
        return redirect("agreement", code)
    given = request.POST.get("given") == "yes"
    return _attempt(request, lambda: services.consent_record(person=person, given=given, actor=request.user,
                                                             witness=request.POST.get("witness", "")),
                    _("Recorded."), code)  # fmt: skip


@login_required
def examination_decide(request: HttpRequest, code: str, exam_id: int) -> HttpResponse:
    """Record an examination's decision (POST: decision, annex_category, commission or manifest)."""
    _agreement(request.user, code)
    exam = _visible(examinations_visible_to(request.user), exam_id)
    if request.method != "POST":
        return redirect("agreement", code)
    data = request.POST
    commission = commissions_visible_to(request.user).filter(pk=data.get("commission") or None).first()
    return _attempt(request, lambda: services.examination_decide(
        examination=exam, decision=data.get("decision", ""), actor=request.user, commission=commission,
        annex_category=data.get("annex_category", ""), manifest=data.get("manifest") == "on"),
        _("Decision recorded."), code)  # fmt: skip


@login_required
def examination_propose(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """Propose a prisoner for examination (POST: proposer)."""
    _agreement(request.user, code)
    person = _visible(persons_visible_to(request.user), person_id)
    if request.method != "POST":
        return redirect("agreement", code)
    return _attempt(request, lambda: services.examination_propose(
        person=person, proposer=request.POST.get("proposer", Proposer.DETAINING_DOCTOR), actor=request.user),
        _("Proposed for examination."), code)  # fmt: skip


@login_required
def commission_approve(request: HttpRequest, code: str, commission_id: int) -> HttpResponse:
    """Approve a commission's members for one's party (POST, a bureau lead)."""
    _agreement(request.user, code)
    commission = _visible(commissions_visible_to(request.user), commission_id)
    if request.method != "POST":
        return redirect("agreement", code)
    return _attempt(request, lambda: services.commission_approve(commission=commission, actor=request.user),
                    _("Approved."), code)  # fmt: skip
