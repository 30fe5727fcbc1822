"""Fixtures of the API tests."""

import pytest

from api import throttling

# A start of a day's, hour's and minute's window: a test's requests share one window.
WINDOW_START = 12 * 86_400


@pytest.fixture
def key_client(api_client, api_key):
    """An API client that sends a valid key in X-API-Key with every request."""
    api_client.credentials(HTTP_X_API_KEY=api_key)
    return api_client


@pytest.fixture
def rates(settings):
    """Sets the throttle rates of the test; scopes not named get 1000/min."""

    def set_rates(**rates):
        defaults = {"api_key": "1000/min", "user": "1000/min", "anon": "1000/min"}
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**defaults, **rates},
        }

    return set_rates


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock (DRF's `timer` hook), set by the test; it starts at WINDOW_START."""
    now = [float(WINDOW_START)]
    monkeypatch.setattr(throttling.FixedWindowRateThrottle, "timer", lambda self: now[0])
    return now
