"""Provides system checks that stop the API's misconfiguration at startup, naming the fix."""

import argparse
import contextlib
import io
import shlex

from django.conf import settings
from django.core import checks
from gunicorn.config import Config
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

RATE_VARIABLES = {
    "api_key": "API_RATE_PER_KEY",
    "user": "API_RATE_PER_STAFF_USER",
    "anon": "API_RATE_PER_IP",
    "auth_failures": "API_RATE_AUTH_FAILURES",
}
# Caches whose counts gunicorn's workers do not share exactly: N workers let up to N
# times the rate through.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "local memory, which each worker keeps alone",
    "django.core.cache.backends.filebased.FileBasedCache": (
        "files, which each host keeps alone and whose increments are not atomic"
    ),
}
# Stores nothing: every count starts again at zero, so no limit ever applies, whatever the workers.
DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"
SHARED_CACHE_HINT = "Set CACHE_URL to a shared cache (redis://host:6379/0)"


@checks.register(checks.Tags.compatibility)
def check_api_settings(app_configs, **kwargs):
    """Every throttle rate must parse as a DRF rate, and 1 ≤ API_PAGE_SIZE ≤ API_MAX_PAGE_SIZE."""
    rates = api_settings.DEFAULT_THROTTLE_RATES
    errors = [
        checks.Error(
            f"The rate {rate!r} for {scope!r} is not a DRF rate.",
            hint=f"Set {rate_variable(scope)} to a number of requests per sec, min, hour or day, e.g. 1200/min.",
            id="api.E001",
        )
        # The project's scopes are checked even when missing (None), any other scope as set.
        for scope, rate in {**dict.fromkeys(RATE_VARIABLES), **rates}.items()
        if not is_drf_rate(rate)
    ]
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


def is_drf_rate(rate) -> bool:
    """Whether DRF's throttles parse `rate` into at least one request per period (else each request is a 500)."""
    try:
        number, _ = SimpleRateThrottle.parse_rate(None, rate)
    except (KeyError, ValueError, IndexError, AttributeError, TypeError):
        return False
    return number is not None and number >= 1


def rate_variable(scope: str) -> str:
    """The environment variable that sets a scope's rate, or the setting for a scope that has none."""
    return RATE_VARIABLES.get(scope, f'REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][{scope!r}]')


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limits_are_shared(app_configs, **kwargs):
    """Rate limits must be counted in a cache that stores them and that all of gunicorn's workers share."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend == DUMMY_CACHE:
        return [
            checks.Warning(
                f"Rate limits are counted in the dummy cache ({backend}), which stores nothing: "
                "no rate limit, failed-authentication limit or checkout limit ever applies.",
                hint=f"{SHARED_CACHE_HINT}.",
                id="api.W001",
            )
        ]
    workers, source = gunicorn_workers()
    if backend not in UNSHARED_CACHES or workers <= 1:
        return []
    return [
        checks.Warning(
            f"Rate limits are counted in {UNSHARED_CACHES[backend]} ({backend}) while {workers} "
            f"gunicorn workers serve ({source}): clients get up to that many times their limit.",
            hint=f"{SHARED_CACHE_HINT}, or run one worker: WEB_CONCURRENCY=1 and no --workers in GUNICORN_CMD_ARGS.",
            id="api.W001",
        )
    ]


def gunicorn_workers() -> tuple[int, str]:
    """How many workers gunicorn starts, and from which variable: GUNICORN_CMD_ARGS wins over WEB_CONCURRENCY.

    Read with gunicorn's own parser, so that -w 3, -w3, --workers=3 and --work 3 all count.
    """
    parser = Config().parser()
    parser.exit_on_error = False
    # argparse prints its help (-h) and some errors before it exits: kept out of the check's output.
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            options, _ = parser.parse_known_args(shlex.split(settings.GUNICORN_CMD_ARGS))
    except (argparse.ArgumentError, ValueError, SystemExit):
        options = None  # gunicorn refuses to start with these arguments: nothing to count
    if options is not None and options.workers is not None:
        return options.workers, f"GUNICORN_CMD_ARGS={settings.GUNICORN_CMD_ARGS!r}"
    return settings.WEB_CONCURRENCY, f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY}"
