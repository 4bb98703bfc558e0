"""Registry pages: the person list with live search, a person's dossier, and the review queue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cartel.engine.lifecycle import CAPTIVE, Role
from cartel.parties.models import Party
from cartel.parties.visibility import (
    NotVisible,
    access,
    candidate_pairs_visible_to,
    viewer_party,
    viewer_role,
)
from cartel.web.paging import CountedPaginator

from .dossier import person_dossier
from .models import Decision, PersonType
from .presenters import persons_parties, persons_with_medical, review_cards
from .selectors import PersonFilters, persons_page, persons_search, review_pairs_count, review_pairs_for
from .services import review_decide

PAGE_SIZE = 50
REVIEWERS = frozenset({Role.OPERATOR, Role.LEAD, Role.MEDIATOR, Role.LIAISON})


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def persons(request: HttpRequest) -> HttpResponse:
    """The registry: search in any script, filters, and keyset paging; htmx gets the result rows only."""
    query = request.GET.get("q", "").strip()[:200]
    filters = PersonFilters.from_params(request.GET)
    context: dict[str, Any] = {"query": query, "filters": filters}
    if query:
        hits = persons_search(viewer=request.user, query=query, filters=filters, limit=300)
        page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [hit.person for hit in page.object_list]
        context.update(
            hits=page.object_list, page=page, reasons={h.person.pk: h.reason for h in page.object_list}
        )
    else:
        listing = persons_page(
            viewer=request.user, filters=filters, after=_int(request.GET.get("after")), size=PAGE_SIZE
        )
        rows = listing.persons
        context.update(next_after=listing.next_after)
    context.update(
        rows=rows,
        parties_of=persons_parties(viewer=request.user, persons=rows),
        medical_ids=persons_with_medical(viewer=request.user, persons=rows),
        viewer_code=getattr(viewer_party(request.user), "code", ""),
    )
    if request.htmx:
        return render(request, "registry/partials/person_rows.html", context)
    context.update(
        statuses=CAPTIVE.states,
        party_codes=list(Party.objects.values_list("code", flat=True)),
        person_types=PersonType.choices,
    )
    return render(request, "registry/persons.html", context)


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's dossier; hidden and missing persons are both a 404."""
    try:
        dossier = person_dossier(viewer=request.user, person_id=person_id)
    except NotVisible as exc:
        raise Http404 from exc
    viewer_code = getattr(viewer_party(request.user), "code", "")
    return render(request, "registry/person.html", {"d": dossier, "viewer_code": viewer_code})


def _reviewer(request: HttpRequest) -> None:
    if viewer_role(request.user) not in REVIEWERS:
        raise PermissionDenied


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Candidate pairs the viewer may decide, the two records side by side with the model's explanation."""
    _reviewer(request)
    pairs = review_pairs_for(viewer=request.user)
    page = CountedPaginator(pairs, 20, count=review_pairs_count(viewer=request.user)).get_page(
        request.GET.get("page")
    )
    cards = review_cards(viewer=request.user, pairs=list(page.object_list))
    return render(request, "registry/review.html", {"page": page, "cards": cards})


@login_required
@require_POST
def review_decision(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Record accept / reject / unsure on a visible pair; htmx swaps the card for the outcome."""
    _reviewer(request)
    decision = request.POST.get("decision", "")
    if decision not in Decision.values:
        return HttpResponse(status=400)
    try:
        pair = access(candidate_pairs_visible_to(request.user), pair_id)
    except NotVisible as exc:
        raise Http404 from exc
    pair = review_decide(
        pair=pair, decision=decision, actor=request.user, reason=request.POST.get("reason", "")[:2000]
    )
    if not request.htmx:
        return redirect("review")
    return render(request, "registry/partials/decided.html", {"pair": pair, "decision": Decision(decision)})
