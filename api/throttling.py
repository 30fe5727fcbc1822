"""Provides rate limits per API key, per staff user and per IP, counted in the shared cache.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request.
Like DRF's own throttles these read, then write the cache: under concurrency a few
extra requests may get through (at most one per concurrent request at the limit),
which is the tolerance we accept for a limit meant to stop runaway clients.

For the same reason the throttles fail open: while the cache cannot be reached,
requests are served unthrottled and a warning is logged, so that an outage of
Redis does not become an outage of the API.
"""

import logging

from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

from api.models import APIKey

logger = logging.getLogger(__name__)

# What a cache raises when its server is unreachable: django-redis wraps redis-py's
# errors, Django's own Redis backend lets them through.
CACHE_ERRORS = (ConnectionInterrupted, RedisError)
CACHE_UNAVAILABLE = "Rate limit %s not applied: the cache is unreachable (%s)."


def client_ip(request) -> str:
    """The client's address, trusting NUM_PROXIES proxies; django-axes uses it for the admin login too."""
    return throttling.BaseThrottle().get_ident(request)


class SettingsRateThrottle(throttling.SimpleRateThrottle):
    """Reads its rate from the settings at call time, so that tests and overrides apply."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        """DRF's check, failing open when the cache is unreachable (see the module docstring)."""
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            logger.warning(CACHE_UNAVAILABLE, self.scope, exc)
            return True


class ApiKeyRateThrottle(SettingsRateThrottle):
    """Limits each API key, identified by its prefix: the secret never reaches the cache."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, APIKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class StaffRateThrottle(SettingsRateThrottle):
    """Limits each logged-in user of the browsable API."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonRateThrottle(SettingsRateThrottle):
    """Limits requests without key or session (the public catalogue) per client IP."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.auth is not None or (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
