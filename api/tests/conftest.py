"""Fixtures of the API tests: the throttles' clock."""

import pytest

from api import throttling

# A start of a day's, hour's and minute's window: a test's requests share one window.
WINDOW_START = 12 * 86_400


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock (DRF's `timer` hook), set by the test; it starts at WINDOW_START."""
    now = [float(WINDOW_START)]
    monkeypatch.setattr(throttling.FixedWindowRateThrottle, "timer", lambda self: now[0])
    return now
