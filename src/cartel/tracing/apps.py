"""App configuration."""

from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "cartel.tracing"
    label = "tracing"
    verbose_name = "Family inquiries and notifications"
