"""Provides the router every API version registers its viewsets on."""

from rest_framework.routers import DefaultRouter


class OptionalSlashRouter(DefaultRouter):
    """Answers every route with and without its trailing slash, without a redirect."""

    include_format_suffixes = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trailing_slash = "/?"


def version_router(*, orders, cookies) -> OptionalSlashRouter:
    """A version's router with the routes every version has; a version registers its own on it."""
    router = OptionalSlashRouter()
    router.register("orders", orders, basename="order")
    router.register("cookies", cookies, basename="cookie")
    return router
