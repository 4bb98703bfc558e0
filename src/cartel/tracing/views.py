"""Inquiry pages: the list with reminders, intake, the suggestion queue, one inquiry with its answer and letters."""

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

from cartel.engine.lifecycle import INQUIRY
from cartel.parties.models import PartyKind
from cartel.parties.visibility import NotVisible, access, inquiries_visible_to, viewer_party
from cartel.transitions import StaleEdit, TransitionRefused
from cartel.web.paging import CountedPaginator

from . import answers
from .forms import EvidenceForm, IntakeForm, ReasonForm
from .models import InquiryMatch
from .services import inquiry_create, inquiry_match_refresh, matches_pending
from .stats import tracing_dashboard_context

REFUSALS = (TransitionRefused, StaleEdit, ValueError)


def _inquiry(request: HttpRequest, inquiry_id: int) -> Any:
    try:
        return access(
            inquiries_visible_to(request.user).select_related("party", "person", "remains"), inquiry_id
        )
    except NotVisible as exc:
        raise Http404 from exc


@login_required
def inquiries_index(request: HttpRequest) -> HttpResponse:
    """Inquiries of the viewer's party (or forwarded to the mediator), filtered by state or searched."""
    rows = inquiries_visible_to(request.user).select_related("person")
    status, query = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status:
        rows = rows.filter(status=status)
    if request.GET.get("due"):
        rows = answers.inquiries_due_reminder(inquiries=rows)
    if query:
        rows = rows.filter(Q(case_number__icontains=query) | Q(subject_name__icontains=query)
                           | Q(inquirer_name__icontains=query))  # fmt: skip
    figures = tracing_dashboard_context(request.user)
    if status or query or request.GET.get("due"):
        paginator = Paginator(rows, 50)
    else:  # all of them: the count is the dashboard's figure
        paginator = CountedPaginator(rows, 50, count=figures["total"])
    page = paginator.get_page(request.GET.get("page"))
    context = {**figures, "page": page, "status": status, "q": query, "states": INQUIRY.states}
    return render(request, "tracing/index.html", context)


@login_required
def tracing_dashboard(request: HttpRequest) -> HttpResponse:
    """The inquiries panel of the dashboard (refreshed by htmx)."""
    return render(request, "tracing/partials/dashboard_body.html", tracing_dashboard_context(request.user))


@login_required
def inquiry_new(request: HttpRequest) -> HttpResponse:
    """Intake of a family's inquiry; candidates are searched at once."""
    party = viewer_party(request.user)
    if party is None or party.kind != PartyKind.BELLIGERENT:
        raise Http404
    form = IntakeForm(request.POST or None, initial={"letter_language": party.language})
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = inquiry_create(party=party, actor=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            messages.error(request, str(exc))
        else:
            found = inquiry.matches.count()
            messages.success(request, _("Inquiry %(case)s registered; %(n)d possible matches.")
                             % {"case": inquiry.case_number, "n": found})  # fmt: skip
            return redirect("inquiry-detail", inquiry.pk)
    return render(request, "tracing/new.html", {"form": form})


@login_required
def inquiry_queue(request: HttpRequest) -> HttpResponse:
    """Every suggestion waiting for a decision, best first."""
    pending = matches_pending(inquiries=inquiries_visible_to(request.user))
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    return render(request, "tracing/queue.html", {"page": page})


@login_required
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(request, inquiry_id)
    context = {
        "inquiry": inquiry, "matches": inquiry.matches.select_related("person", "remains", "decided_by"),
        "letters": inquiry.letters.all(), "evidence_form": EvidenceForm(), "reason_form": ReasonForm(),
        "disclosed": answers.letter_disclosure(inquiry),
    }  # fmt: skip
    return render(request, "tracing/detail.html", context)


@login_required
@require_POST
def match_decide(request: HttpRequest, match_id: int, decision: str) -> HttpResponse:
    """Accept (with evidence) or reject (with a reason) one suggestion."""
    match = InquiryMatch.objects.filter(inquiry__in=inquiries_visible_to(request.user), pk=match_id).first()
    if match is None:
        raise Http404
    try:
        if decision == "accept":
            form = EvidenceForm(request.POST)
            if form.is_valid():
                answers.match_accept(match=match, actor=request.user, evidence=form.cleaned_data["evidence"])
        elif decision == "reject":
            form = ReasonForm(request.POST)
            if form.is_valid():
                answers.match_reject(match=match, actor=request.user, reason=form.cleaned_data["reason"])
        else:
            raise Http404
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("inquiry-detail", match.inquiry_id)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def inquiry_action(request: HttpRequest, inquiry_id: int, action: str) -> HttpResponse:
    """Forward, search again, answer "no information", tell the family, close or withdraw."""
    inquiry = _inquiry(request, inquiry_id)
    user = request.user
    reason = request.POST.get("reason", "") or request.POST.get("evidence", "")
    try:
        if action == "forward":
            answers.inquiry_forward(inquiry=inquiry, actor=user)
        elif action == "search":
            found = inquiry_match_refresh(inquiry=inquiry)
            messages.info(request, _("%(n)d new possible matches.") % {"n": len(found)})
        elif action == "no_information":
            answers.inquiry_no_information(inquiry=inquiry, actor=user, evidence=reason or "no record found")
        elif action == "inform":
            inquiry, pdf = answers.inquiry_inform_family(inquiry=inquiry, actor=user,
                                                         language=request.POST.get("language", ""))  # fmt: skip
            return _pdf(pdf, f"{inquiry.case_number}-letter.pdf")
        elif action == "letter":
            letter, pdf = answers.inquiry_letter(
                inquiry=inquiry, actor=user, language=request.POST.get("language", "")
            )
            return _pdf(pdf, f"{inquiry.case_number}-letter-{letter.language}.pdf")
        elif action == "close":
            answers.inquiry_close(inquiry=inquiry, actor=user, reason=reason)
        elif action == "withdraw":
            answers.inquiry_withdraw(inquiry=inquiry, actor=user, reason=reason or "withdrawn by the family")
        else:
            raise Http404
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("inquiry-detail", inquiry.pk)
