"""Agreements between the parties and their categories."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cartel.parties.models import Party


class Rule(models.TextChoices):
    ALL_FOR_ALL = "all_for_all", _("all for all")
    N_FOR_N = "n_for_n", _("N for N")
    UNILATERAL = "unilateral", _("unilateral")


class Agreement(models.Model):
    """An agreement reached between the belligerents, usually through the mediator."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    concluded_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    mediator = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parties = models.ManyToManyField(Party, related_name="agreements")
    art117_applies = models.BooleanField(
        default=False, help_text=_("No repatriated person in active service")
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-concluded_on"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A category of people (or bodies) under an agreement, with its exchange rule and eligibility."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    rule = models.CharField(max_length=16, choices=Rule.choices)
    quota = models.PositiveIntegerField(null=True, blank=True, help_text=_("Per side, for N-for-N"))
    for_remains = models.BooleanField(default=False)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    requires_medical = models.BooleanField(default=False)
    person_type = models.CharField(
        max_length=16, blank=True, help_text=_("military, civilian, or empty for any")
    )

    class Meta:
        ordering = ["agreement", "code"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="uniq_category")]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.agreement.code}/{self.code}"
