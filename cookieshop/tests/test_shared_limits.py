"""Several server processes on one Redis and one database enforce one limit: they keep no state of their own."""

import re
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import environ
import pytest
import redis
from django.core.cache import cache

from api import throttling
from api.models import APIKey
from cookieshop.tests import servers

pytestmark = pytest.mark.django_db


def test_rate_limit_counters_live_in_redis(key_client, api_key, redis_url, settings, rates, monkeypatch):
    settings.CACHES = {"default": environ.Env.cache_url_config(redis_url)}  # as settings.py reads CACHE_URL
    rates(api_key="2/min", user="2/min", anon="2/min", auth_failures="2/min")
    monkeypatch.setattr(throttling.FixedWindowRateThrottle, "timer", lambda self: 1_000_020.0)
    statuses = [key_client.get("/api/v1/cookies").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    prefix = api_key.split(".")[0]
    # One counter per key and minute (1_000_020 s is the start of minute 16_667), past the quota.
    assert cache.get(f"throttle_api_key_{prefix}_16667") == 3


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_server_processes_on_one_redis_enforce_one_limit_per_key(start_server, redis_url):
    _, key = APIKey.objects.create_key(name="shared")
    _, other_key = APIKey.objects.create_key(name="other")
    first, second = (start_server(CACHE_URL=redis_url, API_RATE_PER_KEY="4/min") for _ in range(2))
    assert first.env["PORT"] != second.env["PORT"]

    statuses = [server.get("/api/v1/cookies", headers={"X-API-Key": key}).status_code for server in [first, second] * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert second.get("/api/v1/cookies", headers={"X-API-Key": other_key}).status_code == 200


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_requests_from_two_servers_get_exactly_the_quota(start_server, redis_url):
    _, key = APIKey.objects.create_key(name="burst")
    # Threaded workers, so that requests really overlap: DRF's read-then-write throttles let 35-38 through here.
    # A day's window: the test cannot straddle a window's boundary but once a day, for a second.
    first, second = (
        start_server(
            CACHE_URL=redis_url, API_RATE_PER_KEY="20/day", WEB_CONCURRENCY="2", GUNICORN_CMD_ARGS="--threads 8"
        )
        for _ in range(2)
    )

    def get(server):
        return server.get("/api/v2/orders", headers={"X-API-Key": key}).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = Counter(pool.map(get, [first, second] * 25))
    assert statuses == {200: 20, 429: 30}


@pytest.fixture
def own_redis():
    """A throwaway redis-server on a free port (never the shared one); the test stops it with `stop()`."""
    port = servers.free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    client = redis.Redis(port=port)
    servers.wait_for(client.ping, redis.ConnectionError)
    yield port, process
    process.kill()
    process.wait()


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_server_keeps_serving_when_its_redis_stops(start_server, own_redis):
    port, redis_process = own_redis
    _, key = APIKey.objects.create_key(name="outage")
    server = start_server(CACHE_URL=f"redis://127.0.0.1:{port}/0", API_RATE_PER_KEY="1/day")
    assert [server.get("/api/v2/orders", headers={"X-API-Key": key}).status_code for _ in range(2)] == [200, 429]
    redis_process.terminate()
    redis_process.wait()
    statuses = [server.get("/api/v2/orders", headers={"X-API-Key": key}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert throttling.CACHE_UNAVAILABLE.split(" (")[0] % "api_key" in server.log


def csrf_login(server, password: str) -> int:
    """Posts the admin login form as a browser would (CSRF cookie and token); returns the status."""
    form = server.get("/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = server.client.post(
        "/admin/login/",
        data={"username": "staff", "password": password, "csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={cookie}", "Origin": f"https://{server.host}"},
    )
    return response.status_code


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_admin_login_failures_add_up_across_server_processes(start_server, staff_user, settings):
    first, second = start_server(), start_server()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [csrf_login(server, "wrong") for server in [first, second] * limit][:limit]
    assert statuses == [200] * (limit - 1) + [429]
    assert csrf_login(first, "staff-password") == 429
