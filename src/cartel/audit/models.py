"""The audit trail: one append-only table of events, each carrying the hash of the one before it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    """What happened. Values are stable: they are hashed into the chain."""

    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    TRANSITION = "transition", _("status changed")
    IMPORTED = "imported", _("list imported")
    LINKED = "linked", _("identity linked")
    UNLINKED = "unlinked", _("identity unlinked")
    REVIEWED = "reviewed", _("match reviewed")
    SHARED = "shared", _("shared with another party")
    SUBMITTED = "submitted", _("list submitted")
    SIGNED = "signed", _("signed off")
    PLANNED = "planned", _("stage planned")
    HANDED_OVER = "handed_over", _("handed over")
    EXPORTED = "exported", _("exported")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    TOKEN = "token", _("API token issued or revoked")
    RESTORED = "restored", _("restored from backup")


class AppendOnly(Exception):
    """Audit events are never changed or deleted."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events are append-only")


class Event(models.Model):
    """One change: who did what to which object, when, with the state before and after and a reason."""

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField(max_length=150, blank=True)
    party_code = models.CharField(max_length=16, blank=True)
    verb = models.CharField(max_length=32, choices=AuditVerb.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events are append-only")


class ChainHead(models.Model):
    """A single row locked while an event is appended, so that the chain never forks under concurrency."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"head {self.last_seq}"
