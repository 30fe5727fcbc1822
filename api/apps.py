"""App configuration for the partner API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner API"

    def ready(self):
        # Registers the API-key security scheme with drf-spectacular, and the checks.
        from api import checks, events, schema  # noqa: F401

        # Events carry the v2 order: orders declares the port, the API fills it.
        events.register()
