"""GET /api/v2/events: the event shape, cursor pages walked exactly once, type and created_after filters."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from api.authentication import MISSING_KEY
from cookies.tests.factories import make_cookie
from orders.events import record_event
from orders.models import OrderEvent
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

EVENTS = "/api/v2/events"
T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


@transaction.atomic
def record(order, type, now=None):
    return record_event(order=order, type=type, now=now)


def ids(body):
    return [event["id"] for event in body["results"]]


def test_an_event_has_id_type_created_at_and_the_v2_order(key_client, settings, cookie):
    settings.TIME_ZONE = "America/New_York"
    order = make_order(lines={cookie: 3})
    event = record(order, "order.fulfilled", now=T0)

    response = key_client.get(f"{EVENTS}/{event.public_id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": event.public_id,
        "type": "order.fulfilled",
        "created_at": "2024-03-14T09:27:36-04:00",
        "data": {"order": key_client.get(f"/api/v2/orders/{order.pk}").json()},
    }
    assert list(response.json()) == ["id", "type", "created_at", "data"]
    assert event.public_id.startswith("evt_")


def test_the_list_is_oldest_first_in_the_v2_envelope(key_client, cookie):
    first, second = make_order(lines={cookie: 1}), make_order(lines={cookie: 2})
    events = list(OrderEvent.objects.order_by("id"))

    response = key_client.get(EVENTS, {"page_size": 1})

    body = response.json()
    assert response.status_code == 200
    assert list(body) == ["next", "previous", "results"]
    assert (ids(body), body["previous"]) == ([events[0].public_id], None)
    assert body["results"][0]["data"]["order"]["id"] == first.pk
    last = key_client.get(body["next"]).json()
    assert (ids(last), last["next"]) == ([events[1].public_id], None)
    assert last["results"][0]["data"]["order"]["id"] == second.pk


def test_a_walk_sees_every_event_once_while_new_ones_arrive(key_client, cookie):
    for n in range(1, 4):
        make_order(lines={cookie: n})
    seen, url = [], f"{EVENTS}?page_size=2"
    while url:
        body = key_client.get(url).json()
        seen += ids(body)
        url = body["next"]
        if len(seen) < 6:
            order = make_order(lines={cookie: 1})  # arrives while the client pages through
            record(order, "order.cancelled")
    assert seen == list(OrderEvent.objects.order_by("id").values_list("public_id", flat=True))
    assert len(seen) == len(set(seen)) == OrderEvent.objects.count()


def test_type_filters_and_an_unknown_type_is_a_400(key_client, cookie):
    order = make_order(lines={cookie: 1})
    cancelled = record(order, "order.cancelled")

    assert ids(key_client.get(EVENTS, {"type": "order.cancelled"}).json()) == [cancelled.public_id]
    response = key_client.get(EVENTS, {"type": "order.shipped"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "type: unknown event type order.shipped: use one of "
        "order.created, order.updated, order.fulfilled, order.cancelled."
    }


def test_created_after_is_strict(key_client, cookie):
    order = make_order(lines={cookie: 1})
    OrderEvent.objects.all().delete()
    record(order, "order.updated", now=T0)
    later = record(order, "order.updated", now=T0 + timedelta(seconds=1))

    body = key_client.get(EVENTS, {"created_after": "2024-03-14T13:27:36Z"}).json()

    assert ids(body) == [later.public_id]


def test_unknown_event_is_404_and_no_key_is_401(key_client):
    assert key_client.get(f"{EVENTS}/evt_nope").status_code == 404
    missing = APIClient().get(EVENTS)
    assert (missing.status_code, missing.json()) == (401, {"error": MISSING_KEY})


@pytest.mark.parametrize("count", [2, 20])
def test_a_page_of_events_costs_the_same_queries_whatever_its_size(key_client, count, django_assert_num_queries):
    cookie = make_cookie()
    for _ in range(count):
        make_order(lines={cookie: 1})
    with django_assert_num_queries(3):  # key, the page's event ids (its ETag), the page of events
        response = key_client.get(EVENTS, {"page_size": 50})
    assert len(response.json()["results"]) == count


def test_the_event_feed_is_conditional_and_a_new_event_changes_its_etag(key_client, cookie, clock):
    make_order(lines={cookie: 1})
    first = key_client.get(EVENTS)
    assert first.status_code == 200
    again = key_client.get(EVENTS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert again["RateLimit-Policy"] == first["RateLimit-Policy"]

    make_order(lines={cookie: 1})
    changed = key_client.get(EVENTS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert len(changed.json()["results"]) == 2
    assert changed["ETag"] != first["ETag"]


def test_one_event_is_conditional_too(key_client, cookie):
    make_order(lines={cookie: 1})
    event_id = key_client.get(EVENTS).json()["results"][0]["id"]
    first = key_client.get(f"{EVENTS}/{event_id}")
    again = key_client.get(f"{EVENTS}/{event_id}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
