"""Order events: the outbox row each change writes, and the two ports the apps above fill at start-up.

`api` registers the order payload (its v2 representation) and `webhooks` a listener;
both are set in their AppConfig.ready(), so imports still point cookies <- orders <- api.
"""

import json
import secrets
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .locks import take_the_next_order_number
from .models import EventType, Order, OrderEvent

NO_ORDER_PAYLOAD = (
    "No order payload is registered for events: add 'api' to INSTALLED_APPS "
    "(api.apps.ApiConfig.ready() registers the v2 order)."
)
OUTSIDE_TRANSACTION = "record_event() must run inside the transaction of the change it records."

OrderPayload = Callable[[Order], dict]
EventListener = Callable[[OrderEvent], None]

_order_payload: list[OrderPayload] = []
_listeners: list[EventListener] = []


def set_order_payload(build: OrderPayload) -> None:
    """Registers how an order appears in an event's `data.order` (called once, by api)."""
    _order_payload[:] = [build]


def add_listener(listener: EventListener) -> None:
    """Registers `listener(event)`, called inside the change's transaction after the event is written."""
    if listener not in _listeners:
        _listeners.append(listener)


def new_event_id() -> str:
    return f"evt_{secrets.token_hex(12)}"


def rfc3339(instant: datetime) -> str:
    """As DRF's DateTimeField shows it: the shop's time zone, Z for UTC."""
    text = timezone.localtime(instant).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def record_event(*, order: Order, type: EventType | str, now: datetime | None = None) -> OrderEvent:
    """Writes the event for a change of `order` (saved already), in the caller's transaction.

    Every service that changes an order calls it once, last: a change that rolls
    back takes its event with it, and one that commits has exactly one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(OUTSIDE_TRANSACTION)
    if not _order_payload:
        raise ImproperlyConfigured(NO_ORDER_PAYLOAD)
    type = EventType(type)
    # Events commit in the order of their ids and times, so a walk of the feed skips none.
    take_the_next_order_number()
    event = OrderEvent(public_id=new_event_id(), type=type, order=order, created_at=now or timezone.now())
    document = {
        "id": event.public_id,
        "type": event.type.value,
        "created_at": rfc3339(event.created_at),
        "data": {"order": _order_payload[0](order)},
    }
    event.document = json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":"))
    event.save()
    for listener in _listeners:
        listener(event)
    return event


def mark_published(*, event_id: int, now: datetime) -> bool:
    """Marks the event as fanned out; False when someone else already had (callers hold its row lock)."""
    return bool(OrderEvent.objects.filter(pk=event_id, published_at__isnull=True).update(published_at=now))


def delete_events_before(*, cutoff: datetime, batch: int = 1000) -> int:
    """Deletes events created before `cutoff`, in batches; returns how many."""
    deleted = 0
    while ids := list(OrderEvent.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:batch]):
        OrderEvent.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted
