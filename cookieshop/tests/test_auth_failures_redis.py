"""The failed-authentication limit on the real shared cache: exact under concurrency, open when unreachable."""

import logging
from concurrent.futures import ThreadPoolExecutor

import environ
import pytest
from django.test import Client

from api import throttling
from api.authentication import INVALID_KEY
from cookieshop.tests import servers

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"
LIMIT = 30


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, set by the test (DRF's `timer` hook), 20 s before a minute ends."""
    monkeypatch.setattr(throttling.FixedWindowRateThrottle, "timer", lambda self: 1_000_000.0)


def test_failures_are_counted_exactly_in_redis_under_concurrency(settings, clock):
    """Many clients at once on the shared cache: exactly LIMIT 401s, never more (cache.add + cache.incr)."""
    settings.CACHES = {"default": environ.Env.cache_url_config(servers.redis_url_or_skip())}

    def fail(_):
        return Client().get(ORDERS, HTTP_X_API_KEY="nonsense").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fail, range(3 * LIMIT)))
    assert statuses.count(401) == LIMIT
    assert statuses.count(429) == 2 * LIMIT


def test_an_unreachable_cache_fails_open_with_a_warning(api_client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{servers.free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    caplog.set_level(logging.WARNING, logger="api.throttling")
    response = api_client.get(ORDERS, HTTP_X_API_KEY="nonsense")
    assert response.status_code == 401
    assert response.json() == {"error": INVALID_KEY}
    assert "Rate limit auth_failures not applied: the cache is unreachable" in caplog.text


def test_a_request_in_a_begun_window_costs_one_round_trip_to_redis(key_client, settings, clock, monkeypatch):
    """The per-key limit of a request: `incr` alone once the window has begun; `add` only starts a window."""
    settings.CACHES = {"default": environ.Env.cache_url_config(servers.redis_url_or_skip())}
    from django.core.cache import caches

    cache, calls = caches["default"], []  # the backend itself: the throttles' proxy leads to it
    for name in ("add", "get", "set", "incr", "get_many", "set_many"):
        real = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _real=real, _name=name, **kw: calls.append(_name) or _real(*a, **kw)
        )
    assert key_client.get(ORDERS).status_code == 200
    assert calls == ["incr", "add", "incr"]  # the window's first request starts its counter
    calls.clear()
    assert key_client.get(ORDERS).status_code == 200
    assert calls == ["incr"]
