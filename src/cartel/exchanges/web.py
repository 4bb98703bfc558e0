"""Small helpers of the exchange pages: find a visible object or 404, run a service and report its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from cartel.agreements.errors import Refused
from cartel.parties.visibility import NotVisible, access
from cartel.transitions import StaleEdit, TransitionRefused

REFUSALS = (Refused, TransitionRefused, StaleEdit)


def visible(queryset: QuerySet[Any], pk: Any) -> Any:
    """The object from a visibility queryset, or a 404 that looks the same as a missing one."""
    try:
        return access(queryset, pk)
    except NotVisible:
        raise Http404 from None


def attempt(request: HttpRequest, work: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service call; report success or the refusal's reason, then go back to `back`."""
    try:
        work()
    except REFUSALS as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, done)
    return redirect(back)
