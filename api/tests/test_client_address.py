"""One client address (orders.client_address) for every per-address limit: checkout, API, admin lock-out."""

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from api.throttling import AnonRateThrottle
from orders.client_address import client_ip


@pytest.mark.parametrize(
    ("num_proxies", "forwarded_for", "expected"),
    [
        (0, None, "192.0.2.9"),
        (0, "203.0.113.1", "192.0.2.9"),  # no proxy is trusted: the header is the client's own claim
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "198.51.100.5, 203.0.113.1", "203.0.113.1"),  # what the one trusted proxy saw
        (2, "198.51.100.5, 203.0.113.1", "198.51.100.5"),
    ],
)
def test_the_checkout_the_api_and_the_admin_lock_out_see_the_same_client_address(
    settings, num_proxies, forwarded_for, expected
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", **headers)
    request.auth, request.user = None, AnonymousUser()  # an anonymous API request, as DRF leaves it

    assert client_ip(request) == expected
    assert get_client_ip_address(request) == expected
    assert AnonRateThrottle().get_cache_key(request, None) == f"throttle_anon_{expected}"
