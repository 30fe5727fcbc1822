"""Celery tasks: thin, idempotent, each loads rows by id and calls a service (acks_late in settings)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from orders.events import delete_events_before

from . import dispatch
from .delivery import Deliverer


@shared_task(name=dispatch.PUBLISH_TASK)
def publish(event_id: int) -> int:
    """Fans one event out to its endpoints; the number of deliveries made (0 when already done)."""
    return len(dispatch.publish_event(event_id=event_id))


@shared_task(name=dispatch.DELIVER_TASK)
def deliver(delivery_id: int) -> bool:
    """One attempt at one delivery: a slow endpoint holds up only its own task."""
    return Deliverer().attempt(delivery_id=delivery_id) is not None


@shared_task(name="webhooks.tasks.sweep")
def sweep() -> tuple[int, int]:
    """Periodic (beat): what the doorbell missed, and the retries that are due."""
    return dispatch.sweep()


@shared_task(name="webhooks.tasks.delete_old_events")
def delete_old_events() -> int:
    """Periodic (beat): events older than EVENTS_RETENTION_DAYS go, with their deliveries."""
    cutoff = timezone.now() - timedelta(days=settings.EVENTS_RETENTION_DAYS)
    return delete_events_before(cutoff=cutoff)
