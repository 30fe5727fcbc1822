"""App configuration for the partner API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner API"

    def ready(self):
        # Registers the API-key security scheme with drf-spectacular, and the checks.
        from api import checks, schema  # noqa: F401
