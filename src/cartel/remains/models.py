"""Remains of the fallen, batches with manifests, custody events, reference samples and identification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.agreements.models import Agreement
from cartel.parties.models import Party
from cartel.registry.models import Person


class BatchStatus(models.TextChoices):
    """Where a batch of bodies stands; the counterpart sees it from `handed_over` on."""

    DRAFT = "draft", _("draft")  # manifest being assembled by the sender
    LISTED = "listed", _("listed for repatriation")  # manifest closed, bodies listed
    HANDED_OVER = "handed_over", _("handed over")
    RECEIVED = "received", _("received")  # counted by the receiver
    RECONCILED = "reconciled", _("reconciled")  # every discrepancy resolved


class RemainsBatch(models.Model):
    """Bodies handed over together, counted by the sender against a manifest."""

    code = models.CharField(max_length=40, unique=True)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT)
    sender = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, default="draft", choices=BatchStatus.choices)
    manifest_count = models.PositiveIntegerField(default=0)
    received_count = models.PositiveIntegerField(null=True, blank=True)
    handed_over_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    handover_point = models.CharField(max_length=200, blank=True)
    transport = models.CharField(max_length=100, blank=True, help_text=_("Refrigerated rail car, truck …"))
    manifest_file_name = models.CharField(max_length=255, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "code"]
        verbose_name_plural = "remains batches"

    def __str__(self) -> str:
        return self.code


class RemainsKind(models.TextChoices):
    BODY = "body", _("body")
    PARTIAL = "partial", _("partial remains")


class Remains(models.Model):
    """A body, or unidentified remains, with its chain of custody and identification status."""

    code = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=8, choices=RemainsKind.choices, default=RemainsKind.BODY)
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
    # GC I Art. 16 / GC III Art. 120 particulars, as far as known:
    recovered_on = models.DateField(null=True, blank=True)
    recovered_place = models.CharField(max_length=200, blank=True)
    name_on_record = models.CharField(max_length=300, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    given_name = models.CharField(max_length=120, blank=True)
    patronymic = models.CharField(max_length=120, blank=True)
    birth_date = models.CharField(max_length=10, blank=True)
    service_number = models.CharField(max_length=64, blank=True)
    rank = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    identity_disc = models.CharField(max_length=200, blank=True, help_text=_("Identity disc or card data"))
    death_date = models.CharField(max_length=10, blank=True)
    death_place = models.CharField(max_length=200, blank=True)
    cause_of_death = models.CharField(max_length=300, blank=True)
    effects = models.TextField(blank=True, help_text=_("Personal effects, sealed"))
    grave = models.CharField(max_length=300, blank=True, help_text=_("Grave particulars (GRS)"))
    storage_place = models.CharField(max_length=200, blank=True)
    death_certificate = models.CharField(max_length=100, blank=True)
    # Identification by the receiving side's forensic service:
    identification = models.CharField(max_length=200, blank=True)
    identified_at = models.DateTimeField(null=True, blank=True)
    # Provenance when the body came from a manifest:
    manifest_row = models.PositiveIntegerField(null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "remains"
        ordering = ["code"]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return self.code


class CustodyEvent(models.Model):
    """One step in the chain of custody of one body: who did what, where, when, on what evidence."""

    remains = models.ForeignKey(Remains, on_delete=models.CASCADE, related_name="custody_events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    party_code = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    batch = models.ForeignKey(
        RemainsBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    evidence_ref = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["remains", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.remains_id} {self.action} {self.at:%Y-%m-%d}"


class DiscrepancyKind(models.TextChoices):
    MISSING = "missing", _("on the manifest, not received")
    EXTRA = "extra", _("received, not on the manifest")
    MISMATCH = "mismatch", _("received, particulars differ from the manifest")


class Discrepancy(models.Model):
    """A difference between a batch manifest and what the receiver counted."""

    batch = models.ForeignKey(RemainsBatch, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(max_length=10, choices=DiscrepancyKind.choices)
    remains = models.ForeignKey(Remains, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.kind}"


class ReferenceSample(models.Model):
    """A reference sample given by a relative for DNA comparison (the laboratory work is outside the system)."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40, unique=True)
    donor_name = models.CharField(max_length=200)
    donor_relationship = models.CharField(max_length=50)
    missing_person_name = models.CharField(max_length=300)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reference_samples"
    )
    inquiry = models.ForeignKey(
        "tracing.Inquiry", null=True, blank=True, on_delete=models.SET_NULL, related_name="reference_samples"
    )
    sample_type = models.CharField(max_length=40, default="buccal swab")
    collected_on = models.DateField(default=timezone.localdate)
    laboratory_ref = models.CharField(max_length=100, blank=True)
    consent_recorded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class IdentificationMethod(models.TextChoices):
    DNA = "dna", _("DNA comparison")
    FINGERPRINTS = "fingerprints", _("fingerprints")
    DENTAL = "dental", _("dental records")
    DOCUMENTS = "documents", _("identity documents or disc")
    VISUAL = "visual", _("visual recognition by relatives")
    EFFECTS = "effects", _("personal effects")
    ANTHROPOLOGY = "anthropology", _("anthropological profile")


class Conclusion(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    UNIDENTIFIED = "unidentified", _("not identified")
    NOT_OWN_NATIONAL = "not_own_national", _("not an own national")


class IdentificationResult(models.Model):
    """A forensic conclusion about one body: method, evidence reference and who examined it."""

    remains = models.ForeignKey(Remains, on_delete=models.CASCADE, related_name="identification_results")
    conclusion = models.CharField(max_length=20, choices=Conclusion.choices)
    method = models.CharField(max_length=16, choices=IdentificationMethod.choices)
    evidence_ref = models.CharField(max_length=200)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="identification_results"
    )
    reference_sample = models.ForeignKey(ReferenceSample, null=True, blank=True, on_delete=models.SET_NULL)
    identified_name = models.CharField(max_length=300, blank=True)
    examined_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["remains", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.remains_id}: {self.conclusion} ({self.method})"


class DeathNotification(models.Model):
    """A notification of death (GC III Art. 120, Annex IV D) issued by the detaining party."""

    number = models.CharField(max_length=40, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="death_notifications")
    remains = models.ForeignKey(Remains, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    death_date = models.CharField(max_length=10, blank=True)
    death_place = models.CharField(max_length=200, blank=True)
    cause_of_death = models.CharField(max_length=300, blank=True)
    circumstances = models.TextField(blank=True)
    burial_date = models.CharField(max_length=10, blank=True)
    burial_place = models.CharField(max_length=200, blank=True)
    grave = models.CharField(max_length=300, blank=True)
    effects = models.TextField(blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number
