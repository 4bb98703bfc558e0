"""App configuration."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cartel.imports"
    label = "imports"
    verbose_name = "List files into validated rows and source records"
