"""App configuration."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "cartel.registry"
    label = "registry"
    verbose_name = "Persons, source records, custody, identity links and review decisions"
