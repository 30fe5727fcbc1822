"""Conditional GET on v2 orders: ETag, 304 with no body, not counted against the rate limit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.authentication import INVALID_KEY, MISSING_KEY
from api.tests.conftest import WINDOW_START
from orders import services
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v2/orders"


def counter(api_key) -> int | None:
    """The key's rate-limit counter in the current (minute) window."""
    return cache.get(f"throttle_api_key_{api_key.split('.')[0]}_{WINDOW_START // 60}")


def test_second_get_with_the_etag_is_304_without_body_and_not_counted(key_client, api_key, order, clock):
    first = key_client.get(ORDERS)
    assert first.status_code == 200
    assert counter(api_key) == 1

    second = key_client.get(ORDERS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]
    assert counter(api_key) == 1
    assert second["RateLimit"] == first["RateLimit"]


def test_a_304_is_answered_past_the_quota_and_a_200_is_not(key_client, order, rates, clock):
    rates(api_key="1/min")
    etag = key_client.get(ORDERS)["ETag"]
    assert [key_client.get(ORDERS, HTTP_IF_NONE_MATCH=etag).status_code for _ in range(3)] == [304] * 3
    assert key_client.get(ORDERS).status_code == 429


def test_a_new_order_on_the_page_gives_200_and_a_new_etag(key_client, cookie, order, clock):
    etag = key_client.get(ORDERS)["ETag"]
    new = make_order(lines={cookie: 1})

    response = key_client.get(ORDERS, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [order.pk, new.pk]
    assert response["ETag"] not in (etag, None)


def test_an_order_after_a_full_page_changes_its_etag_as_it_gains_a_next_link(key_client, cookie, clock):
    for _ in range(2):
        make_order(lines={cookie: 1})
    etag = key_client.get(ORDERS, {"page_size": 2})["ETag"]
    make_order(lines={cookie: 1})

    response = key_client.get(ORDERS, {"page_size": 2}, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["next"] is not None
    assert response["ETag"] != etag


def test_each_query_has_its_own_etag(key_client, order, cookie):
    etags = {key_client.get(ORDERS, query)["ETag"] for query in [{}, {"page_size": 1}, {"cookie": cookie.slug}]}
    assert len(etags) == 3


def test_a_weak_or_listed_etag_matches_too(key_client, order):
    etag = key_client.get(ORDERS)["ETag"]
    assert key_client.get(ORDERS, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304


@pytest.mark.parametrize(
    ("key", "message"), [(None, MISSING_KEY), ("abcdefgh.00000000000000000000000000000000", INVALID_KEY)]
)
def test_a_304_still_needs_a_valid_key(api_client, api_key, order, key, message):
    etag = api_client.get(ORDERS, HTTP_X_API_KEY=api_key)["ETag"]
    headers = {"HTTP_X_API_KEY": key} if key else {}
    response = api_client.get(ORDERS, HTTP_IF_NONE_MATCH=etag, **headers)
    assert response.status_code == 401
    assert response.json() == {"error": message}
    assert not response.has_header("ETag")


def test_order_detail_is_conditional(key_client, order, cookie):
    first = key_client.get(f"{ORDERS}/{order.pk}")
    assert first.status_code == 200
    second = key_client.get(f"{ORDERS}/{order.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (second.status_code, second.content, second["ETag"]) == (304, b"", first["ETag"])
    other = make_order(lines={cookie: 1})
    assert key_client.get(f"{ORDERS}/{other.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("path", [f"{ORDERS}/999999", f"{ORDERS}?created_after=yesterday", f"{ORDERS}?cursor=%%%"])
def test_errors_carry_no_etag_and_are_counted(key_client, api_key, order, path, clock):
    response = key_client.get(path, HTTP_IF_NONE_MATCH="*")
    assert response.status_code in (400, 404)
    assert not response.has_header("ETag")
    assert counter(api_key) == 1


def test_the_browsable_api_gets_no_etag(staff_client, order):
    response = staff_client.get(ORDERS, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_a_304_costs_two_small_queries(key_client, cookie):
    for _ in range(12):
        make_order(lines={cookie: 2})
    etag = key_client.get(ORDERS, {"page_size": 10})["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        assert key_client.get(ORDERS, {"page_size": 10}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # The key, then the page's ids and versions: no address, no lines, nothing rendered.
    assert len(ctx.captured_queries) == 2
    assert "orders_cookieorder" not in ctx.captured_queries[1]["sql"]


def ship(order):
    services.record_fulfilment(order=order, carrier="UPS", tracking_number="1Z999")


def cancel(order):
    services.cancel_order(order=order)


def move(order):
    """A staff edit of the address, through the service the admin's save calls."""
    address = order.address

    def save_changes():
        address.city = "Elsewhere"
        address.save()

    services.edit_order(order=order, save_changes=save_changes)


@pytest.mark.parametrize("change", [ship, cancel, move], ids=["fulfilment", "cancel", "staff edit"])
@pytest.mark.parametrize("path", ["list", "detail"])
def test_any_change_of_an_order_on_the_page_gives_200_and_a_new_etag(key_client, order, clock, change, path):
    url = ORDERS if path == "list" else f"{ORDERS}/{order.pk}"
    before = key_client.get(url)
    etag = before["ETag"]
    assert key_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    change(order)
    response = key_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] not in (etag, None)
    assert response.json() != before.json()  # the body changed, and so did its ETag
    assert key_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
