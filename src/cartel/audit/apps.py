"""App configuration."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cartel.audit"
    label = "audit"
    verbose_name = "Audit trail: append-only, hash-chained events"
