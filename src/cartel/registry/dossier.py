"""A person's dossier: the visible source records side by side, custody, status timeline and audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from cartel.audit.models import AuditVerb, Event
from cartel.audit.selectors import events_for
from cartel.parties.models import PartyKind
from cartel.parties.visibility import (
    access,
    custody_visible_to,
    medical_details_visible,
    persons_visible_to,
    source_records_visible_to,
    viewer_party,
)

from .models import Custody, Person, SourceRecord

# Parsed fields shown for each record, in this order, with their labels:
RECORD_FIELDS: tuple[tuple[str, Any], ...] = (
    ("full_name", _("Full name")),
    ("surname", _("Surname")),
    ("given_name", _("Given name")),
    ("patronymic", _("Patronymic")),
    ("birth_date", _("Date of birth")),
    ("birth_place", _("Place of birth")),
    ("service_number", _("Service number")),
    ("unit", _("Unit")),
    ("rank", _("Rank")),
    ("sex", _("Sex")),
)
EVENT_LIMIT = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class TrailEvent:
    """An audit event as a viewer may see it: other parties' staff are named by their party only."""

    event: Event
    who: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Dossier:
    """Everything the viewer may see about one person."""

    person: Person
    records: list[SourceRecord]
    parties: list[str]
    shared: bool
    fields: list[tuple[Any, list[str]]]
    raw: list[tuple[str, list[str]]]
    custody: list[Custody]
    timeline: list[TrailEvent]
    trail: list[TrailEvent] = field(default_factory=list)
    medical: bool = False


def person_records(*, viewer: Any, person: Person) -> list[SourceRecord]:
    """The person's source records that the viewer may see, with their lists and owners."""
    return list(
        source_records_visible_to(viewer)
        .filter(person=person)
        .select_related("source_list", "owner")
        .order_by("owner__code", "source_list__name", "source_list__version", "row_number")
    )


def _who(event: Event, viewer: Any) -> str:
    party = viewer_party(viewer)
    if party is not None and (party.kind == PartyKind.MEDIATOR or party.code == event.party_code):
        return event.actor_name
    return event.party_code or "—"


def person_trail(*, viewer: Any, person: Person, records: list[SourceRecord]) -> list[TrailEvent]:
    """Events about the person, its visible records and their lists, newest first."""
    events: list[Event] = list(
        events_for(target_type="registry.person", target_ids=[str(person.pk)])[:EVENT_LIMIT]
    )
    if records:
        events += events_for(target_type="registry.sourcerecord", target_ids=[str(r.pk) for r in records])[
            :EVENT_LIMIT
        ]
        lists = sorted({str(r.source_list_id) for r in records})
        events += events_for(target_type="registry.sourcelist", target_ids=lists)[:EVENT_LIMIT]
    events.sort(key=lambda e: e.seq, reverse=True)
    return [TrailEvent(event=e, who=_who(e, viewer)) for e in events[:EVENT_LIMIT]]


def person_dossier(*, viewer: Any, person_id: int) -> Dossier:
    """The dossier of a visible person; raises `NotVisible` for hidden and missing persons alike."""
    person: Person = access(
        persons_visible_to(viewer).select_related("holding_party", "origin_party"), person_id
    )
    records = person_records(viewer=viewer, person=person)
    party = viewer_party(viewer)
    parties = sorted({r.owner.code for r in records})
    columns: list[str] = []
    for record in records:
        columns.extend(k for k in record.raw if k not in columns)
    trail = person_trail(viewer=viewer, person=person, records=records)
    return Dossier(
        person=person,
        records=records,
        parties=parties,
        shared=any(party is None or r.owner_id != party.pk for r in records),
        fields=[(label, [str(getattr(r, name) or "") for r in records]) for name, label in RECORD_FIELDS],
        raw=[(c, [str(r.raw.get(c, "")) for r in records]) for c in columns],
        custody=list(custody_visible_to(viewer).filter(person=person).select_related("holding_party")),
        timeline=sorted(
            (
                t
                for t in trail
                if t.event.verb == AuditVerb.TRANSITION and t.event.target_type == "registry.person"
            ),
            key=lambda t: t.event.seq,
        ),
        trail=trail,
        medical=medical_details_visible(viewer, person),
    )
