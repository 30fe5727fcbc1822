"""The checkout's rate limit: orders placed per client address, counted in the shared cache.

CHECKOUT_RATE (e.g. "10/hour", DRF's rate format) is read on each checkout. Counts are
kept per fixed window of that period: cache.add() opens a window's counter and
cache.incr() counts, both atomic in Redis, so all app processes share one exact count.
A form's token is counted once per window, however often the form is sent (a reload,
a double click, two copies at once): its repeats share the first copy's verdict.

The limit fails open: while the cache cannot be reached, orders are placed and a
warning is logged, as the API's throttles do, so an outage of Redis never stops sales.
"""

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .client_address import client_ip

logger = logging.getLogger(__name__)

# What a cache raises when its server is unreachable: django-redis wraps redis-py's
# errors, Django's own Redis backend lets them through.
CACHE_ERRORS = (ConnectionInterrupted, RedisError)
LIMIT_NOT_APPLIED = "Checkout limit not applied: the cache is unreachable (%s)."
BAD_RATE = "CHECKOUT_RATE must be orders per period, as in '10/hour' (periods: sec, min, hour, day), not {rate!r}."
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# Counters outlive their window a little, so that one cannot expire between add() and incr().
EXPIRY_MARGIN_SECONDS = 10


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/hour"` -> `(10, 3600)`: how many orders in how many seconds."""
    number, _, period = str(rate).partition("/")
    if not (number.isascii() and number.isdigit() and int(number) > 0 and period[:1] in PERIOD_SECONDS):
        raise ImproperlyConfigured(BAD_RATE.format(rate=rate))
    return int(number), PERIOD_SECONDS[period[0]]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    # Seconds until the window ends and the count starts again (for Retry-After).
    retry_after: int


class CheckoutLimit:
    """Counts the orders one client address places, one count per checkout form."""

    # Injected so that tests set the clock instead of sleeping (like DRF's throttle timer).
    clock = staticmethod(time.time)

    def __init__(self, request):
        self.address = client_ip(request)

    def check(self, token: str) -> Verdict:
        """Count the form with `token` (once) and say whether it may place its order."""
        limit, period = parse_rate(settings.CHECKOUT_RATE)
        now = self.clock()
        window = int(now // period) * period
        retry_after = max(1, math.ceil(window + period - now))
        try:
            count = self._count(f"orders:checkout-limit:{self.address}:{window}", token, retry_after)
        except CACHE_ERRORS as exc:
            logger.warning(LIMIT_NOT_APPLIED, exc)
            return Verdict(allowed=True, retry_after=0)
        return Verdict(allowed=count <= limit, retry_after=retry_after)

    @staticmethod
    def _count(counter: str, token: str, seconds_left: int) -> int:
        """The form's number in the window: counted first, then given back if its token was counted before."""
        timeout = seconds_left + EXPIRY_MARGIN_SECONDS
        cache.add(counter, 0, timeout)
        count = cache.incr(counter)
        # Taking the count before marking the token keeps two copies sent at once
        # consistent: whichever marks first, both get that copy's number and verdict.
        if cache.add(f"{counter}:{token}", count, timeout):
            return count
        cache.decr(counter)
        first = cache.get(f"{counter}:{token}")
        return first if type(first) is int else count
