"""The audit page: recent events the viewer may see, and the chain check run on demand."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cartel.engine.lifecycle import Role
from cartel.parties.visibility import audit_events_visible_to, viewer_role

from .services import audit_verify

PAGE_SIZE = 100
AUDITORS = frozenset({Role.LEAD, Role.MEDIATOR, Role.ADMIN})


def _auditor(request: HttpRequest) -> None:
    if viewer_role(request.user) not in AUDITORS:
        raise PermissionDenied


@login_required
def audit_index(request: HttpRequest) -> HttpResponse:
    """Newest events first, a hundred per page (keyset on the sequence number)."""
    _auditor(request)
    events = audit_events_visible_to(request.user).select_related("actor").order_by("-seq")
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(seq__lt=int(before))
    rows = list(events[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    context = {"events": rows, "next_before": rows[-1].seq if more and rows else None}
    return render(request, "audit/index.html", context)


@login_required
@require_POST
def audit_check(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain now and show whether it is intact (may take a while on a large log)."""
    _auditor(request)
    return render(request, "audit/partials/verify.html", {"result": audit_verify()})
