"""THE visibility policy: the one place that decides who may see what.

Every read a user can see — web views, API routes, exports, search, documents — starts from a queryset returned
here. A party sees the source records it owns and those shared with it; a person is visible when one of its records
is; medical details go to the owning party, the mediator and the transit state while the person is in its care.
Hidden objects look exactly like missing ones (`NotVisible`, a 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from cartel.engine.lifecycle import Role

from .models import Membership, Party, PartyKind

if TYPE_CHECKING:
    from cartel.agreements.models import Agreement, Examination, MedicalCommission
    from cartel.audit.models import Event
    from cartel.exchanges.models import Discrepancy, HomePathway, Placement, Stage, StageList, TransitCare
    from cartel.registry.models import CandidatePair, Custody, Person, SourceList, SourceRecord
    from cartel.remains.models import ReferenceSample, Remains, RemainsBatch
    from cartel.tracing.models import Inquiry


class NotVisible(Exception):
    """The object does not exist or the user may not see it; the two are indistinguishable."""


def viewer_party(user: Any) -> Party | None:
    """The party the user works for, or None for anonymous users and users without a membership."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_cartel_party", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
    party = membership.organisation.party if membership is not None else None
    user._cartel_party = party
    return party


class PartyViewer:
    """A stand-in viewer with exactly a party's sight and no role, for work done on the party's behalf (matching a
    family inquiry against what the inquiry's party may see)."""

    is_authenticated = True

    def __init__(self, party: Party) -> None:
        self._cartel_party = party


def party_viewer(party: Party) -> PartyViewer:
    """A viewer that sees what `party` sees; pass it to any `*_visible_to` function."""
    return PartyViewer(party)


def viewer_role(user: Any) -> Role | None:
    """The user's role, or None."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "membership"):
        return None
    return Role(user.membership.role)


def is_mediator(user: Any) -> bool:
    party = viewer_party(user)
    return party is not None and party.kind == PartyKind.MEDIATOR


def is_transit(user: Any) -> bool:
    party = viewer_party(user)
    return party is not None and party.kind == PartyKind.TRANSIT


def source_lists_visible_to(user: Any) -> QuerySet[SourceList]:
    """Lists the user's party owns or that were shared with it."""
    from cartel.registry.models import SourceList

    party = viewer_party(user)
    if party is None:
        return SourceList.objects.none()
    return SourceList.objects.filter(Q(owner=party) | Q(shared_with=party)).distinct()


def source_records_visible_to(user: Any) -> QuerySet[SourceRecord]:
    """Source records the user's party owns, or whose list was shared with it."""
    from cartel.registry.models import SourceList, SourceRecord

    party = viewer_party(user)
    if party is None:
        return SourceRecord.objects.none()
    if party.kind == PartyKind.TRANSIT:
        return SourceRecord.objects.filter(person__in=persons_in_transit_care_of(party))
    shared = SourceList.shared_with.through.objects.filter(
        sourcelist_id=OuterRef("source_list_id"), party=party
    )
    return SourceRecord.objects.filter(Q(owner=party) | Exists(shared))


def persons_in_transit_care_of(party: Party) -> QuerySet[Person]:
    """Persons currently in the care of a transit state's services."""
    from cartel.exchanges.models import TransitCare
    from cartel.registry.models import Person

    # The persons in care are a few hundred at most: read them by id (`pk IN`), rather than test every person of a
    # registry of a million for an `EXISTS` (SQLite walked the whole registry in name order to fill a page).
    active = TransitCare.objects.filter(transit_party=party, discharged_at__isnull=True)
    return Person.objects.filter(pk__in=active.values("person_id"))


def persons_visible_to(user: Any) -> QuerySet[Person]:
    """Persons with at least one source record visible to the user's party."""
    from cartel.registry.models import Person

    party = viewer_party(user)
    if party is None:
        return Person.objects.none()
    if party.kind == PartyKind.TRANSIT:
        return persons_in_transit_care_of(party)
    records = source_records_visible_to(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(records))


def medical_details_visible(user: Any, person: Person) -> bool:
    """Whether the user may see medical fields of `person`."""
    party = viewer_party(user)
    if party is None:
        return False
    if party.kind == PartyKind.MEDIATOR:
        return True
    if party.kind == PartyKind.TRANSIT:
        return persons_in_transit_care_of(party).filter(pk=person.pk).exists()
    return party.pk in (person.origin_party_id, person.holding_party_id)


def persons_with_medical_visible_to(user: Any) -> QuerySet[Person]:
    """Visible persons whose medical fields the user may see (the queryset form of `medical_details_visible`)."""
    party = viewer_party(user)
    if party is None:
        return persons_visible_to(None)
    if party.kind in (PartyKind.MEDIATOR, PartyKind.TRANSIT):
        return persons_visible_to(user)
    return persons_visible_to(user).filter(Q(origin_party=party) | Q(holding_party=party))


def custody_visible_to(user: Any) -> QuerySet[Custody]:
    """Custody rows of visible persons, for the holding party, the party of origin and the mediator."""
    from cartel.registry.models import Custody

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return Custody.objects.none()
    persons = persons_visible_to(user)
    if party.kind != PartyKind.MEDIATOR:
        persons = persons.filter(Q(origin_party=party) | Q(holding_party=party))
    return Custody.objects.filter(person__in=persons)


def candidate_pairs_visible_to(user: Any) -> QuerySet[CandidatePair]:
    """Candidate pairs whose two records are both visible to the user; never for a transit state."""
    from cartel.registry.models import CandidatePair

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return CandidatePair.objects.none()
    records = source_records_visible_to(user)
    return CandidatePair.objects.filter(
        Exists(records.filter(pk=OuterRef("left_id"))),
        Exists(records.filter(pk=OuterRef("right_id"))),
    )


def transit_care_visible_to(user: Any) -> QuerySet[TransitCare]:
    """Care records of a transit state's own services; all for the mediator; a party's own nationals' for it."""
    from cartel.exchanges.models import TransitCare

    party = viewer_party(user)
    if party is None:
        return TransitCare.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return TransitCare.objects.all()
    if party.kind == PartyKind.TRANSIT:
        return TransitCare.objects.filter(transit_party=party)
    return TransitCare.objects.filter(person__origin_party=party)


def members_visible_to(user: Any) -> QuerySet[Membership]:
    """Memberships an administrator manages: its own party's; every party's for the mediator's administrator."""
    party = viewer_party(user)
    if party is None or viewer_role(user) != Role.ADMIN:
        return Membership.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return Membership.objects.all()
    return Membership.objects.filter(organisation__party=party)


def audit_events_visible_to(user: Any) -> QuerySet[Event]:
    """All events for the mediator's staff; the events of its own party for a party's lead or administrator."""
    from cartel.audit.models import Event

    party = viewer_party(user)
    role = viewer_role(user)
    if party is None or role not in (Role.LEAD, Role.ADMIN, Role.MEDIATOR):
        return Event.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return Event.objects.all()
    return Event.objects.filter(party_code=party.code)


def remains_visible_to(user: Any) -> QuerySet[Remains]:
    """Remains held or recorded by the user's party, claimed as its nationals once handed over, or any for M."""
    from cartel.remains.models import Remains

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return Remains.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return Remains.objects.filter(batch__isnull=False)
    return Remains.objects.filter(
        Q(holding_party=party)
        | Q(recorded_by=party)
        | Q(claimed_party=party, batch__status__in=_batch_shared())
    )


def _batch_shared() -> list[str]:
    return ["handed_over", "received", "reconciled"]


def remains_batches_visible_to(user: Any) -> QuerySet[RemainsBatch]:
    """Batches sent or received by the user's party; all batches for the mediator."""
    from cartel.remains.models import RemainsBatch

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return RemainsBatch.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return RemainsBatch.objects.all()
    return RemainsBatch.objects.filter(Q(sender=party) | Q(receiver=party, status__in=_batch_shared()))


def reference_samples_visible_to(user: Any) -> QuerySet[ReferenceSample]:
    """Reference samples given by relatives stay with the party that took them."""
    from cartel.remains.models import ReferenceSample

    party = viewer_party(user)
    if party is None or party.kind != PartyKind.BELLIGERENT:
        return ReferenceSample.objects.none()
    return ReferenceSample.objects.filter(party=party)


def inquiries_visible_to(user: Any) -> QuerySet[Inquiry]:
    """A party's own inquiries; the mediator sees those forwarded to it."""
    from cartel.tracing.models import Inquiry

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return Inquiry.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return Inquiry.objects.filter(forwarded_to_mediator=True)
    return Inquiry.objects.filter(party=party)


def stages_visible_to(user: Any) -> QuerySet[Stage]:
    """Stages of agreements the user's party takes part in."""
    from cartel.exchanges.models import Stage

    party = viewer_party(user)
    if party is None:
        return Stage.objects.none()
    if party.kind == PartyKind.TRANSIT:
        return Stage.objects.filter(transit_party=party)
    return Stage.objects.filter(Q(agreement__parties=party) | Q(agreement__mediator=party)).distinct()


def stage_lists_visible_to(user: Any) -> QuerySet[StageList]:
    """A party's own list versions (drafts included); submitted versions for the mediator; released for the other."""
    from cartel.exchanges.models import StageList

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return StageList.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return StageList.objects.filter(stage__in=stages_visible_to(user), submitted_at__isnull=False)
    released = Q(released_at__isnull=False, stage__agreement__in=party.agreements.all())
    return StageList.objects.filter(Q(party=party) | released)


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Agreements the user's party is party to or mediates; for a transit state, those of stages it serves."""
    from cartel.agreements.models import Agreement

    party = viewer_party(user)
    if party is None:
        return Agreement.objects.none()
    if party.kind == PartyKind.TRANSIT:
        return Agreement.objects.filter(stages__transit_party=party).distinct()
    return Agreement.objects.filter(Q(parties=party) | Q(mediator=party)).distinct()


def placements_visible_to(user: Any) -> QuerySet[Placement]:
    """Places of persons in stages: all of a visible stage for the mediator; a party's visible persons for it."""
    from cartel.exchanges.models import Placement

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return Placement.objects.none()
    stages = stages_visible_to(user)
    if party.kind == PartyKind.MEDIATOR:
        return Placement.objects.filter(stage__in=stages)
    persons = persons_visible_to(user).filter(pk=OuterRef("person_id"))
    return Placement.objects.filter(Exists(persons), stage__in=stages)


def discrepancies_visible_to(user: Any) -> QuerySet[Discrepancy]:
    """Differences between the parties' list versions: the mediator's reconciliation work only."""
    from cartel.exchanges.models import Discrepancy

    if not is_mediator(user):
        return Discrepancy.objects.none()
    return Discrepancy.objects.filter(stage__in=stages_visible_to(user))


def transit_board_visible_to(user: Any) -> QuerySet[TransitCare]:
    """The transit medical board: only a transit state's medical staff, only people still in its care."""
    from cartel.exchanges.models import TransitCare

    party = viewer_party(user)
    if party is None or party.kind != PartyKind.TRANSIT or viewer_role(user) != Role.TRANSIT_MEDICAL:
        return TransitCare.objects.none()
    return TransitCare.objects.filter(transit_party=party, discharged_at__isnull=True)


def home_pathways_visible_to(user: Any) -> QuerySet[HomePathway]:
    """Returnees' pathways at home: the home party's own; all for the mediator; none for a transit state."""
    from cartel.exchanges.models import HomePathway

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return HomePathway.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return HomePathway.objects.all()
    return HomePathway.objects.filter(party=party)


def examinations_visible_to(user: Any) -> QuerySet[Examination]:
    """Medical examinations of persons whose medical details the user may see; never for a transit state."""
    from cartel.agreements.models import Examination

    if viewer_party(user) is None or is_transit(user):
        return Examination.objects.none()
    return Examination.objects.filter(person__in=persons_with_medical_visible_to(user))


def commissions_visible_to(user: Any) -> QuerySet[MedicalCommission]:
    """Medical commissions of visible agreements, or with the user's party as detaining party; all for M."""
    from cartel.agreements.models import MedicalCommission

    party = viewer_party(user)
    if party is None or party.kind == PartyKind.TRANSIT:
        return MedicalCommission.objects.none()
    if party.kind == PartyKind.MEDIATOR:
        return MedicalCommission.objects.all()
    return MedicalCommission.objects.filter(
        Q(detaining_party=party) | Q(agreement__in=agreements_visible_to(user))
    ).distinct()


def access(queryset: QuerySet[Any], pk: Any) -> Any:
    """Return the object with `pk` from a visibility queryset, or raise `NotVisible`."""
    try:
        obj = queryset.filter(pk=pk).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        raise NotVisible("No such object.")
    return obj
