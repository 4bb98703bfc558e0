"""App configuration."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cartel.jobs"
    label = "jobs"
    verbose_name = "Background jobs and their progress"
