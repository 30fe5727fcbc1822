"""Webhooks: where events go (Endpoint), each event for each endpoint (Delivery), each try (Attempt)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from orders.models import EventType, OrderEvent

from .signing import new_secret
from .targets import TargetRefused, resolve_target

TEST_EVENT_TYPE = "webhook.test"
UNKNOWN_EVENT_TYPE = "unknown event type {value}: use one of {choices}."


class Endpoint(models.Model):
    """A partner's URL, the event types it wants (none = all) and its Standard Webhooks secret."""

    url = models.URLField("URL", max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list, blank=True, help_text="None chosen: every event type.")
    enabled = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, default=new_secret)
    # After a rotation the old secret signs too, as a second signature, until this time.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the first failure after a success; an endpoint failing for too long is disabled.
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.url

    def clean(self):
        """The address rules, checked on every save from the admin or the command (and again at each connection)."""
        errors = {}
        try:
            resolve_target(self.url)
        except TargetRefused as exc:
            errors["url"] = str(exc)
        unknown = [value for value in self.event_types if value not in EventType.values]
        if unknown:
            errors["event_types"] = UNKNOWN_EVENT_TYPE.format(value=unknown[0], choices=", ".join(EventType.values))
        if errors:
            raise ValidationError(errors)

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types

    def signing_secrets(self, *, now: datetime) -> list[str]:
        """The current secret, then the previous one while its overlap lasts."""
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires and now < expires:
            return [self.secret, self.previous_secret]
        return [self.secret]


class DeliveryState(models.TextChoices):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Delivery(models.Model):
    """One event for one endpoint: the row is the truth, a queued task only a doorbell."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # None for a test event sent from the admin.
    event = models.ForeignKey(OrderEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries")
    message_id = models.CharField("webhook-id", max_length=40)
    event_type = models.CharField(max_length=30, choices=[*EventType.choices, (TEST_EVENT_TYPE, TEST_EVENT_TYPE)])
    body = models.TextField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When it was last put on the queue, and until when a worker holds it.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], condition=models.Q(event__isnull=False), name="delivery_once_per_endpoint"
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(state="pending"), name="delivery_pending_due"),
        ]

    def __str__(self):
        return f"{self.event_type} {self.message_id} → {self.endpoint_id}"


class Attempt(models.Model):
    """One POST of a delivery: when, how it ended, how long it took, the start of the answer."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"attempt {self.number}"
