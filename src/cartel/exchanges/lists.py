"""Each party's versions of a stage list: drafts, entries with the party's particulars, submission and its hash.

A submitted version is frozen: its entries and hash never change (the models refuse, and database triggers refuse
too). Changing one's mind means a new version. A person gets a placement in the stage when first put on any
version; the placement's unique `open_person` keeps them off every other open stage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.agreements.models import Category
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import Party
from cartel.parties.visibility import persons_visible_to
from cartel.registry.models import Person, SourceRecord

from .common import agreement_sides, ledger_add, persons_move, require_bureau
from .models import (
    SNAPSHOT_FIELDS,
    LedgerEntry,
    LedgerKind,
    Placement,
    PlacementStatus,
    Stage,
    StageList,
    StageListEntry,
)
from .rules import ListingChecks

EDITABLE_STAGE_STATES = ("planned", "lists_submitted", "disputed", "postponed")
RECORD_ORDER = {"registry": 0, "stage": 1, "requests": 2, "medical": 3, "inquiries": 4}


def list_digest(stage_list: StageList) -> str:
    """SHA-256 of a list version's canonical content: stage, party, version and every entry's particulars."""
    stage = stage_list.stage
    entries = stage_list.entries.select_related("category").order_by("person_id")
    payload = {
        "agreement": stage.agreement.code,
        "stage": stage.number,
        "party": stage_list.party.code,
        "version": stage_list.version,
        "entries": [
            [
                e.person_id,
                e.side,
                e.category.code if e.category else "",
                *(getattr(e, f) for f in SNAPSHOT_FIELDS),
            ]
            for e in entries
        ],
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def list_verify(stage_list: StageList) -> bool:
    """Whether a submitted version still hashes to the hash recorded at submission."""
    return bool(stage_list.content_hash) and list_digest(stage_list) == stage_list.content_hash


def latest_submitted(stage: Stage, party: Party) -> StageList | None:
    """The party's most recent submitted version for the stage."""
    return (
        StageList.objects.filter(stage=stage, party=party, submitted_at__isnull=False)
        .order_by("-version")
        .first()
    )


def _records_by_person(persons: Iterable[int], party: Party) -> dict[int, SourceRecord]:
    best: dict[int, SourceRecord] = {}
    for record in SourceRecord.objects.filter(person_id__in=list(persons), owner=party).order_by(
        "-created_at"
    ):
        current = best.get(record.person_id)  # type: ignore[arg-type]
        if current is None or RECORD_ORDER.get(record.kind, 9) < RECORD_ORDER.get(current.kind, 9):
            best[record.person_id] = record  # type: ignore[index]
    return best


def _entry(
    stage_list: StageList, placement: Placement, person: Person, record: SourceRecord | None, side: str
) -> StageListEntry:
    source: Any = record or person
    values = {f: getattr(source, f, "") or getattr(person, f, "") for f in SNAPSHOT_FIELDS}
    name = (record.full_name if record else "") or person.display_name
    return StageListEntry(
        stage_list=stage_list, person=person, placement=placement, record=record, category_id=placement.category_id,
        side=side, display_name=name[:300], **values,
    )  # fmt: skip


def draft_create(*, stage: Stage, party: Party, actor: Any, from_plan: bool = False) -> StageList:
    """A new draft version for `party`, starting as a copy of its latest submitted version (if any)."""
    stage.refresh_from_db()
    if stage.status not in EDITABLE_STAGE_STATES:
        raise Refused(_("The lists of this stage are closed (status: %(s)s).") % {"s": stage.status})
    if StageList.objects.filter(stage=stage, party=party, submitted_at__isnull=True).exists():
        raise Refused(_("%(party)s already has a draft for this stage.") % {"party": party.code})
    number = (StageList.objects.filter(stage=stage, party=party).aggregate(n=Max("version"))["n"] or 0) + 1
    draft = StageList.objects.create(stage=stage, party=party, version=number, from_plan=from_plan)
    previous = latest_submitted(stage, party)
    if previous is not None:
        entries = [
            StageListEntry(stage_list=draft, **{f: getattr(e, f) for f in (
                "person_id", "placement_id", "record_id", "category_id", "side", "display_name", *SNAPSHOT_FIELDS)})
            for e in previous.entries.filter(placement__open_person__isnull=False)
        ]  # fmt: skip
        StageListEntry.objects.bulk_create(entries)
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=draft, summary=f"draft v{number} for {party.code}",
                 after={"copied_from": previous.version if previous else None})  # fmt: skip
    return draft


@transaction.atomic
def list_draft_open(*, stage: Stage, actor: Any) -> StageList:
    """The actor's party's draft for the stage, created (from its latest version) when there is none."""
    party = require_bureau(actor, stage)
    draft = StageList.objects.filter(stage=stage, party=party, submitted_at__isnull=True).first()
    return draft or draft_create(stage=stage, party=party, actor=actor)


def entries_add(
    *,
    stage_list: StageList,
    people: Sequence[tuple[Person, Category | None]],
    actor: Any,
    strict: bool = True,
) -> tuple[list[StageListEntry], list[tuple[Person, str]]]:
    """Put people on a draft version; with `strict` the first refusal refuses all, else refusals are returned."""
    stage = stage_list.stage
    if stage_list.submitted:
        raise Refused(_("A submitted list version never changes; open a new draft."))
    ids = [p.pk for p, _c in people]
    records = _records_by_person(ids, stage_list.party)
    checks = ListingChecks(stage, ids)
    existing = {p.person_id: p for p in Placement.objects.filter(stage=stage, person_id__in=ids)}
    codes = dict(Party.objects.values_list("pk", "code"))
    added: list[StageListEntry] = []
    refused: list[tuple[Person, str]] = []
    new: list[Placement] = []
    on_list = set(stage_list.entries.values_list("person_id", flat=True))
    for person, category in people:
        if person.pk in on_list:
            continue
        reason = checks.refusal(person, category)
        placement = existing.get(person.pk)
        if reason is None and placement is not None and placement.open_person_id is None:
            reason = _("already taken off this stage; plan another stage")
        if reason is not None:
            if strict:
                raise Refused(_("%(name)s cannot be listed: %(reason)s") % {"name": person, "reason": reason})
            refused.append((person, reason))
            continue
        if placement is None:
            placement = Placement(stage=stage, person=person, open_person=person, category=category,
                                  side_id=person.origin_party_id)  # fmt: skip
            new.append(placement)
        added.append(
            _entry(stage_list, placement, person, records.get(person.pk), codes[person.origin_party_id])
        )
        on_list.add(person.pk)
    try:
        with transaction.atomic():
            Placement.objects.bulk_create(new)
    except IntegrityError:
        raise Refused(_("Someone on this list is already on another open stage list.")) from None
    for entry in added:
        entry.placement_id = entry.placement.pk
    StageListEntry.objects.bulk_create(added)
    return added, refused


@transaction.atomic
def list_entry_add(
    *, stage_list: StageList, person: Person, category: Category | None, actor: Any
) -> StageListEntry:
    """Put one person (visible to the actor) on the actor's party's draft."""
    party = require_bureau(actor, stage_list.stage)
    if stage_list.party_id != party.pk:
        raise Refused(_("Only a party's own draft can be edited by it."))
    if not persons_visible_to(actor).filter(pk=person.pk).exists():
        raise Refused(_("No such person."))
    added, _refused = entries_add(stage_list=stage_list, people=[(person, category)], actor=actor)
    if added:
        audit_record(
            actor=actor, verb=AuditVerb.UPDATED, target=stage_list, summary=f"added person {person.pk}"
        )
        return added[0]
    return stage_list.entries.get(person=person)


@transaction.atomic
def list_entry_remove(*, entry: StageListEntry, actor: Any) -> None:
    """Take a person off the actor's party's draft; a placement named on no other version is dropped."""
    stage_list = entry.stage_list
    party = require_bureau(actor, stage_list.stage)
    if stage_list.party_id != party.pk or stage_list.submitted:
        raise Refused(_("Only a party's own draft can be edited by it."))
    placement = entry.placement
    entry.delete()
    if not placement.entries.exists() and placement.status == PlacementStatus.LISTED:
        placement.delete()
    audit_record(
        actor=actor, verb=AuditVerb.UPDATED, target=stage_list, summary=f"removed person {entry.person_id}"
    )


@transaction.atomic
def list_submit(*, stage_list: StageList, actor: Any) -> StageList:
    """Submit a draft to the mediator: hash it, freeze it, list its people and nominate them in the ledger."""
    stage = Stage.objects.select_for_update().get(pk=stage_list.stage_id)
    party = require_bureau(actor, stage, roles=(Role.LEAD,))
    if stage_list.party_id != party.pk:
        raise Refused(_("A party submits only its own list."))
    if stage_list.submitted:
        raise Refused(_("This version was already submitted."))
    if stage.status not in EDITABLE_STAGE_STATES:
        raise Refused(_("The lists of this stage are closed (status: %(s)s).") % {"s": stage.status})
    entries = list(stage_list.entries.select_related("person", "category", "placement__side"))
    checks = ListingChecks(stage, [e.person_id for e in entries])
    nominated = set(
        LedgerEntry.objects.filter(stage=stage, kind=LedgerKind.NOMINATED).values_list("person_id", flat=True)
    )
    to_list = [e for e in entries if e.person.status in ("eligible", "consent_recorded")]
    category_of = {e.person_id: e.category for e in to_list}
    persons_move([e.person for e in to_list], "list", actor, reason=f"{stage} list {party.code} v{stage_list.version}",
                 facts_for=lambda p: checks.facts(p, category_of[p.pk]))  # fmt: skip
    for entry in entries:
        if entry.person_id not in nominated:
            ledger_add(entry.placement, LedgerKind.NOMINATED)
    digest = list_digest(stage_list)
    now = timezone.now()
    StageList.objects.filter(pk=stage_list.pk).update(
        content_hash=digest, submitted_at=now, submitted_by=actor
    )
    stage_list.refresh_from_db()
    audit_record(actor=actor, verb=AuditVerb.SUBMITTED, target=stage_list,
                 summary=f"{stage} list {party.code} v{stage_list.version}: {len(entries)} persons",
                 after={"sha256": digest, "entries": len(entries)})  # fmt: skip
    _advance_when_both_in(stage)
    return stage_list


def _advance_when_both_in(stage: Stage) -> None:
    sides = agreement_sides(stage.agreement)
    both = all(latest_submitted(stage, side) is not None for side in sides)
    if stage.status == "planned" and both:
        from .common import stage_move

        stage_move(stage, "submit_lists", "system", facts={"both_lists_submitted": True},
                   reason="both parties have submitted their lists")  # fmt: skip
