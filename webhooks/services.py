"""Staff actions on endpoints and deliveries: create, save, rotate the secret, send a test event, resend."""

import json
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from orders.events import new_event_id, rfc3339

from . import dispatch
from .models import TEST_EVENT_TYPE, Delivery, DeliveryState, Endpoint
from .signing import new_secret

# After a rotation the old secret goes on signing, as a second signature, this long.
ROTATION_OVERLAP = timedelta(hours=24)
ENDPOINT_NOT_ENABLED = "{endpoint} is disabled: enable it first."


class WebhookError(Exception):
    """The action cannot be done; the message says why, for staff."""


def save_endpoint(*, endpoint: Endpoint) -> Endpoint:
    """Checks the address rules and saves; enabling an endpoint again clears why it was disabled."""
    endpoint.event_types = sorted(set(endpoint.event_types))
    endpoint.full_clean()
    if endpoint.enabled:
        endpoint.disabled_reason, endpoint.failing_since = "", None
    endpoint.save()
    return endpoint


def create_endpoint(*, url: str, event_types: list[str] = (), description: str = "") -> Endpoint:
    return save_endpoint(endpoint=Endpoint(url=url, event_types=list(event_types), description=description))


def rotate_secret(*, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
    """A new secret; the old one signs too, as a second signature, for ROTATION_OVERLAP."""
    now = now or timezone.now()
    endpoint.previous_secret, endpoint.secret = endpoint.secret, new_secret()
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint


@transaction.atomic
def send_test(*, endpoint: Endpoint, now: datetime | None = None) -> Delivery:
    """Queues a `webhook.test` event for one endpoint, delivered (and retried) like any other."""
    if not endpoint.enabled:
        raise WebhookError(ENDPOINT_NOT_ENABLED.format(endpoint=endpoint))
    now = now or timezone.now()
    message_id = new_event_id()
    body = {"id": message_id, "type": TEST_EVENT_TYPE, "created_at": rfc3339(now), "data": {}}
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        message_id=message_id,
        event_type=TEST_EVENT_TYPE,
        body=json.dumps(body, separators=(",", ":")),
        next_attempt_at=now,
        enqueued_at=now,
    )
    transaction.on_commit(lambda: dispatch.enqueue(dispatch.DELIVER_TASK, [delivery.pk]))
    return delivery


@transaction.atomic
def resend(*, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Delivers again, with the same webhook-id (receivers that already have it may skip it)."""
    if not delivery.endpoint.enabled:
        raise WebhookError(ENDPOINT_NOT_ENABLED.format(endpoint=delivery.endpoint))
    now = now or timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=now, enqueued_at=now, locked_until=None, finished_at=None
    )
    transaction.on_commit(lambda: dispatch.enqueue(dispatch.DELIVER_TASK, [delivery.pk]))
    delivery.refresh_from_db()
    return delivery
