"""With the cache (Redis) unreachable, rate limits fail open, as README "Reliability" says, and nothing crashes."""

import pytest

from api.models import APIKey
from api.throttling import CACHE_UNAVAILABLE
from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from cookieshop.tests.ports import free_port
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

# The warning up to the cache's own error text: "Rate limit api_key not applied: … unreachable ".
KEY_LIMIT_SKIPPED = CACHE_UNAVAILABLE.split("(%s)")[0] % "api_key"


@pytest.fixture
def redis_down(settings, rates):
    """The cache is django-redis on a port where nothing listens: every call is refused."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    rates(api_key="1/min", user="1/min", anon="1/min", auth_failures="1/min")


def test_keys_are_served_past_their_limit_while_the_cache_is_unreachable(key_client, order, redis_down, caplog):
    statuses = [key_client.get("/api/v1/orders").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    warnings = [r.getMessage() for r in caplog.records if r.name == "api.throttling"]
    assert len(warnings) == 3
    assert warnings[0].startswith(KEY_LIMIT_SKIPPED)
    assert "Connection refused" in warnings[0]


def test_the_public_catalogue_is_served_while_the_cache_is_unreachable(api_client, cookie, redis_down):
    responses = [api_client.get("/api/v1/cookies") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert responses[-1].json()[0]["slug"] == cookie.slug


def test_staff_browse_while_the_cache_is_unreachable(staff_client, redis_down):
    assert [staff_client.get("/api/v1/orders").status_code for _ in range(3)] == [200, 200, 200]


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_real_server_whose_redis_refuses_connections_keeps_serving(start_server):
    order = make_order(lines={make_cookie(): 1})
    _, key = APIKey.objects.create_key(name="cache outage")
    server = start_server(CACHE_URL=f"redis://127.0.0.1:{free_port()}/0", API_RATE_PER_KEY="1/min")
    responses = [server.get("/api/v1/orders", headers={"X-API-Key": key}) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [o["id"] for o in responses[-1].json()] == [order.pk]
    assert KEY_LIMIT_SKIPPED in server.log
