"""Exchange stages, each party's list versions, placements, reconciliation, handover, transit care and home.

A `Placement` is a person's place in one stage, whichever list versions name them. While the stage is open the
placement carries the person's id in `open_person`, which is unique: the database itself refuses a person on two
open stage lists. A `StageList` is one party's version; once submitted it is hashed and frozen (model guards and
database triggers both refuse any change to a submitted version or its entries).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.agreements.models import Agreement, Category
from cartel.parties.models import Party
from cartel.registry.models import Person, SourceRecord


class Frozen(Exception):
    """A submitted list version never changes."""


class Balance(models.TextChoices):
    OVERALL = "overall", _("overall")
    PER_CATEGORY = "per_category", _("per category")
    NONE = "none", _("none")


class Stage(models.Model):
    """One stage of an agreement: a handover on a date at a place, with a list per party."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=24, default="planned", db_index=True)
    planned_date = models.DateField(null=True, blank=True)
    handover_point = models.CharField(max_length=200, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="stages")
    transit_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transit_side = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The side whose returnees pass through the transit state"),
    )  # fmt: skip
    capacity_per_side = models.PositiveIntegerField(default=300)
    stretcher_capacity_per_side = models.PositiveIntegerField(default=40)
    balance = models.CharField(max_length=16, choices=Balance.choices, default=Balance.OVERALL)
    tolerance = models.PositiveIntegerField(default=0)
    plan = models.JSONField(default=dict, blank=True, help_text=_("The last planner result"))
    plan_adopted_at = models.DateTimeField(null=True, blank=True)
    reconciled_hash = models.CharField(max_length=64, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="uniq_stage_number")]

    def __str__(self) -> str:
        return f"{self.agreement.code} stage {self.number}"


class PlanExclusion(models.Model):
    """A candidate the stage's last plan left out, and why: one row each, kept apart from the stage's plan summary.

    A pool of a million persons leaves out nearly all of them; as rows they are read a page at a time and exported
    in full, instead of riding along in the stage's JSON (70 MB at a million) whenever the stage is loaded.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="plan_exclusions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason_code = models.CharField(max_length=32)
    reason = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["stage", "reason_code"], name="planexcl_stage_reason")]

    def __str__(self) -> str:
        return f"{self.stage_id}: {self.person_id} {self.reason_code}"


class StageListQuerySet(models.QuerySet["StageList"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(submitted_at__isnull=False).exists():
            raise Frozen("a submitted list version is never deleted")
        return super().delete()


class StageList(models.Model):
    """One party's version of a stage list. Immutable and hashed once submitted."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="lists")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    from_plan = models.BooleanField(default=False, help_text=_("Seeded from the mediator's adopted plan"))
    content_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StageListQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "party", "-version"]
        constraints = [models.UniqueConstraint(fields=["stage", "party", "version"], name="uniq_stage_list")]

    def __str__(self) -> str:
        return f"{self.stage} list {self.party.code} v{self.version}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.submitted:
            raise Frozen("a submitted list version is never deleted")
        return super().delete(*args, **kwargs)


class PlacementStatus(models.TextChoices):
    LISTED = "listed", _("listed")  # on one or more list versions, not yet reconciled
    MATCHED = "matched", _("matched")  # both parties listed the person alike
    DISPUTED = "disputed", _("disputed")  # the versions differ about the person
    SCHEDULED = "scheduled", _("scheduled")  # on the signed list of a scheduled stage
    HANDED_OVER = "handed_over", _("handed over")
    WITHDRAWN = "withdrawn", _("withdrawn")  # taken off this stage (by a party or the mediator)
    NOT_HANDED_OVER = "not_handed_over", _("not handed over")  # the stage ended without them


OPEN_PLACEMENT = (
    PlacementStatus.LISTED,
    PlacementStatus.MATCHED,
    PlacementStatus.DISPUTED,
    PlacementStatus.SCHEDULED,
    PlacementStatus.HANDED_OVER,
)


class Placement(models.Model):
    """A person's place in one stage: side, category and how far they got; at most one open per person."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="placements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    open_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The person while the placement is open; unique, so one open stage list per person"),
    )  # fmt: skip
    side = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", help_text=_("Returns to"))
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=PlacementStatus.choices, default=PlacementStatus.LISTED)
    priority = models.FloatField(default=0)
    stretcher = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text=_("Why withdrawn, disputed or not handed over"))
    created_at = models.DateTimeField(default=timezone.now)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    identity_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["stage", "side", "category", "-priority", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "person"], name="uniq_placement"),
            models.UniqueConstraint(
                fields=["open_person"],
                condition=models.Q(open_person__isnull=False),
                name="one_open_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.stage_id} ({self.status})"


class EntryQuerySet(models.QuerySet["StageListEntry"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(stage_list__submitted_at__isnull=False).exists():
            raise Frozen("entries of a submitted list version never change")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(stage_list__submitted_at__isnull=False).exists():
            raise Frozen("entries of a submitted list version never change")
        return super().delete()


SNAPSHOT_FIELDS = ("surname", "given_name", "patronymic", "birth_date", "service_number", "unit", "rank")


class StageListEntry(models.Model):
    """A person on a party's stage list version, with the particulars as that party gave them."""

    stage_list = models.ForeignKey(StageList, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stage_entries")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="entries")
    record = models.ForeignKey(
        SourceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The party's own record the particulars come from"),
    )  # fmt: skip
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT)
    side = models.CharField(max_length=16, help_text="Code of the party the person returns to")
    display_name = models.CharField(max_length=300, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    given_name = models.CharField(max_length=120, blank=True)
    patronymic = models.CharField(max_length=120, blank=True)
    birth_date = models.CharField(max_length=10, blank=True)
    service_number = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=100, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["stage_list", "side", "surname", "given_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage_list", "person"], name="uniq_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.stage_list_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._frozen():
            raise Frozen("entries of a submitted list version never change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._frozen():
            raise Frozen("entries of a submitted list version never change")
        return super().delete(*args, **kwargs)

    def _frozen(self) -> bool:
        return StageList.objects.filter(pk=self.stage_list_id, submitted_at__isnull=False).exists()


class DiscrepancyKind(models.TextChoices):
    ONLY_FIRST = "only_first", _("only in the first party's version")
    ONLY_SECOND = "only_second", _("only in the second party's version")
    FIELDS = "fields", _("particulars differ")
    SIDE_OR_CATEGORY = "side_or_category", _("side or category differ")


class Resolution(models.TextChoices):
    OPEN = "", _("open")
    ACCEPTED = "accepted", _("accepted on the list")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SUBSTITUTED = "substituted", _("replaced by another person")


class Discrepancy(models.Model):
    """A difference between the two parties' versions about one person, and how the mediator resolved it."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="discrepancies")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="discrepancies")
    kind = models.CharField(max_length=20, choices=DiscrepancyKind.choices)
    detail = models.JSONField(default=dict, blank=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)
    substitute = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stage", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} about {self.placement_id}"


class SignOff(models.Model):
    """A party's (or the mediator's) signature on the reconciled stage list, bound to its hash."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="signoffs")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    list_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["stage", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "party", "list_hash"], name="uniq_signoff"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} signed {self.stage_id}"


class Triage(models.TextChoices):
    NONE = "", _("not triaged")
    IMMEDIATE = "immediate", _("immediate")
    URGENT = "urgent", _("urgent")
    DELAYED = "delayed", _("delayed")
    MINOR = "minor", _("minor")


class PsychSupport(models.TextChoices):
    NONE = "", _("not yet assessed")
    OFFERED = "offered", _("offered")
    ONGOING = "ongoing", _("ongoing")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")


class TransitCare(models.Model):
    """A returnee in the care of a transit state's medical services."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transit_care")
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT)
    transit_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    arrived_at = models.DateTimeField(default=timezone.now)
    admitted_at = models.DateTimeField(null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triage = models.CharField(max_length=16, choices=Triage.choices, blank=True)
    psych_support = models.CharField(max_length=16, choices=PsychSupport.choices, blank=True)
    fit_to_travel = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharged_to = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-arrived_at", "pk"]

    def __str__(self) -> str:
        return f"{self.person_id} in care of {self.transit_party_id}"


class PathwayStep(models.TextChoices):
    ARRIVED = "arrived", _("arrived home")
    HOSPITAL = "hospital", _("in hospital")
    REHABILITATION = "rehabilitation", _("rehabilitation")
    DOCUMENTS = "documents", _("documents and entitlements")
    CLOSED = "closed", _("closed")


class HomePathway(models.Model):
    """A returnee's road at home: hospital, rehabilitation, documents, closed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="home_pathways")
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", help_text=_("Home side"))
    step = models.CharField(max_length=16, choices=PathwayStep.choices, default=PathwayStep.ARRIVED)
    arrived_at = models.DateTimeField(default=timezone.now)
    facility = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    art117_notice = models.BooleanField(
        default=False, help_text=_("Told that no active military service may follow (GC III Art. 117)")
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-arrived_at", "pk"]

    def __str__(self) -> str:
        return f"{self.person_id} home ({self.step})"


class LedgerKind(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    VERIFIED = "verified", _("verified")
    EXCHANGED = "exchanged", _("exchanged")
    WITHDRAWN = "withdrawn", _("withdrawn")


class LedgerEntry(models.Model):
    """One ledger event: a person (or a count of bodies) nominated, verified, exchanged or withdrawn. Append-only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="ledger_entries")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT)
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT)
    side = models.CharField(max_length=16, help_text=_("Code of the receiving party"))
    kind = models.CharField(max_length=12, choices=LedgerKind.choices)
    count = models.PositiveIntegerField(default=1)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["agreement", "at"])]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.count} to {self.side}"


class Communique(models.Model):
    """A public, aggregate-only statement about a completed stage, in one language."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="communiques")
    language = models.CharField(max_length=8)
    text = models.TextField()
    figures = models.JSONField(default=dict, blank=True)
    deferred = models.BooleanField(default=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stage", "language", "-issued_at"]

    def __str__(self) -> str:
        return f"communiqué {self.stage_id} ({self.language})"
