"""Failed key authentication is limited per client address: past the rate a 429, valid keys still served."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api import throttling
from api.authentication import INVALID_KEY, KEY_IN_URL, MISSING_KEY, TOO_MANY_FAILURES
from api.models import APIKey

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"
LIMIT = 30
NOW = 1_000_000.0  # 20 s before a minute ends: 1_000_020 is a multiple of 60


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, set by the test (DRF's `timer` hook)."""
    now = [NOW]
    monkeypatch.setattr(throttling.FixedWindowRateThrottle, "timer", lambda self: now[0])
    return now


def expired_key():
    return APIKey.objects.create_key(name="old", expiry_date=timezone.now() - timedelta(seconds=1))[1]


def revoked_key():
    return APIKey.objects.create_key(name="revoked", revoked=True)[1]


def wrong_secret(api_key):
    return api_key.split(".")[0] + ".0123456789abcdef0123456789abcdef"


FAILURES = {
    "unknown key": lambda key: ({}, {"HTTP_X_API_KEY": "abcdefgh.0123456789abcdef0123456789abcdef"}),
    "real prefix, wrong secret": lambda key: ({}, {"HTTP_X_API_KEY": wrong_secret(key)}),
    "expired key": lambda key: ({}, {"HTTP_X_API_KEY": expired_key()}),
    "revoked key": lambda key: ({}, {"HTTP_AUTHORIZATION": f"Api-Key {revoked_key()}"}),
    "malformed key": lambda key: ({}, {"HTTP_X_API_KEY": "nonsense"}),
    "key in the URL": lambda key: ({"key": key}, {}),
    "key-shaped token in the URL": lambda key: ({"token": key}, {"HTTP_X_API_KEY": key}),
}


def assert_429(response, wait: int):
    assert response.status_code == 429
    assert response["Retry-After"] == str(wait)
    assert response["Content-Type"] == "application/json"
    unit = "second" if wait == 1 else "seconds"
    assert response.json() == {"error": f"{TOO_MANY_FAILURES} Expected available in {wait} {unit}."}


@pytest.mark.parametrize("kind", FAILURES)
def test_past_the_limit_a_failure_is_a_429_and_a_valid_key_still_works(api_client, api_key, order, clock, kind):
    params, headers = FAILURES[kind](api_key)
    statuses = [api_client.get(ORDERS, params, **headers).status_code for _ in range(LIMIT)]
    assert statuses == [401] * LIMIT
    assert_429(api_client.get(ORDERS, params, **headers), 20)
    valid = api_client.get(ORDERS, HTTP_X_API_KEY=api_key)
    assert valid.status_code == 200
    assert [o["id"] for o in valid.json()] == [order.pk]
    # The public catalogue counts too: a bad key is refused there as well.
    assert_429(api_client.get("/api/v1/cookies", params, **headers), 20)


def test_the_limit_lifts_when_the_window_ends(api_client, clock):
    for _ in range(LIMIT):
        api_client.get(ORDERS, HTTP_X_API_KEY="nonsense")
    clock[0] += 19
    assert_429(api_client.get(ORDERS, HTTP_X_API_KEY="nonsense"), 1)
    clock[0] += 1  # the next minute
    response = api_client.get(ORDERS, HTTP_X_API_KEY="nonsense")
    assert response.status_code == 401
    assert response.json() == {"error": INVALID_KEY}


def test_another_address_is_not_affected(api_client, clock):
    for _ in range(LIMIT + 1):
        api_client.get(ORDERS, {"key": "x"})
    other = Client(REMOTE_ADDR="198.51.100.9")
    response = other.get(ORDERS, {"key": "x"})
    assert response.status_code == 401
    assert response.json() == {"error": KEY_IN_URL}


def test_requests_without_a_key_are_not_failures(api_client, clock):
    statuses = {api_client.get(ORDERS).status_code for _ in range(LIMIT + 5)}
    assert statuses == {401}
    assert api_client.get(ORDERS).json() == {"error": MISSING_KEY}


def test_the_rate_comes_from_the_settings(api_client, settings, clock):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth_failures": "2/hour"},
    }
    statuses = [api_client.get(ORDERS, HTTP_X_API_KEY="nonsense").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_the_default_rate_is_30_a_minute():
    assert django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_failures"] == "30/min"


def failures_counted() -> int:
    """The address's failures in the clock's window, as AuthFailureThrottle counts them."""
    return cache.get(f"throttle_auth_failures_127.0.0.1_{int(NOW // 60)}")


REFUSED_UNLOOKED = {
    "malformed key": ({}, {"HTTP_X_API_KEY": "nonsense"}),
    "key in the URL": ({"key": "abcdefgh.0123456789abcdef0123456789abcdef"}, {}),
}


@pytest.mark.parametrize("kind", REFUSED_UNLOOKED)
def test_over_the_limit_a_url_or_malformed_key_is_a_429_at_once(api_client, clock, django_assert_num_queries, kind):
    params, headers = REFUSED_UNLOOKED[kind]
    for _ in range(LIMIT + 1):
        api_client.get(ORDERS, HTTP_X_API_KEY="nonsense")
    assert failures_counted() == LIMIT + 1
    for _ in range(3):
        with django_assert_num_queries(0):
            assert_429(api_client.get(ORDERS, params, **headers), 20)
    assert failures_counted() == LIMIT + 1  # peeked at, not counted again


def test_over_the_limit_a_well_formed_key_is_still_looked_up(api_client, api_key, clock, django_assert_num_queries):
    for _ in range(LIMIT + 1):
        api_client.get(ORDERS, HTTP_X_API_KEY="nonsense")
    with django_assert_num_queries(1) as lookups:
        assert_429(api_client.get(ORDERS, HTTP_X_API_KEY=wrong_secret(api_key)), 20)
    assert "api_apikey" in lookups.captured_queries[0]["sql"]
    assert failures_counted() == LIMIT + 2
    assert api_client.get(ORDERS, HTTP_X_API_KEY=api_key).status_code == 200
