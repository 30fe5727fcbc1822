"""Provides system checks that stop the API's misconfiguration at startup, naming the fix."""

from django.conf import settings
from django.core import checks
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

RATE_VARIABLES = {"api_key": "API_RATE_PER_KEY", "user": "API_RATE_PER_STAFF_USER", "anon": "API_RATE_PER_IP"}
# Caches whose counters live in one process (or nowhere): each gunicorn worker would
# count the rate limits alone, so N workers let N times the rate through.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "local memory",
    "django.core.cache.backends.dummy.DummyCache": "the dummy cache, which stores nothing",
}


@checks.register(checks.Tags.compatibility)
def check_api_settings(app_configs, **kwargs):
    """Rates must parse as DRF rates, and 1 ≤ API_PAGE_SIZE ≤ API_MAX_PAGE_SIZE."""
    errors = []
    rates = api_settings.DEFAULT_THROTTLE_RATES
    for scope, variable in RATE_VARIABLES.items():
        try:
            SimpleRateThrottle.parse_rate(None, rates.get(scope))
            valid = rates.get(scope) is not None
        except (KeyError, ValueError, AttributeError):
            valid = False
        if not valid:
            errors.append(
                checks.Error(
                    f"The rate {rates.get(scope)!r} for {scope!r} is not a DRF rate.",
                    hint=f"Set {variable} to a number of requests per sec, min, hour or day, e.g. 1200/min.",
                    id="api.E001",
                )
            )
    page_size, maximum = api_settings.PAGE_SIZE, settings.API_MAX_PAGE_SIZE
    if not (isinstance(page_size, int) and isinstance(maximum, int) and 1 <= page_size <= maximum):
        errors.append(
            checks.Error(
                f"API_PAGE_SIZE ({page_size}) must be at least 1 and at most API_MAX_PAGE_SIZE ({maximum}).",
                hint="Set API_PAGE_SIZE and API_MAX_PAGE_SIZE so that 1 ≤ API_PAGE_SIZE ≤ API_MAX_PAGE_SIZE.",
                id="api.E002",
            )
        )
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limits_are_shared(app_configs, **kwargs):
    """Rate limits must be counted in a cache that all of gunicorn's workers share."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES or settings.WEB_CONCURRENCY <= 1:
        return []
    return [
        checks.Warning(
            f"Rate limits are counted in {PER_PROCESS_CACHES[backend]} ({backend}) while "
            f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY} workers serve: each worker counts alone, "
            "so clients get up to that many times their limit.",
            hint="Set CACHE_URL to a shared cache (redis://host:6379/0), or WEB_CONCURRENCY=1.",
            id="api.W001",
        )
    ]
