"""App configuration."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "cartel.agreements"
    label = "agreements"
    verbose_name = "Agreements, categories, medical commissions and examinations"
