"""One attempt at a delivery: claim the row, sign, POST, record the attempt, and decide what comes next."""

import random
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.utils import timezone

from . import sender, signing, targets
from .models import Attempt, Delivery, DeliveryState, Endpoint

ENDPOINT_DISABLED = "not sent: the endpoint is disabled."
GONE = "disabled at {time}: the endpoint answered 410 Gone."
FAILING_TOO_LONG = "disabled at {time}: no success since {since} ({limit})."
BAD_DURATION = "{name}: {value!r} is not a duration such as 30s, 5m, 2h or 5d."
# A claimed delivery is held half as long again as an attempt may last; a worker that died lets go then.
LEASE_FACTOR = 1.5

_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])\Z")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(value: str, *, name: str) -> timedelta:
    match = _DURATION.match(value.strip())
    if not match:
        raise ImproperlyConfigured(BAD_DURATION.format(name=name, value=value))
    return timedelta(seconds=float(match[1]) * _UNITS[match[2]])


def retry_schedule() -> list[timedelta]:
    return [duration(value, name="WEBHOOK_RETRY_SCHEDULE") for value in settings.WEBHOOK_RETRY_SCHEDULE]


def disable_after() -> timedelta:
    return duration(settings.WEBHOOK_DISABLE_AFTER, name="WEBHOOK_DISABLE_AFTER")


class Deliverer:
    """Makes one attempt at a delivery. `jitter` and `clock` are injected so tests set them."""

    jitter = staticmethod(random.random)

    def attempt(self, *, delivery_id: int, now: datetime | None = None) -> Attempt | None:
        """The attempt made, or None when the row says there is nothing to do (done, not due, held)."""
        now = now or timezone.now()
        delivery = self.claim(delivery_id=delivery_id, now=now)
        if delivery is None:
            return None
        if not delivery.endpoint.enabled:
            self.finish(delivery, DeliveryState.FAILED, now=now, error=ENDPOINT_DISABLED)
            return None
        if delivery.endpoint.failing_since and self.another_in_flight(delivery, now=now):
            self.defer(delivery, now=now)
            return None
        attempt = Attempt.objects.create(delivery=delivery, number=delivery.attempts, started_at=now)
        outcome = self.send(delivery, now=now)
        attempt.status_code, attempt.duration_ms = outcome.status, outcome.duration_ms
        attempt.response_body, attempt.error = outcome.body, outcome.error
        attempt.save(update_fields=["status_code", "duration_ms", "response_body", "error"])
        self.decide(delivery, outcome, now=now)
        return attempt

    def claim(self, *, delivery_id: int, now: datetime) -> Delivery | None:
        """Takes the delivery for one attempt, atomically: a second copy of the task finds it held or done."""
        lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT * LEASE_FACTOR)
        claimed = Delivery.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now),
            pk=delivery_id,
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
        ).update(locked_until=lease, attempts=F("attempts") + 1)
        return Delivery.objects.select_related("endpoint").get(pk=delivery_id) if claimed else None

    def another_in_flight(self, delivery: Delivery, *, now: datetime) -> bool:
        """Whether a worker is already waiting on this endpoint: a failing one gets one attempt at a time,
        so that it cannot take every worker process while healthy endpoints wait."""
        held = Delivery.objects.filter(endpoint=delivery.endpoint_id, locked_until__gt=now).exclude(pk=delivery.pk)
        return held.exists()

    def defer(self, delivery: Delivery, *, now: datetime) -> None:
        """Gives the claim back, untried; the sweep enqueues it again once the attempt in flight is over."""
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=F("attempts") - 1,
            locked_until=None,
            enqueued_at=None,
            next_attempt_at=now + timedelta(seconds=settings.WEBHOOK_TIMEOUT),
        )

    def send(self, delivery: Delivery, *, now: datetime) -> sender.Outcome:
        endpoint = delivery.endpoint
        try:
            addresses = targets.resolve_target(endpoint.url)
        except targets.TargetRefused as exc:
            return sender.Outcome(None, "", f"refused, no connection made: {endpoint.url} {exc}", 0)
        timestamp = int(now.timestamp())
        headers = signing.headers(
            secrets_=endpoint.signing_secrets(now=now),
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=delivery.body,
        )
        return sender.post(
            url=endpoint.url,
            address=addresses[0],
            headers=headers,
            body=delivery.body,
            timeout=settings.WEBHOOK_TIMEOUT,
        )

    def decide(self, delivery: Delivery, outcome: sender.Outcome, *, now: datetime) -> None:
        endpoint = delivery.endpoint
        if outcome.succeeded:
            self.finish(delivery, DeliveryState.SUCCEEDED, now=now, status=outcome.status)
            Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(failing_since=None)
            return
        if outcome.status == 410:
            self.finish(delivery, DeliveryState.FAILED, now=now, status=410, error=outcome.error)
            disable(endpoint, reason=GONE.format(time=now.isoformat(timespec="seconds")))
            return
        self.retry_or_fail(delivery, outcome, now=now)
        self.note_failure(endpoint, now=now)

    def retry_or_fail(self, delivery: Delivery, outcome: sender.Outcome, *, now: datetime) -> None:
        schedule = retry_schedule()
        if delivery.attempts > len(schedule):
            self.finish(delivery, DeliveryState.FAILED, now=now, status=outcome.status, error=outcome.error)
            return
        wait = schedule[delivery.attempts - 1] * (1 + 0.1 * self.jitter())
        Delivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=now + wait,
            enqueued_at=None,
            locked_until=None,
            last_status=outcome.status,
            last_error=outcome.error,
        )

    def note_failure(self, endpoint: Endpoint, *, now: datetime) -> None:
        Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
        since = Endpoint.objects.filter(pk=endpoint.pk).values_list("failing_since", flat=True).first()
        limit = disable_after()
        if since is not None and now - since >= limit:
            stamp = {"time": now.isoformat(timespec="seconds"), "since": since.isoformat(timespec="seconds")}
            reason = FAILING_TOO_LONG.format(**stamp, limit=settings.WEBHOOK_DISABLE_AFTER)
            disable(endpoint, reason=reason)

    def finish(self, delivery, state, *, now, status=None, error=""):
        Delivery.objects.filter(pk=delivery.pk).update(
            state=state, finished_at=now, locked_until=None, next_attempt_at=None, last_status=status, last_error=error
        )


def disable(endpoint: Endpoint, *, reason: str) -> None:
    Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(enabled=False, disabled_reason=reason[:200])
