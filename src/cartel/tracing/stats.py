"""Figures and chart items for the inquiry pages and the dashboard panel."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cartel.engine.lifecycle import INQUIRY
from cartel.parties.visibility import inquiries_visible_to
from cartel.web.labels import status_label
from cartel.web.snapshots import figures_for

from .answers import inquiries_due_reminder
from .models import InquiryMatch, MatchStatus

ANSWERED = (
    "confirmed_alive_in_captivity",
    "confirmed_returned",
    "confirmed_deceased",
    "family_informed",
    "closed",
)
ENDED = ("closed", "withdrawn")
ANSWER_LABELS = {"alive_in_captivity": _("alive in captivity"), "returned": _("returned"),
                 "deceased": _("deceased"), "no_information": _("no information")}  # fmt: skip


def _days_to_answer(rows: list[tuple[Any, Any]]) -> list[float]:
    return [
        (answered - received).total_seconds() / 86400 for received, answered in rows if answered and received
    ]


def tracing_dashboard_context(viewer: Any) -> dict[str, Any]:
    """Inquiries open and answered, time to answer, by state and by answer, and the work waiting (computed once per
    change of the data for the viewer's party and role: `cartel.web.snapshots`)."""
    return figures_for(viewer)("tracing.dashboard", lambda: _tracing_figures(viewer))


def _tracing_figures(viewer: Any) -> dict[str, Any]:
    inquiries = inquiries_visible_to(viewer)
    counts = dict(inquiries.order_by().values_list("status").annotate(n=Count("pk")))
    answers = dict(inquiries.exclude(answer="").order_by().values_list("answer").annotate(n=Count("pk")))
    days = _days_to_answer(
        list(inquiries.filter(answered_at__isnull=False).values_list("received_at", "answered_at"))
    )
    answered = sum(counts.get(s, 0) for s in ANSWERED)
    return {
        "total": sum(counts.values()),
        "open": sum(n for s, n in counts.items() if s not in ANSWERED and s not in ENDED),
        "answered": answered,
        "median_days": round(statistics.median(days), 1) if days else None,
        "by_status": [(status_label(s), counts[s]) for s in INQUIRY.states if counts.get(s)],
        "by_answer": [(ANSWER_LABELS.get(k, k), v) for k, v in answers.items()],
        "suggestions": InquiryMatch.objects.filter(
            inquiry__in=inquiries, status=MatchStatus.SUGGESTED
        ).count(),
        "due": inquiries_due_reminder(inquiries=inquiries).count(),
    }
