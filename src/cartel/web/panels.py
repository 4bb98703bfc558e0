"""The dashboard's panels for each role: live counts and chart data, all read through the visibility policy."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.engine.lifecycle import CAPTIVE, INQUIRY, REMAINS, STAGE, Lifecycle, Role
from cartel.parties.visibility import (
    audit_events_visible_to,
    inquiries_visible_to,
    members_visible_to,
    persons_visible_to,
    remains_batches_visible_to,
    remains_visible_to,
    source_lists_visible_to,
    stage_lists_visible_to,
    stages_visible_to,
    transit_care_visible_to,
    viewer_party,
    viewer_role,
)
from cartel.registry.selectors import review_pairs_count

from .labels import status_label
from .snapshots import Figures, figures_for

logger = logging.getLogger(__name__)
IMPORT_DAYS = 14
# Templates other areas may provide for the dashboard, included when they exist:
EXTRA_PARTIALS: dict[Role, tuple[str, ...]] = {
    Role.FORENSIC: ("remains/partials/dashboard.html",),
    Role.LIAISON: ("tracing/partials/dashboard.html",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Panel:
    """One dashboard tile: a number (`stat`) or a chart (`bar`, `donut`, `line`) of (label, count) items."""

    key: str
    title: Any
    kind: str
    value: int | None = None
    items: tuple[tuple[Any, int], ...] = ()
    link: str = ""


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _by_status(
    fig: Figures, name: str, qs: QuerySet[Any], lifecycle: Lifecycle
) -> tuple[tuple[Any, int], ...]:
    """Counts per state, in the lifecycle's order (states the table does not know come last)."""
    counts: dict[str, int] = fig(
        name, lambda: dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    )
    order = {s: i for i, s in enumerate(lifecycle.states)}
    keys = sorted(counts, key=lambda s: (order.get(s, len(order)), s))
    return tuple((status_label(s), counts[s]) for s in keys)


def _grouped(
    fig: Figures, name: str, qs: QuerySet[Any], field: str, label: Callable[[Any], Any] = str
) -> tuple[tuple[Any, int], ...]:
    rows: list[tuple[Any, int]] = fig(
        name, lambda: list(qs.order_by().values_list(field).annotate(n=Count("pk")).order_by(field))
    )
    return tuple((label(k) if k else "—", n) for k, n in rows)


def _imports_per_day(fig: Figures, lists: QuerySet[Any]) -> tuple[tuple[Any, int], ...]:
    """Rows imported per day over the last two weeks, days without imports included."""
    today = timezone.localdate()
    start = today - timedelta(days=IMPORT_DAYS - 1)
    rows = fig(
        f"imports:{start}",
        lambda: dict(
            lists.filter(created_at__date__gte=start)
            .order_by()
            .annotate(day=TruncDate("created_at"))
            .values_list("day")
            .annotate(n=Sum("row_count"))
        ),
    )
    days = (start + timedelta(days=i) for i in range(IMPORT_DAYS))
    return tuple((d.strftime("%d.%m"), int(rows.get(d) or 0)) for d in days)


def _bureau(user: Any, fig: Figures) -> Iterable[Panel]:
    party = viewer_party(user)
    persons = persons_visible_to(user)
    held = persons.filter(holding_party=party)
    ours = persons.filter(origin_party=party)
    lists = source_lists_visible_to(user).filter(owner=party)
    stage_lists = stage_lists_visible_to(user)
    held_status = _by_status(fig, "held_status", held, CAPTIVE)
    yield Panel(key="held", title=_("Captives we hold"), kind="stat", value=sum(n for _label, n in held_status),
                link=_url("persons"))  # fmt: skip
    yield Panel(key="review", title=_("Pairs awaiting review"), kind="stat",
                value=review_pairs_count(viewer=user), link=_url("review"))  # fmt: skip
    yield Panel(key="lists", title=_("Lists imported"), kind="stat", value=fig("lists", lists.count),
                link=_url("imports"))  # fmt: skip
    yield Panel(key="held_status", title=_("Our registry by status"), kind="bar",
                items=held_status)  # fmt: skip
    yield Panel(key="ours_status", title=_("Our people held by the other side"), kind="donut",
                items=_by_status(fig, "ours_status", ours, CAPTIVE))  # fmt: skip
    yield Panel(
        key="imports", title=_("Rows imported per day"), kind="line", items=_imports_per_day(fig, lists)
    )
    drafts, submitted, released = fig(
        "stage_lists",
        lambda: (
            stage_lists.filter(party=party, submitted_at__isnull=True).count(),
            stage_lists.filter(party=party, submitted_at__isnull=False).count(),
            stage_lists.exclude(party=party).count(),
        ),
    )
    yield Panel(
        key="stage_lists",
        title=_("Stage lists"),
        kind="bar",
        items=(
            (_("our drafts"), drafts),
            (_("our submitted lists"), submitted),
            (_("released by the other side"), released),
        ),
        link=_url("stages"),
    )


def _mediator(user: Any, fig: Figures) -> Iterable[Panel]:
    lists = source_lists_visible_to(user)
    yield Panel(key="persons", title=_("Persons on shared lists"), kind="stat",
                value=fig("persons", persons_visible_to(user).count), link=_url("persons"))  # fmt: skip
    yield Panel(key="review", title=_("Pairs awaiting review"), kind="stat",
                value=review_pairs_count(viewer=user), link=_url("review"))  # fmt: skip
    yield Panel(key="shared_lists", title=_("Lists shared with the mediator, by party"), kind="bar",
                items=_grouped(fig, "shared_lists", lists, "owner__code"))  # fmt: skip
    yield Panel(key="stage_lists", title=_("Stage lists submitted, by party"), kind="bar",
                items=_grouped(fig, "stage_lists", stage_lists_visible_to(user), "party__code"),
                link=_url("stages"))  # fmt: skip
    yield Panel(key="stages", title=_("Stages by status"), kind="donut",
                items=_by_status(fig, "stages", stages_visible_to(user), STAGE))  # fmt: skip


def _transit(user: Any, fig: Figures) -> Iterable[Panel]:
    care = transit_care_visible_to(user).filter(discharged_at__isnull=True)
    yield Panel(key="in_care", title=_("People in our care"), kind="stat", value=fig("in_care", care.count))
    yield Panel(key="fit", title=_("Fit to travel"), kind="stat",
                value=fig("fit", care.filter(fit_to_travel=True).count))  # fmt: skip
    yield Panel(key="triage", title=_("Triage"), kind="donut", items=_grouped(fig, "triage", care, "triage"))


def _forensic(user: Any, fig: Figures) -> Iterable[Panel]:
    remains = remains_visible_to(user)
    yield Panel(key="remains", title=_("Remains"), kind="stat", value=fig("remains", remains.count),
                link=_url("remains"))  # fmt: skip
    yield Panel(key="batches", title=_("Batches"), kind="stat",
                value=fig("batches", remains_batches_visible_to(user).count))  # fmt: skip
    yield Panel(key="remains_status", title=_("Remains by status"), kind="bar",
                items=_by_status(fig, "remains_status", remains, REMAINS))  # fmt: skip


def _liaison(user: Any, fig: Figures) -> Iterable[Panel]:
    inquiries = inquiries_visible_to(user)
    yield Panel(key="inquiries", title=_("Inquiries"), kind="stat", value=fig("inquiries", inquiries.count),
                link=_url("inquiries"))  # fmt: skip
    yield Panel(key="open", title=_("Open inquiries"), kind="stat",
                value=fig("open", inquiries.exclude(status__in=INQUIRY.final).count))  # fmt: skip
    yield Panel(key="inquiry_status", title=_("Inquiries by status"), kind="bar",
                items=_by_status(fig, "inquiry_status", inquiries, INQUIRY))  # fmt: skip


def _admin(user: Any, fig: Figures) -> Iterable[Panel]:
    members = members_visible_to(user)
    yield Panel(key="users", title=_("Users"), kind="stat",
                value=fig("users", members.filter(user__is_active=True).count))  # fmt: skip
    yield Panel(key="events", title=_("Audit events"), kind="stat",
                value=fig("events", audit_events_visible_to(user).count), link=_url("audit"))  # fmt: skip
    yield Panel(key="roles", title=_("Users by role"), kind="bar",
                items=_grouped(fig, "roles", members, "role", lambda r: str(r).replace("_", " ")))  # fmt: skip


PANELS: dict[Role, Callable[[Any, Figures], Iterable[Panel]]] = {
    Role.OPERATOR: _bureau,
    Role.LEAD: _bureau,
    Role.MEDIATOR: _mediator,
    Role.TRANSIT_MEDICAL: _transit,
    Role.FORENSIC: _forensic,
    Role.LIAISON: _liaison,
    Role.ADMIN: _admin,
}


def dashboard_panels(*, viewer: Any) -> list[Panel]:
    """The panels of the viewer's role (none for users without a membership); figures come from `snapshots`."""
    role = viewer_role(viewer)
    if role is None:
        return []
    return list(PANELS[role](viewer, figures_for(viewer)))


def dashboard_extras(*, viewer: Any) -> list[str]:
    """Dashboard templates of other areas for the viewer's role that exist in this installation."""
    role = viewer_role(viewer)
    found = []
    for name in EXTRA_PARTIALS.get(role, ()) if role else ():
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        except TemplateSyntaxError:
            logger.exception("dashboard partial %s is broken; left out", name)
            continue
        found.append(name)
    return found
