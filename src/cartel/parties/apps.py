"""App configuration."""

from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "cartel.parties"
    label = "parties"
    verbose_name = "Parties, organisations, memberships, roles and the visibility policy"

    def ready(self) -> None:
        from . import auth  # noqa: F401  (connects the sign-in signal receivers)
