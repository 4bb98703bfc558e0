"""App configuration."""

from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "cartel.exchanges"
    label = "exchanges"
    verbose_name = "Stages, list versions, reconciliation, handover, transit care and the road home"
