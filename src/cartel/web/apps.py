"""App configuration."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cartel.web"
    label = "web"
    verbose_name = "Web interface"
