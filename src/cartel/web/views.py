"""Web views of the shell: the dashboard of each role and its live panels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .panels import dashboard_extras, dashboard_panels

POLL_SECONDS = 5


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The viewer's dashboard: counts and charts of its role, refreshed every few seconds."""
    context = {
        "panels": dashboard_panels(viewer=request.user),
        "extras": dashboard_extras(viewer=request.user),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "web/dashboard.html", context)


@login_required
def dashboard_live(request: HttpRequest) -> HttpResponse:
    """The panels alone, for htmx polling."""
    context = {"panels": dashboard_panels(viewer=request.user), "poll_seconds": POLL_SECONDS}
    return render(request, "web/partials/panels.html", context)
