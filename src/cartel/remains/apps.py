"""App configuration."""

from django.apps import AppConfig


class RemainsConfig(AppConfig):
    name = "cartel.remains"
    label = "remains"
    verbose_name = "Remains of the fallen, batches and identification"
