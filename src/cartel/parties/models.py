"""Parties, their organisations, and who works where in which role."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.engine.lifecycle import Role


class PartyKind(models.TextChoices):
    BELLIGERENT = "belligerent", _("belligerent party")
    MEDIATOR = "mediator", _("mediator")
    TRANSIT = "transit", _("transit state")


class Party(models.Model):
    """A party to the work: a belligerent, the mediator or a transit state. Configuration, never a real state."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=PartyKind.choices)
    language = models.CharField(max_length=8, default="en", help_text=_("Language of the party's documents"))

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_belligerent(self) -> bool:
        return self.kind == PartyKind.BELLIGERENT


class Organisation(models.Model):
    """A body inside a party: its information bureau, its forensic service, the mediator's office, a hospital."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["party__code", "name"]
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="uniq_org_name")]

    def __str__(self) -> str:
        return self.name


RoleChoices = models.TextChoices(
    "RoleChoices", [(r.name, (r.value, r.value.replace("_", " "))) for r in Role]
)


class Membership(models.Model):
    """A person who uses the system, in one organisation, with one role. A user has exactly one membership."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=24, choices=[(r.value, r.value.replace("_", " ")) for r in Role])
    is_demo = models.BooleanField(default=False, help_text=_("Demo accounts may skip the second factor"))
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_last_step = models.BigIntegerField(
        null=True, blank=True, help_text=_("Last TOTP time step accepted")
    )
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__party__code", "role"]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.organisation.party.code})"

    @property
    def party(self) -> Party:
        return self.organisation.party


class ApiToken(models.Model):
    """A personal API token: only its hash is stored; it acts with its user's rights and can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw() -> str:
        return "ct_" + secrets.token_urlsafe(32)
