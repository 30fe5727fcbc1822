"""Provides system checks that stop the API's misconfiguration at startup, naming the fix."""

from django.conf import settings
from django.core import checks
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

RATE_VARIABLES = {"api_key": "API_RATE_PER_KEY", "user": "API_RATE_PER_STAFF_USER", "anon": "API_RATE_PER_IP"}


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
