"""Provides rate limits per API key, per staff user and per IP, counted exactly in the shared cache.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request. Each
limit is a fixed window aligned to the clock (a rate of 1200/min counts from :00 to
:59 of each minute): a request adds one to the window's counter with the cache's
atomic `incr` (INCRBY on Redis), the window's first request starting the counter with
`add` (SET NX), and is answered while the new count is within the quota. Unlike DRF's
read-then-write throttles, concurrent requests from any number of processes cannot get past the quota; the price of a
fixed window is that a client may spend two quotas around a window's boundary.

The throttles fail open: while the cache cannot be reached, requests are served
unthrottled and a warning is logged, so that an outage of Redis does not become an
outage of the API.
"""

import logging
import math
from dataclasses import dataclass

from django.core.cache import cache
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


@dataclass(frozen=True)
class Quota:
    """Where a client stands in the current window; `used` is None while the cache is unreachable."""

    policy: str
    limit: int
    window: int
    used: int | None
    reset: int

    @property
    def remaining(self) -> int | None:
        return None if self.used is None else max(self.limit - self.used, 0)


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """Counts requests per client and clock-aligned window; subclasses say whose requests (`get_cache_key`).

    The current Quota is left on the request (`request.quota`) for the RateLimit headers.
    """

    cache_format = "throttle_%(scope)s_%(ident)s"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        """One atomic increment of this window's counter; over the quota is a 429."""
        return self.measure(request, view, count=True)

    def peek(self, request, view) -> None:
        """Records where the client stands without counting the request (a 304 costs nothing)."""
        self.measure(request, view, count=False)

    def measure(self, request, view, *, count: bool) -> bool:
        key = self.get_cache_key(request, view)
        if self.rate is None or key is None:
            return True
        now = self.timer()
        index, elapsed = divmod(now, self.duration)
        window_key = f"{key}_{int(index)}"
        self.reset = max(math.ceil(self.duration - elapsed), 1)
        try:
            used = self.increment(window_key) if count else cache.get(window_key, 0)
        except CACHE_ERRORS as exc:
            logger.warning(CACHE_UNAVAILABLE, self.scope, exc)
            used = None
        request.quota = Quota(self.scope, self.num_requests, self.duration, used, self.reset)
        return used is None or used <= self.num_requests

    def increment(self, window_key: str) -> int:
        """The window's new count, in one round trip once the window has begun.

        `incr` is atomic (one Lua call on django-redis) and refuses a counter that does not
        exist; only then does `add` start it at 0 (if it is still missing: requests that
        begin a window together share one counter) and `incr` count again.
        """
        try:
            return cache.incr(window_key)
        except ValueError:  # the window's first request, or its counter was evicted
            cache.add(window_key, 0, timeout=self.duration)
            return cache.incr(window_key)

    def wait(self):
        """Seconds until the window resets (Retry-After)."""
        return self.reset


class ApiKeyRateThrottle(FixedWindowRateThrottle):
    """Limits each API key, identified by its prefix: the secret never reaches the cache."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, APIKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class StaffRateThrottle(FixedWindowRateThrottle):
    """Limits each logged-in user of the browsable API."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonRateThrottle(FixedWindowRateThrottle):
    """Limits requests without key or session (the public catalogue) per client IP."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.auth is not None or (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class AuthFailureThrottle(FixedWindowRateThrottle):
    """Limits failed key authentications per client address (rate "auth_failures").

    DRF authenticates before it throttles, so ApiKeyAuthentication asks this on each
    failure: past the rate the failure is a 429 instead of a 401 until the window
    ends. Valid keys never come here, so a partner behind the same address keeps
    working. Fails open like the throttles above.
    """

    scope = "auth_failures"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
