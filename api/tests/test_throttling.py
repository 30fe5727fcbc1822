"""Rate limits: per key (by prefix), per staff user, per IP for the public catalogue."""

import pytest

from api import throttling
from api.models import APIKey

pytestmark = pytest.mark.django_db


def test_key_is_limited_with_429_and_retry_after(key_client, rates, clock):
    rates(api_key="2/min")
    statuses = [key_client.get("/api/v1/orders").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = key_client.get("/api/v1/orders")
    assert response["Retry-After"] == "60"
    assert response.json() == {"error": "Request was throttled. Expected available in 60 seconds."}


def test_limit_lifts_when_the_window_passes(key_client, rates, clock):
    rates(api_key="1/min")
    assert key_client.get("/api/v1/orders").status_code == 200
    assert key_client.get("/api/v1/orders").status_code == 429
    clock[0] += 61
    assert key_client.get("/api/v1/orders").status_code == 200


def test_each_key_has_its_own_limit(api_client, api_key, rates, clock):
    rates(api_key="1/min")
    _, other = APIKey.objects.create_key(name="other")
    assert api_client.get("/api/v1/orders", HTTP_X_API_KEY=api_key).status_code == 200
    assert api_client.get("/api/v1/orders", HTTP_X_API_KEY=other).status_code == 200
    assert api_client.get("/api/v1/orders", HTTP_X_API_KEY=api_key).status_code == 429


def test_cache_keys_hold_the_prefix_never_the_secret(api_client, api_key, rates, clock):
    from django.core.cache import cache

    api_client.get("/api/v1/orders", HTTP_X_API_KEY=api_key)
    prefix, _, secret = api_key.partition(".")
    keys = list(cache._cache.keys())
    assert any(prefix in key for key in keys)
    assert not any(secret in key for key in keys)


def test_public_catalogue_is_limited_per_ip(api_client, rates, clock):
    rates(anon="2/min")
    assert [api_client.get("/api/v1/cookies").status_code for _ in range(3)] == [200, 200, 429]
    other_ip = api_client.get("/api/v1/cookies", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_forwarded_for_cannot_dodge_the_ip_limit(api_client, rates, clock):
    rates(anon="1/min")
    api_client.get("/api/v1/cookies")
    response = api_client.get("/api/v1/cookies", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 429


def test_staff_sessions_are_limited_per_user(staff_client, rates, clock):
    rates(user="1/min")
    assert staff_client.get("/api/v1/orders").status_code == 200
    assert staff_client.get("/api/v1/orders").status_code == 429


def test_default_rates_let_a_partner_page_through_10000_orders(settings):
    requests, seconds = throttling.ApiKeyRateThrottle().parse_rate(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"]
    )
    pages_of_100 = 10_000 // settings.REST_FRAMEWORK["PAGE_SIZE"]
    assert requests >= pages_of_100
    assert seconds <= 60
