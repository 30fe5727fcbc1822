"""The outbox: one event per change, in the change's transaction, with the v2 order; retention."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from orders.events import OUTSIDE_TRANSACTION, delete_events_before, record_event
from orders.models import OrderEvent
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_placing_an_order_writes_exactly_one_order_created_event_with_the_v2_order(api_client, api_key, cookie):
    order = make_order(lines={cookie: 4})
    api_client.credentials(HTTP_X_API_KEY=api_key)

    (event,) = OrderEvent.objects.all()
    document = json.loads(event.document)
    assert (event.type, event.order_id) == ("order.created", order.pk)
    assert list(document) == ["id", "type", "created_at", "data"]
    assert document["data"] == {"order": api_client.get(f"/api/v2/orders/{order.pk}").json()}
    assert document["id"] == event.public_id


@transaction.atomic
def place_and_fail(cookie):
    make_order(lines={cookie: 1})
    raise RuntimeError("the change fails after the order was written")


def test_an_order_whose_transaction_rolls_back_has_no_event(cookie):
    with pytest.raises(RuntimeError, match="after the order"):
        place_and_fail(cookie)
    assert not OrderEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction(order):
    with pytest.raises(RuntimeError) as refused:
        record_event(order=order, type="order.updated")
    assert str(refused.value) == OUTSIDE_TRANSACTION


@pytest.mark.parametrize("event_type", ["order.updated", "order.fulfilled", "order.cancelled"])
def test_each_lifecycle_type_records_the_order_as_of_the_change(order, event_type):
    with transaction.atomic():
        event = record_event(order=order, type=event_type)
    assert json.loads(event.document)["type"] == event_type
    assert json.loads(event.document)["data"]["order"]["id"] == order.pk


def test_an_unknown_type_is_refused(order):
    with pytest.raises(ValueError, match="order.shipped"), transaction.atomic():
        record_event(order=order, type="order.shipped")


def test_retention_deletes_events_older_than_the_cutoff_only(order):
    now = timezone.now()
    with transaction.atomic():
        old = record_event(order=order, type="order.updated", now=now - timedelta(days=31))
    kept = set(OrderEvent.objects.exclude(pk=old.pk).values_list("pk", flat=True))

    assert delete_events_before(cutoff=now - timedelta(days=30), batch=1) == 1

    assert set(OrderEvent.objects.values_list("pk", flat=True)) == kept
