"""Fan-out, the sweep and retention, run in the test's process (the worker tests run them in Celery)."""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cookieshop.tests.servers import free_port
from orders.events import record_event
from orders.models import OrderEvent
from orders.tests.factories import make_order
from webhooks import dispatch, tasks
from webhooks.models import Delivery, Endpoint
from webhooks.tests.workers import point_app_at

pytestmark = pytest.mark.django_db


def test_an_event_fans_out_once_to_each_enabled_endpoint_that_wants_it(make_endpoint, order):
    everything, created_only = make_endpoint(), make_endpoint(event_types=["order.created"])
    make_endpoint(event_types=["order.cancelled"])
    disabled = make_endpoint()
    disabled.enabled = False
    disabled.save()
    event = OrderEvent.objects.get(order=order)

    first = dispatch.publish_event(event_id=event.pk)
    again = dispatch.publish_event(event_id=event.pk)

    assert again == []
    assert set(Delivery.objects.filter(pk__in=first).values_list("endpoint", flat=True)) == {
        everything.pk,
        created_only.pk,
    }
    assert all(d.body == event.document and d.message_id == event.public_id for d in Delivery.objects.all())


def test_an_endpoint_gets_no_history(make_endpoint, order):
    """An event older than the endpoint (published late by the sweep, say) is not sent to it."""
    older = make_endpoint()
    newer = make_endpoint()
    event = OrderEvent.objects.get(order=order)
    Endpoint.objects.filter(pk=newer.pk).update(created_at=event.created_at + timedelta(seconds=1))

    ids = dispatch.publish_event(event_id=event.pk)

    assert list(Delivery.objects.filter(pk__in=ids).values_list("endpoint", flat=True)) == [older.pk]


def test_the_sweep_publishes_events_the_doorbell_missed(make_endpoint, order, webhook_settings):
    webhook_settings.WEBHOOK_REQUEUE_SECONDS = 60
    endpoint = make_endpoint()
    OrderEvent.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with transaction.atomic():
        fresh = record_event(order=order, type="order.updated")  # its doorbell may still ring: left alone

    assert dispatch.sweep() == (1, 0)

    assert list(Delivery.objects.values_list("endpoint", "event_type")) == [(endpoint.pk, "order.created")]
    assert OrderEvent.objects.get(pk=fresh.pk).published_at is None


def test_the_sweep_enqueues_due_retries_and_leaves_the_rest(make_endpoint, cookie, webhook_settings):
    webhook_settings.WEBHOOK_REQUEUE_SECONDS = 60
    make_endpoint()
    for n in range(4):
        make_order(lines={cookie: n + 1})
    for event in OrderEvent.objects.all():
        dispatch.publish_event(event_id=event.pk)
    now = timezone.now()
    due, queued, later, held = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(seconds=1), enqueued_at=None)
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(minutes=5), enqueued_at=None)
    Delivery.objects.filter(pk=held.pk).update(enqueued_at=None, locked_until=now + timedelta(seconds=30))

    assert dispatch.sweep(now=now) == (0, 1)

    assert Delivery.objects.get(pk=due.pk).enqueued_at == now
    assert Delivery.objects.get(pk=queued.pk).enqueued_at != now
    assert Delivery.objects.get(pk=later.pk).enqueued_at is None
    assert Delivery.objects.get(pk=held.pk).enqueued_at is None


def test_the_retention_task_deletes_old_events_and_their_deliveries(make_endpoint, order, settings):
    settings.EVENTS_RETENTION_DAYS = 30
    make_endpoint()
    dispatch.publish_event(event_id=OrderEvent.objects.get().pk)
    OrderEvent.objects.update(created_at=timezone.now() - timedelta(days=31))
    with transaction.atomic():
        kept = record_event(order=order, type="order.updated")

    assert tasks.delete_old_events() == 1

    assert list(OrderEvent.objects.all()) == [kept]
    assert not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_checkout_succeeds_at_once_when_the_broker_is_down(cookie, caplog):
    point_app_at(f"redis://127.0.0.1:{free_port()}/0", "nowhere")
    try:
        with caplog.at_level(logging.WARNING, logger="webhooks.dispatch"):
            order = make_order(lines={cookie: 2})
    finally:
        point_app_at("memory://", "celery")
    event = OrderEvent.objects.get(order=order)
    assert event.published_at is None  # the sweep will publish it
    assert f"Could not enqueue {dispatch.PUBLISH_TASK} for [{event.pk}]" in caplog.text
