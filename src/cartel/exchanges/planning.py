"""The planner in the app: the real pool of a stage's agreement, the HiGHS plan, and its adoption as draft lists.

`stage_pool` turns the persons the mediator sees into planner candidates (side, category, priority, ready, consent,
stretcher); `stage_plan_run` solves with `cartel.engine.planning` and keeps the result on the stage;
`stage_plan_adopt` turns the selected people into one draft list version per party.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cartel import conf
from cartel.agreements.eligibility import LISTABLE_STATES, candidate_priority, category_fit
from cartel.agreements.errors import Refused
from cartel.agreements.models import Category, ExamDecision, Examination, Rule
from cartel.agreements.services import hold_blocks
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import allocate_ids, insert_rows
from cartel.engine.planning import ReasonCode, load_pool, plan, plan_to_json
from cartel.parties.visibility import custody_visible_to, persons_visible_to
from cartel.registry.models import Person

from .common import agreement_sides, require_mediator
from .lists import draft_create, entries_add
from .models import LedgerEntry, LedgerKind, Placement, PlacementStatus, PlanExclusion, Stage, StageList

Progress = Callable[[int, int | None, str], None]
# Captive states that make someone a candidate: listable ones, and those that are not ready yet or refused.
POOL_STATES = (*LISTABLE_STATES, "interned", "medically_assessed", "declined")


def stage_categories(stage: Stage) -> list[Category]:
    """The categories of people planned in the stage: its own choice, or every category of the agreement."""
    chosen = list(stage.categories.filter(for_remains=False))
    if not chosen:
        chosen = list(stage.agreement.categories.filter(for_remains=False))
    return sorted(chosen, key=_specificity)


def _specificity(category: Category) -> tuple[bool, bool, bool, int, str]:
    """Medical categories first, then those with an age or person-type rule, then quota-free ones."""
    narrow = category.age_min is not None or category.age_max is not None or bool(category.person_type)
    return (
        not category.requires_medical,
        not narrow,
        category.rule == Rule.N_FOR_N,
        -category.priority,
        category.code,
    )


def _quota_used(stage: Stage, categories: list[Category]) -> dict[tuple[str, str], int]:
    used: Counter[tuple[str, str]] = Counter()
    codes = {c.pk: c.code for c in categories if c.rule == Rule.N_FOR_N}
    exchanged = LedgerEntry.objects.filter(
        agreement=stage.agreement, kind=LedgerKind.EXCHANGED, category_id__in=codes
    )
    for side, category_id, count in exchanged.exclude(stage=stage).values_list(
        "side", "category_id", "count"
    ):
        used[side, codes[category_id]] += count
    elsewhere = Placement.objects.filter(stage__agreement=stage.agreement, category_id__in=codes,
                                         open_person__isnull=False).exclude(stage=stage)  # fmt: skip
    for side, category_id in elsewhere.exclude(status=PlacementStatus.HANDED_OVER).values_list(
        "side__code", "category_id"
    ):
        used[side, codes[category_id]] += 1
    return dict(used)


def _category_json(category: Category, sides: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": category.code, "rule": category.rule}
    if category.rule == Rule.N_FOR_N and category.quota is not None:
        data["quota_remaining"] = category.quota
    if category.rule == Rule.UNILATERAL and category.unilateral_side_id:
        receivers = [code for pk, code in sides.items() if pk != category.unilateral_side_id]
        if receivers:
            data["side"] = receivers[0]  # the planner counts sides as the side a person returns to
    return data


def stage_pool(
    stage: Stage, viewer: Any, on_progress: Progress | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the planner pool (DESIGN.md format) of the stage and, per candidate id, its category code."""
    categories = stage_categories(stage)
    sides = {p.pk: p.code for p in agreement_sides(stage.agreement)}
    persons = (
        persons_visible_to(viewer)
        .filter(holding_party_id__in=sides, origin_party_id__in=sides, status__in=POOL_STATES)
        .exclude(holding_party_id=F("origin_party_id"))
        .order_by("pk")
    )
    total = persons.count()
    decided = set(
        Examination.objects.filter(decision=ExamDecision.REPATRIATE).values_list("person_id", flat=True)
    )
    elsewhere = set(Placement.objects.filter(open_person__isnull=False).exclude(stage=stage)
                    .values_list("person_id", flat=True))  # fmt: skip
    since = dict(custody_visible_to(viewer).values("person_id").annotate(first=Min("since"))
                 .values_list("person_id", "first"))  # fmt: skip
    today = stage.planned_date or timezone.localdate()
    candidates: list[dict[str, Any]] = []
    chosen: dict[str, str] = {}
    for i, person in enumerate(persons.iterator(chunk_size=2000)):
        if on_progress and i % 500 == 0:
            on_progress(i, total, _("reading the pool"))
        category = next(
            (
                c
                for c in categories
                if category_fit(person, c, repatriation_decided=person.pk in decided) is None
            ),
            None,
        )
        if category is None:
            continue
        from .rules import consent_ok

        ready = person.status in LISTABLE_STATES and person.pk not in elsewhere and not hold_blocks(person)
        candidates.append({
            "id": str(person.pk), "side": sides[person.origin_party_id], "category": category.code,
            "priority": candidate_priority(person, category, on=today, captive_since=since.get(person.pk)),
            "ready": ready, "consent": consent_ok(person, category), "stretcher": person.stretcher,
        })  # fmt: skip
        chosen[str(person.pk)] = category.code
    pool = {
        "agreement": {"categories": [_category_json(c, sides) for c in categories]},
        "stage": {"capacity_per_side": stage.capacity_per_side,
                  "stretcher_capacity_per_side": stage.stretcher_capacity_per_side,
                  "balance": stage.balance, "tolerance": stage.tolerance},
        "candidates": candidates,
    }  # fmt: skip
    return pool, {"categories": chosen, "quota_used": _quota_used(stage, categories)}


def stage_plan_run(*, stage: Stage, actor: Any, on_progress: Progress | None = None) -> dict[str, Any]:
    """Plan the stage on the real pool and keep the result on the stage (not yet adopted); return the plan JSON."""
    stage.refresh_from_db()
    require_mediator(actor, stage)
    if stage.status != "planned":
        raise Refused(_("Only a stage still being planned can be planned."))
    if StageList.objects.filter(stage=stage, submitted_at__isnull=False).exists():
        raise Refused(_("A party has already submitted its list; plan the next stage instead."))
    pool, meta = stage_pool(stage, actor, on_progress)
    if on_progress:
        on_progress(len(pool["candidates"]), len(pool["candidates"]), _("solving"))
    problem = dataclasses.replace(load_pool(pool), quota_used=meta["quota_used"])
    result = plan(problem, time_limit_s=float(conf.PLAN_TIME_LIMIT_S))
    output = plan_to_json(result)
    output["categories"] = {pid: meta["categories"][pid] for pid in result.selected}
    output["candidates"] = len(pool["candidates"])
    output["planned_at"] = timezone.now().isoformat()
    with transaction.atomic():
        Stage.objects.filter(pk=stage.pk).update(plan=plan_summary(output), plan_adopted_at=None)
        plan_exclusions_store(stage, output["excluded"])
        audit_record(actor=actor, verb=AuditVerb.PLANNED, target=stage,
                     summary=f"{stage}: planned {len(result.selected)} of {len(pool['candidates'])} candidates",
                     after={"objective": result.objective, "optimal": result.optimal, "counts": output["counts"]})  # fmt: skip
    stage.refresh_from_db()
    return output


# Short labels: they name the bars of the stage page's chart of reasons.
REASON_LABELS: dict[str, Any] = {
    ReasonCode.NOT_READY: gettext_lazy("not ready to travel"),
    ReasonCode.NO_CONSENT: gettext_lazy("no consent"),
    ReasonCode.UNKNOWN_CATEGORY: gettext_lazy("no stage category"),
    ReasonCode.WRONG_SIDE: gettext_lazy("other side’s transfer only"),
    ReasonCode.STRETCHER_FULL: gettext_lazy("stretcher places full"),
    ReasonCode.QUOTA_USED: gettext_lazy("category quota used"),
    ReasonCode.CAPACITY: gettext_lazy("stage full"),
    ReasonCode.NO_COUNTERPART: gettext_lazy("no counterpart"),
    ReasonCode.NO_GAIN: gettext_lazy("no priority"),
    ReasonCode.NOT_SELECTED: gettext_lazy("not selected"),
}


def reason_label(code: str) -> Any:
    """Why a candidate was left out, in the interface language (the code itself if it is unknown)."""
    return REASON_LABELS.get(code, code)


def plan_summary(output: dict[str, Any]) -> dict[str, Any]:
    """What the stage keeps of a plan: all but the exclusions, which it counts by reason (they are rows apart)."""
    summary = {key: value for key, value in output.items() if key != "excluded"}
    summary["excluded_count"] = len(output["excluded"])
    summary["excluded_by_reason"] = dict(Counter(e["reason_code"] for e in output["excluded"]).most_common())
    return summary


def plan_exclusions_store(stage: Stage, excluded: list[dict[str, Any]]) -> int:
    """Replace the stage's exclusions with the new plan's, one row per candidate left out, written in bulk."""
    PlanExclusion.objects.filter(stage=stage).delete()
    ids = allocate_ids(PlanExclusion, len(excluded))
    return insert_rows(
        PlanExclusion,
        ("id", "stage_id", "person_id", "reason_code", "reason"),
        (
            (pk, stage.pk, int(e["id"]), e["reason_code"], e["reason"])
            for pk, e in zip(ids, excluded, strict=True)
        ),
    )


@transaction.atomic
def stage_plan_adopt(*, stage: Stage, actor: Any) -> list[StageList]:
    """Adopt the stage's plan as one draft list version per party; people who can no longer be listed are reported."""
    stage.refresh_from_db()
    require_mediator(actor, stage)
    if not stage.plan or "selected" not in stage.plan:
        raise Refused(_("Run the planner first."))
    if stage.plan_adopted_at is not None:
        raise Refused(_("This plan was already adopted."))
    if StageList.objects.filter(stage=stage).exists():
        raise Refused(_("The parties already have lists for this stage; the plan cannot replace them."))
    categories = {c.code: c for c in stage.agreement.categories.all()}
    ids = [int(pid) for pid in stage.plan["selected"]]
    persons = Person.objects.in_bulk(ids)
    people = [
        (persons[pid], categories.get(stage.plan["categories"].get(str(pid), "")))
        for pid in ids
        if pid in persons
    ]
    drafts: list[StageList] = []
    refused: list[tuple[Person, str]] = []
    for party in agreement_sides(stage.agreement):
        draft = draft_create(stage=stage, party=party, actor=actor, from_plan=True)
        _added, refused = entries_add(stage_list=draft, people=people, actor=actor, strict=False)
        drafts.append(draft)
    Stage.objects.filter(pk=stage.pk).update(plan_adopted_at=timezone.now())
    audit_record(actor=actor, verb=AuditVerb.PLANNED, target=stage,
                 summary=f"{stage}: plan adopted as draft lists ({len(people) - len(refused)} persons)",
                 after={"refused": [[p.pk, reason] for p, reason in refused]})  # fmt: skip
    stage.refresh_from_db()
    return drafts
