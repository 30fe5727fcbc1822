"""Provides the router every API version registers its viewsets on."""

from rest_framework.routers import DefaultRouter


class OptionalSlashRouter(DefaultRouter):
    """Answers every route with and without its trailing slash, without a redirect."""

    include_format_suffixes = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trailing_slash = "/?"
