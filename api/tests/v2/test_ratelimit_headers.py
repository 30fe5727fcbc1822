"""RateLimit-Policy and RateLimit (IETF draft, rev. 10) on every v2 answer to a key; none on frozen v1."""

import http_sf
import pytest

from api.tests.conftest import WINDOW_START

pytestmark = pytest.mark.django_db


def parsed(response, name):
    """The header as an RFC 8941 List; http_sf raises on anything that is not one."""
    return http_sf.parse(response[name].encode("ascii"), tltype="list")


def test_v2_answers_state_the_policy_and_what_remains(key_client, order, rates, clock):
    rates(api_key="5/min")
    clock[0] = WINDOW_START + 18.5
    key_client.get("/api/v2/orders")

    response = key_client.get("/api/v2/orders")

    assert response.status_code == 200
    assert parsed(response, "RateLimit-Policy") == [("api_key", {"q": 5, "w": 60})]
    assert parsed(response, "RateLimit") == [("api_key", {"r": 3, "t": 42})]


def test_a_429_carries_them_with_retry_after(key_client, order, rates, clock):
    rates(api_key="1/hour")
    clock[0] = WINDOW_START + 600
    key_client.get("/api/v2/orders")

    response = key_client.get("/api/v2/orders/export")

    assert response.status_code == 429
    assert response["Retry-After"] == "3000"
    assert parsed(response, "RateLimit-Policy") == [("api_key", {"q": 1, "w": 3600})]
    assert parsed(response, "RateLimit") == [("api_key", {"r": 0, "t": 3000})]


@pytest.mark.parametrize("path", ["/api/v2/orders", "/api/v2/orders/export", "/api/v2/cookies", "/api/v2/key"])
def test_every_v2_endpoint_sends_them_to_a_key(key_client, order, path):
    response = key_client.get(path)
    assert response.status_code == 200
    assert [name for name, _ in parsed(response, "RateLimit")] == ["api_key"]
    assert [name for name, _ in parsed(response, "RateLimit-Policy")] == ["api_key"]


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/orders/1", "/api/v1/cookies"])
def test_frozen_v1_sends_none(key_client, order, path):
    response = key_client.get(path)
    assert not response.has_header("RateLimit")
    assert not response.has_header("RateLimit-Policy")


def test_with_the_cache_unreachable_only_the_policy_is_stated(key_client, order, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: connections are refused
        }
    }
    response = key_client.get("/api/v2/orders")
    assert response.status_code == 200
    assert [name for name, _ in parsed(response, "RateLimit-Policy")] == ["api_key"]
    assert not response.has_header("RateLimit")
