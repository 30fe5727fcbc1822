"""Provides rate limits per API key, per staff user and per IP, counted in the shared cache.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request.
Like DRF's own throttles these read, then write the cache: under concurrency a few
extra requests may get through (at most one per concurrent request at the limit),
which is the tolerance we accept for a limit meant to stop runaway clients. The
limit on failed authentications counts exactly instead (FixedWindowRateThrottle).

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
from orders.client_address import client_ip

logger = logging.getLogger(__name__)

# What a cache raises when its server is unreachable: django-redis wraps redis-py's
# errors, Django's own Redis backend lets them through.
CACHE_ERRORS = (ConnectionInterrupted, RedisError)
CACHE_UNAVAILABLE = "Rate limit %s not applied: the cache is unreachable (%s)."


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
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """Counts requests per client address in fixed windows with cache.add + cache.incr.

    Exact, as both are atomic in Redis: DRF's history list is read, then written, so
    concurrent requests may all pass the last free slot; a counter cannot be raced
    past its limit. A window starts on the clock (each minute for "N/min"), so a
    client may spend one window's quota at its end and the next one's at its start.
    """

    cache_format = "throttle_%(scope)s_%(ident)s_%(window)d"

    def allow_request(self, request, view):
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        key = self.cache_format % {"scope": self.scope, "ident": client_ip(request), "window": window}
        self.cache.add(key, 0, timeout=self.duration)
        try:
            count = self.cache.incr(key)
        except ValueError:
            return True  # the window's entry expired between add and incr: that window is over
        return count <= self.num_requests

    def wait(self):
        return self.window_end - self.now


class AuthFailureThrottle(SettingsRateThrottle, FixedWindowRateThrottle):
    """Limits failed key authentications per client address (rate "auth_failures").

    DRF authenticates before it throttles, so ApiKeyAuthentication asks this on each
    failure: past the rate the failure is a 429 instead of a 401 until the window
    ends. Valid keys never come here, so a partner behind the same address keeps
    working. Fails open like the throttles above (SettingsRateThrottle).
    """

    scope = "auth_failures"
