"""Remains of the fallen, batches with manifests, and identification."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from cartel.agreements.models import Agreement
from cartel.parties.models import Party
from cartel.registry.models import Person


class RemainsBatch(models.Model):
    """Bodies handed over together, counted by the sender against a manifest."""

    code = models.CharField(max_length=40, unique=True)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT)
    sender = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, default="draft")
    manifest_count = models.PositiveIntegerField(default=0)
    received_count = models.PositiveIntegerField(null=True, blank=True)
    handed_over_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.code


class Remains(models.Model):
    """A body, or unidentified remains, with its chain of custody and identification status."""

    code = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=32, default="recovered", db_index=True)
    holding_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    claimed_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="remains"
    )
    batch = models.ForeignKey(
        RemainsBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="remains"
    )
    recovered_on = models.DateField(null=True, blank=True)
    recovered_place = models.CharField(max_length=200, blank=True)
    name_on_record = models.CharField(max_length=300, blank=True)
    identification = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "remains"

    def __str__(self) -> str:
        return self.code
