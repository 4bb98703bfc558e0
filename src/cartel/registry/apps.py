"""App configuration."""

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class RegistryConfig(AppConfig):
    name = "cartel.registry"
    label = "registry"
    verbose_name = "Persons, source records, custody, identity links and review decisions"

    def ready(self) -> None:
        from .checks import keys_version_check
        from .reindex import keys_state_stamp
        from .search_index import index_ensure

        post_migrate.connect(index_ensure, sender=self, dispatch_uid="registry_search_index")
        post_migrate.connect(keys_state_stamp, sender=self, dispatch_uid="registry_keys_state")
        checks.register(keys_version_check)
