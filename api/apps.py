"""App configuration for the partner API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner API"

    def ready(self):
        # Registers the API-key security scheme with drf-spectacular.
        from api import schema  # noqa: F401
