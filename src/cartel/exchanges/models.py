"""Exchange stages, each party's list versions, handover and transit care."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cartel.agreements.models import Agreement, Category
from cartel.parties.models import Party
from cartel.registry.models import Person


class Stage(models.Model):
    """One stage of an agreement: a handover on a date at a place, with a list per party."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=24, default="planned", db_index=True)
    planned_date = models.DateField(null=True, blank=True)
    handover_point = models.CharField(max_length=200, blank=True)
    transit_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capacity_per_side = models.PositiveIntegerField(default=300)
    stretcher_capacity_per_side = models.PositiveIntegerField(default=40)
    status_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="uniq_stage_number")]

    def __str__(self) -> str:
        return f"{self.agreement.code} stage {self.number}"


class StageList(models.Model):
    """One party's version of a stage list. Immutable and hashed once submitted."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="lists")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stage", "party", "-version"]
        constraints = [models.UniqueConstraint(fields=["stage", "party", "version"], name="uniq_stage_list")]

    def __str__(self) -> str:
        return f"{self.stage} list {self.party.code} v{self.version}"


class StageListEntry(models.Model):
    """A person on a party's stage list version."""

    stage_list = models.ForeignKey(StageList, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stage_entries")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT)
    side = models.CharField(max_length=16, help_text="Code of the party the person returns to")
    open = models.BooleanField(default=True, help_text="On a list of a stage that has not finished")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage_list", "person"], name="uniq_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.stage_list_id}"


class TransitCare(models.Model):
    """A returnee in the care of a transit state's medical services."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transit_care")
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT)
    transit_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    admitted_at = models.DateTimeField(default=timezone.now)
    triage = models.CharField(max_length=16, blank=True)
    fit_to_travel = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.person_id} in care of {self.transit_party_id}"
