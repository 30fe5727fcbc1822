"""GET /api/v2/orders pages by cursor: an envelope, oldest first, stable while orders arrive."""

from urllib.parse import urlencode

import pytest

from api.pagination import PAGE_SIZE_NOT_A_POSITIVE_INTEGER
from api.v2.pagination import INVALID_CURSOR
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v2/orders"


def ids(results):
    return [order["id"] for order in results]


def walk(key_client, url, between_pages=lambda: None):
    """Follow `next` from `url` to the end, calling `between_pages` before each next page."""
    seen = []
    while url:
        body = key_client.get(url).json()
        seen += ids(body["results"])
        url = body["next"]
        if url:
            between_pages()
    return seen


def test_list_is_an_envelope_oldest_first_with_absolute_urls(key_client, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]

    first = key_client.get(ORDERS, {"page_size": 2}).json()

    assert list(first) == ["next", "previous", "results"]
    assert ids(first["results"]) == [o.pk for o in orders[:2]]
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v2/orders?")
    second = key_client.get(first["next"]).json()
    assert ids(second["results"]) == [orders[2].pk]
    assert second["next"] is None
    assert second["previous"].startswith("http://testserver/api/v2/orders?")
    assert ids(key_client.get(second["previous"]).json()["results"]) == [o.pk for o in orders[:2]]


def test_walking_next_while_orders_arrive_sees_every_order_exactly_once(key_client, cookie):
    existing = [make_order(lines={cookie: 1}) for _ in range(7)]
    arrived = []

    def new_order_between_pages():
        if len(arrived) < 5:
            arrived.append(make_order(lines={cookie: 2}))

    seen = walk(key_client, f"{ORDERS}?page_size=3", between_pages=new_order_between_pages)

    assert len(arrived) == 2  # after pages 1 and 2; page 3 (orders 7-9) was the last
    assert seen == [o.pk for o in existing + arrived]
    assert len(set(seen)) == len(seen) == 9


def test_page_size_works_as_in_v1(key_client, cookie, settings):
    settings.API_MAX_PAGE_SIZE = 2
    for _ in range(3):
        make_order(lines={cookie: 1})
    assert len(key_client.get(ORDERS, {"page_size": 50}).json()["results"]) == 2
    response = key_client.get(ORDERS, {"page_size": "0"})
    assert response.status_code == 400
    assert response.json() == {"error": f"page_size: {PAGE_SIZE_NOT_A_POSITIVE_INTEGER}"}


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "%%%",
        "",
        "cD1hYmM=",  # p=abc: a position that is not an id
        "cD0xJm89LTE=",  # p=1&o=-1
        "cj14",  # r=x
        "cD0xMTExMTExMTExMTExMTExMTExMTExMQ==",  # an id with 23 digits
    ],
)
def test_a_bad_cursor_is_a_400_naming_it(key_client, order, cursor):
    response = key_client.get(f"{ORDERS}?{urlencode({'cursor': cursor})}")
    assert response.status_code == 400
    assert response.json() == {"error": f"cursor: {INVALID_CURSOR}"}
