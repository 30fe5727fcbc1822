"""GET /api/v2/orders: status and shipment in the order; status and updated_after filters; the sync cursor."""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from api.v2.pagination import INVALID_CURSOR
from orders.models import Order
from orders.services import cancel_order, edit_order, record_fulfilment
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v2/orders"
SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def ids(body):
    return [order["id"] for order in body["results"]]


def sync(key_client, since, page_size=2):
    """What a partner does: follow `next` from ?updated_after=since to the end."""
    url, seen = f"{ORDERS}?{urlencode({'updated_after': since, 'page_size': page_size})}", []
    while url:
        body = key_client.get(url).json()
        seen += [(order["id"], order["updated_at"]) for order in body["results"]]
        url = body["next"]
    return seen


def test_a_fulfilled_order_shows_its_shipment(key_client, settings, order):
    settings.TIME_ZONE = "UTC"
    fulfilled = record_fulfilment(order=order, **SHIPMENT)
    body = key_client.get(f"{ORDERS}/{order.pk}").json()
    stamp = fulfilled.updated_at.isoformat().replace("+00:00", "Z")
    assert (body["status"], body["updated_at"]) == ("fulfilled", stamp)
    assert body["fulfillment"] == {**SHIPMENT, "fulfilled_at": stamp}
    assert list(body) == ["id", "created_at", "updated_at", "status", "address", "lines", "total", "fulfillment"]


def test_status_filter(key_client, cookie):
    placed, fulfilled, cancelled = (make_order(lines={cookie: 1}) for _ in range(3))
    record_fulfilment(order=fulfilled, **SHIPMENT)
    cancel_order(order=cancelled)
    for status, order in [("placed", placed), ("fulfilled", fulfilled), ("cancelled", cancelled)]:
        assert ids(key_client.get(ORDERS, {"status": status}).json()) == [order.pk]


@pytest.mark.parametrize("status", ["shipped", "PLACED", "placed "])
def test_an_unknown_status_is_a_400_naming_the_parameter(key_client, status):
    response = key_client.get(ORDERS, {"status": status})
    assert response.status_code == 400
    assert response.json() == {"error": f"status: Select a valid choice. {status} is not one of the available choices."}


def test_updated_after_lists_changes_in_updated_at_order_strictly_after(key_client, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(4)]
    since = key_client.get(f"{ORDERS}/{orders[1].pk}").json()["updated_at"]
    record_fulfilment(order=orders[0], **SHIPMENT)
    edit_order(order=orders[1], save_changes=lambda: None)
    body = key_client.get(ORDERS, {"updated_after": since}).json()
    assert ids(body) == [orders[2].pk, orders[3].pk, orders[0].pk, orders[1].pk]


def test_a_sync_sees_changes_made_while_it_pages_and_the_next_sync_sees_the_rest(key_client, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(5)]
    first_page = key_client.get(ORDERS, {"updated_after": "2000-01-01", "page_size": 2}).json()
    assert ids(first_page) == [orders[0].pk, orders[1].pk]
    # While the partner reads, staff edit an order it has read, and another is cancelled.
    edit_order(order=orders[0], save_changes=lambda: None)
    cancel_order(order=orders[3])
    rest = []
    url = first_page["next"]
    while url:
        body = key_client.get(url).json()
        rest += ids(body)
        url = body["next"]
    assert rest == [orders[2].pk, orders[4].pk, orders[0].pk, orders[3].pk]
    last_seen = key_client.get(f"{ORDERS}/{orders[3].pk}").json()["updated_at"]
    assert sync(key_client, last_seen) == []
    new = make_order(lines={cookie: 2})
    assert sync(key_client, last_seen) == [(new.pk, key_client.get(f"{ORDERS}/{new.pk}").json()["updated_at"])]


def test_updated_after_takes_the_same_formats_as_created_after(key_client, cookie):
    order = make_order(lines={cookie: 1}, placed_at=datetime(2024, 1, 2, 9, 30, tzinfo=UTC))
    assert ids(key_client.get(ORDERS, {"updated_after": "2024-01-02"}).json()) == [order.pk]
    assert ids(key_client.get(ORDERS, {"updated_after": "2024-01-02T09:30:00Z"}).json()) == []
    response = key_client.get(ORDERS, {"updated_after": "yesterday"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("updated_after: 'yesterday' is not a date.")


@pytest.mark.parametrize("cursor", ["nabc", "n2024-01-02T09:30:00Z", "n7x", "n" + "9" * 19, "cD0xMjM="])
def test_a_sync_cursor_with_a_bad_position_is_a_400(key_client, order, cursor):
    response = key_client.get(ORDERS, {"updated_after": "2000-01-01", "cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"error": f"cursor: {INVALID_CURSOR}"}


@pytest.mark.parametrize("position", ["0", "1", "9" * 18])
def test_every_sync_position_of_the_schema_is_served(key_client, order, position):
    """A position is microseconds since 1970: 0 is before every order, 18 nines after the last instant."""
    response = key_client.get(ORDERS, {"updated_after": "2000-01-01", "cursor": f"n{position}"})
    assert response.status_code == 200
    assert ids(response.json()) == ([] if position == "9" * 18 else [order.pk])


def test_orders_keep_the_id_order_without_updated_after(key_client, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]
    cancel_order(order=orders[0])
    assert ids(key_client.get(ORDERS).json()) == [order.pk for order in orders]
    assert Order.objects.get(pk=orders[0].pk).status == "cancelled"
