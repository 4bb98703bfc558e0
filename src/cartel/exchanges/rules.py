"""Whether a person may be put on a stage list: the same checks for plans, party lists and lifecycle guards."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from cartel.agreements.eligibility import LISTABLE_STATES, category_fit, needs_consent
from cartel.agreements.models import Category, ExamDecision, Examination
from cartel.agreements.services import hold_blocks
from cartel.registry.models import Person

from .models import Placement, Stage


def open_elsewhere(person: Person, stage: Stage) -> Placement | None:
    """The person's open placement in another stage, if any."""
    return Placement.objects.filter(open_person=person).exclude(stage=stage).select_related("stage").first()


def consent_ok(person: Person, category: Category | None) -> bool:
    """Consent is recorded where the law or the category asks for it (GC III Art. 109(3))."""
    return not needs_consent(person, category) or person.consent is True


def listing_facts(person: Person, category: Category | None, stage: Stage) -> dict[str, bool]:
    """The guard facts of the captive `list` transition."""
    return {
        "consent_if_sick": consent_ok(person, category),
        "no_judicial_hold": not hold_blocks(person),
        "not_on_open_list": open_elsewhere(person, stage) is None,
    }


class ListingChecks:
    """The listing rules for many people of one stage at once: a few queries up front, then pure checks."""

    def __init__(self, stage: Stage, person_ids: Iterable[int]) -> None:
        ids = list(person_ids)
        self.stage = stage
        self.sides = set(stage.agreement.parties.values_list("pk", flat=True))
        self.here = set(
            Placement.objects.filter(stage=stage, person_id__in=ids, open_person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        self.elsewhere = {
            person_id: str(other)
            for person_id, other in Placement.objects.filter(open_person_id__in=ids)
            .exclude(stage=stage)
            .values_list("person_id", "stage")
        }
        self.decided = set(
            Examination.objects.filter(person_id__in=ids, decision=ExamDecision.REPATRIATE).values_list(
                "person_id", flat=True
            )
        )

    def refusal(self, person: Person, category: Category | None) -> str | None:
        """Return None when `person` may be listed under `category`, else the reason in one sentence."""
        if person.holding_party_id not in self.sides or person.origin_party_id not in self.sides:
            return _("not held by one party of this agreement for the other")
        if person.holding_party_id == person.origin_party_id:
            return _("held by their own side")
        if person.pk not in self.here and person.status not in LISTABLE_STATES:
            if person.status == "declined":
                return _("refused repatriation (GC III Art. 109(3))")
            return _("not eligible for listing (status: %(status)s)") % {"status": person.status}
        if category is not None:
            if category.agreement_id != self.stage.agreement_id:
                return _("the category belongs to another agreement")
            reason = category_fit(person, category, repatriation_decided=person.pk in self.decided)
            if reason:
                return reason
        if not consent_ok(person, category):
            return _("no recorded consent to repatriation (GC III Art. 109(3))")
        if person.judicial_hold and hold_blocks(person):
            return _("under a judicial hold without the detaining party's consent (GC III Art. 115)")
        if person.pk in self.elsewhere:
            other = Stage.objects.filter(pk=self.elsewhere[person.pk]).select_related("agreement").first()
            return _("already on the list of %(stage)s") % {"stage": str(other)}
        return None

    def facts(self, person: Person, category: Category | None) -> dict[str, bool]:
        """The guard facts of the captive `list` transition."""
        return {
            "consent_if_sick": consent_ok(person, category),
            "no_judicial_hold": not (person.judicial_hold and hold_blocks(person)),
            "not_on_open_list": person.pk not in self.elsewhere,
        }


def listing_refusal(person: Person, category: Category | None, stage: Stage) -> str | None:
    """Return None when `person` may be listed in `stage` under `category`, else the reason in one sentence."""
    return ListingChecks(stage, [person.pk]).refusal(person, category)
