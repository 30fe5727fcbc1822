"""From events to queued deliveries: fan-out after commit, the queue's doorbell, and the sweep that catches up."""

import logging
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orders.events import mark_published
from orders.models import OrderEvent
from orders.selectors import unpublished_events

from .models import Delivery, DeliveryState, Endpoint

logger = logging.getLogger(__name__)

DELIVER_TASK = "webhooks.tasks.deliver"
PUBLISH_TASK = "webhooks.tasks.publish"
# How many rows one sweep takes up; the next sweep takes the rest.
SWEEP_BATCH = 500


def enqueue(task_name: str, ids: list[int]) -> bool:
    """Rings the doorbell: one message per id. A broker that is down is logged, never raised:
    the rows are the truth, and the sweep enqueues them again."""
    try:
        for pk in ids:
            current_app.send_task(task_name, args=[pk])
    except Exception:
        logger.warning("Could not enqueue %s for %s; the sweep will", task_name, ids, exc_info=True)
        return False
    return True


def on_event(event: OrderEvent) -> None:
    """orders' listener: once the change commits, a worker fans the event out."""
    transaction.on_commit(lambda: enqueue(PUBLISH_TASK, [event.pk]))


def publish_event(*, event_id: int, now: datetime | None = None) -> list[int]:
    """One delivery per enabled endpoint that wants the event, once; the deliveries are enqueued after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes a publish task and a sweep that meet fan the event out once.
        event = OrderEvent.objects.select_for_update().filter(pk=event_id, published_at__isnull=True).first()
        if event is None:
            return []
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                endpoint=endpoint,
                event=event,
                message_id=event.public_id,
                event_type=event.type,
                body=event.document,
                next_attempt_at=now,
                enqueued_at=now,
            )
            # An endpoint gets what happens from its creation on, never history (an event
            # the sweep publishes late included): the partner catches up through /api/v2/events.
            for endpoint in Endpoint.objects.filter(enabled=True, created_at__lte=event.created_at)
            if endpoint.wants(event.type)
        )
        mark_published(event_id=event.pk, now=now)
        ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: enqueue(DELIVER_TASK, ids))
    return ids


def sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """Publishes events the doorbell missed and enqueues deliveries that are due; (events, deliveries)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.WEBHOOK_REQUEUE_SECONDS)
    events = list(unpublished_events(created_before=stale).values_list("pk", flat=True)[:SWEEP_BATCH])
    for event_id in events:
        publish_event(event_id=event_id, now=now)
    due = Delivery.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale),
        Q(locked_until__isnull=True) | Q(locked_until__lt=now),
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now,
    )
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
    enqueue(DELIVER_TASK, ids)
    return len(events), len(ids)
