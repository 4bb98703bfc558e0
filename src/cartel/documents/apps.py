"""App configuration."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cartel.documents"
    label = "documents"
    verbose_name = "PDF and XLSX documents"
