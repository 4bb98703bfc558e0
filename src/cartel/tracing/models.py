"""Family inquiries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from cartel.parties.models import Party
from cartel.registry.models import Person, SourceRecord


class Inquiry(models.Model):
    """A family's question about a missing relative, received by a party's bureau."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="inquiries")
    case_number = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=32, default="submitted", db_index=True)
    channel = models.CharField(max_length=16, default="phone")
    inquirer_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=50, blank=True)
    subject_name = models.CharField(max_length=300)
    subject_birth_date = models.CharField(max_length=10, blank=True)
    consent_to_share = models.BooleanField(default=False)
    disclosure_restriction = models.CharField(max_length=32, blank=True)
    source_record = models.ForeignKey(SourceRecord, null=True, blank=True, on_delete=models.SET_NULL)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    forwarded_to_mediator = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "inquiries"

    def __str__(self) -> str:
        return self.case_number
