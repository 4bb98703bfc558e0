"""Reads for the exchange pages and the API; every queryset starts from the visibility policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from cartel.engine.lifecycle import Role
from cartel.parties.models import PartyKind
from cartel.parties.visibility import (
    home_pathways_visible_to,
    placements_visible_to,
    stage_lists_visible_to,
    stages_visible_to,
    transit_board_visible_to,
    viewer_party,
    viewer_role,
)

from .models import HomePathway, Placement, PlacementStatus, Stage, StageList, TransitCare, Triage

# Board order: people not yet triaged (to be seen now), then from immediate to minor:
TRIAGE_ORDER = (Triage.NONE, Triage.IMMEDIATE, Triage.URGENT, Triage.DELAYED, Triage.MINOR)


def _placements_counted(where: Q) -> Coalesce:
    """How many placements of the outer stage match `where` (a subquery: no join that repeats the stage's row)."""
    rows = Placement.objects.filter(where, stage=OuterRef("pk")).order_by().values("stage")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def stages_for(viewer: Any) -> QuerySet[Stage]:
    """Visible stages, newest agreement first, with open and handed-over counts.

    The adopted plan (its reasons for every candidate left out: tens of MB for a stage drawn from a million persons)
    is read only when asked for; counting through a join grouped the stage's row, plan and all, once per placement.
    """
    return (
        stages_visible_to(viewer)
        .defer("plan")
        .select_related("agreement", "transit_party", "transit_side")
        .annotate(
            people=_placements_counted(~Q(status=PlacementStatus.WITHDRAWN)),
            crossed=_placements_counted(Q(status=PlacementStatus.HANDED_OVER)),
        )
        .order_by("-agreement__concluded_on", "agreement__code", "number")
    )


def lists_of(stage: Stage, viewer: Any) -> QuerySet[StageList]:
    """The list versions of a stage the viewer may see."""
    return stage_lists_visible_to(viewer).filter(stage=stage).select_related("party", "submitted_by")


def placements_of(stage: Stage, viewer: Any) -> QuerySet[Placement]:
    """The placements of a stage the viewer may see, with person, side and category."""
    return (
        placements_visible_to(viewer)
        .filter(stage=stage)
        .select_related("person", "side", "category", "identity_confirmed_by")
        .order_by("side__code", "category__code", "person__surname", "person__given_name", "pk")
    )


def awaiting_handover(stage: Stage, viewer: Any) -> QuerySet[Placement]:
    """People still to cross, stretcher cases and the most urgent first: a party sees those it receives."""
    rows = (
        placements_of(stage, viewer)
        .filter(status=PlacementStatus.SCHEDULED)
        .order_by("-stretcher", "-priority", "person__surname", "pk")
    )
    party = viewer_party(viewer)
    if party is not None and party.kind == PartyKind.BELLIGERENT:
        rows = rows.filter(side=party)
    return rows


def transit_board(viewer: Any) -> QuerySet[TransitCare]:
    """The transit state's board: people in its care, most urgent first."""
    return (
        transit_board_visible_to(viewer)
        .select_related("person", "stage__agreement")
        .annotate(
            urgency=Case(
                *(When(triage=t, then=Value(i)) for i, t in enumerate(TRIAGE_ORDER)),
                default=Value(len(TRIAGE_ORDER)),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "arrived_at")
    )


def home_arrivals(viewer: Any) -> QuerySet[Placement]:
    """People handed over to the viewer's party whose arrival home is not yet recorded."""
    party = viewer_party(viewer)
    if (
        party is None
        or party.kind != PartyKind.BELLIGERENT
        or viewer_role(viewer) not in (Role.OPERATOR, Role.LEAD)
    ):
        return Placement.objects.none()
    arrived = HomePathway.objects.filter(person_id__in=placements_visible_to(viewer).values("person_id"))
    return (
        placements_visible_to(viewer)
        .filter(side=party, status=PlacementStatus.HANDED_OVER)
        .exclude(person_id__in=arrived.values("person_id"))
        .select_related("person", "stage__agreement", "category")
        .order_by("-handed_over_at")
    )


def home_pathways(viewer: Any) -> QuerySet[HomePathway]:
    """The viewer's party's returnees on their way home."""
    return (
        home_pathways_visible_to(viewer)
        .select_related("person", "stage__agreement")
        .order_by("step", "-arrived_at")
    )
