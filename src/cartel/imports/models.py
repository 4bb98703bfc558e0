"""Saved header-mapping templates for imports."""

from __future__ import annotations

from django.db import models

from cartel.parties.models import Party


class MappingTemplate(models.Model):
    """A named header mapping a party reuses for files of the same shape."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="mapping_templates")
    name = models.CharField(max_length=100)
    mapping = models.JSONField(default=dict, help_text="file header → canonical field")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="uniq_mapping_name")]

    def __str__(self) -> str:
        return self.name
