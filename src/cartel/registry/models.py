"""Persons (resolved identities), the source records they were resolved from, custody, links and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.parties.models import Party


class ListKind(models.TextChoices):
    REGISTRY = "registry", _("registry of captives held")
    REQUESTS = "requests", _("requests for own people")
    INQUIRIES = "inquiries", _("family inquiries")
    MEDICAL = "medical", _("medical list")
    REMAINS = "remains", _("remains manifest")
    STAGE = "stage", _("stage list")


class SourceList(models.Model):
    """One received list (one file, one version) with its provenance."""

    owner = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="source_lists")
    kind = models.CharField(max_length=16, choices=ListKind.choices)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    shared_with = models.ManyToManyField(Party, blank=True, related_name="lists_shared_with")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "name", "version"], name="uniq_list_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.owner.code})"


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")
    UNKNOWN = "", _("unknown")


class PersonType(models.TextChoices):
    MILITARY = "military", _("military")
    CIVILIAN = "civilian", _("civilian")


class Person(models.Model):
    """A resolved identity: a cluster of source records joined by identity links."""

    display_name = models.CharField(max_length=300)
    latin_name = models.CharField(max_length=300, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    given_name = models.CharField(max_length=120, blank=True)
    patronymic = models.CharField(max_length=120, blank=True)
    birth_date = models.CharField(
        max_length=10, blank=True, help_text=_("ISO date, or YYYY / YYYY-MM if partial")
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    person_type = models.CharField(max_length=16, choices=PersonType.choices, default=PersonType.MILITARY)
    service_number = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=100, blank=True)
    origin_party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    holding_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=32, default="registered", db_index=True)
    # Medical facts (visible only as the visibility policy allows):
    seriously_wounded = models.BooleanField(default=False)
    medical_category = models.CharField(max_length=64, blank=True)
    medical_notes = models.TextField(blank=True)
    stretcher = models.BooleanField(default=False)
    # GC III guards:
    consent = models.BooleanField(
        null=True, help_text=_("Consent to repatriation (Art. 109(3)); empty = not asked")
    )
    judicial_hold = models.BooleanField(default=False, help_text=_("Under judicial proceedings (Art. 115)"))
    search_text = models.TextField(blank=True, help_text=_("Name keys in every script, for the search box"))
    version = models.PositiveIntegerField(default=1, help_text=_("Optimistic lock"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["surname", "given_name", "pk"]
        indexes = [models.Index(fields=["surname", "given_name"]), models.Index(fields=["birth_date"])]

    def __str__(self) -> str:
        return self.display_name


class SourceRecord(models.Model):
    """One row of one list exactly as received (raw cells), plus the fields parsed from it."""

    source_list = models.ForeignKey(SourceList, on_delete=models.PROTECT, related_name="records")
    owner = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ListKind.choices)
    row_number = models.PositiveIntegerField()
    external_id = models.CharField(max_length=100)
    raw = models.JSONField(default=dict)
    full_name = models.CharField(max_length=300, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    given_name = models.CharField(max_length=120, blank=True)
    patronymic = models.CharField(max_length=120, blank=True)
    birth_date = models.CharField(max_length=10, blank=True)
    birth_date_precision = models.CharField(max_length=8, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    service_number = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source_list_id", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["source_list", "external_id"], name="uniq_record_id_in_list"),
        ]
        indexes = [models.Index(fields=["owner", "kind"])]

    def __str__(self) -> str:
        return f"{self.external_id}: {self.full_name or self.surname}"


class LinkSource(models.TextChoices):
    MODEL = "model", _("linkage model")
    REVIEW = "review", _("human review")


class IdentityLink(models.Model):
    """An edge between two source records saying they are one person, with its evidence."""

    left = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    source = models.CharField(max_length=8, choices=LinkSource.choices)
    explanation = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="uniq_link"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} ({self.probability:.2f})"


class Decision(models.TextChoices):
    ACCEPT = "accept", _("same person")
    REJECT = "reject", _("different people")
    UNSURE = "unsure", _("unsure")


class CandidatePair(models.Model):
    """A pair the model scored into the review band, waiting for (or carrying) a person's decision."""

    left = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    explanation = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-probability"]
        indexes = [  # the review queue walks the pending pairs best first without sorting them all
            models.Index(
                models.F("probability").desc(),
                "id",
                name="candidate_pending_order",
                condition=models.Q(decision__in=["", "unsure"]),
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="uniq_candidate"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="candidate_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}?{self.right_id} ({self.probability:.2f})"


class ReviewDecision(models.Model):
    """A person's decision about a pair of records; decisions always win over the model on re-runs."""

    left = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["left", "right", "superseded"])]

    def __str__(self) -> str:
        return f"{self.decision} {self.left_id}/{self.right_id}"


class Custody(models.Model):
    """Who holds a person, where, since when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody")
    holding_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=200, blank=True)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name_plural = "custody"

    def __str__(self) -> str:
        return f"{self.person_id} held by {self.holding_party_id} since {self.since}"


class KeysState(models.Model):
    """The version of the name-key rules the stored keys were built with (one row, id 1).

    Written when a fresh database is migrated and by `cartel reindex`; a database holding data but no row was
    indexed before versions were kept (version 1).
    """

    version = models.PositiveIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"name keys v{self.version}"
