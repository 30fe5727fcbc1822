"""Provides the API's own rows: partner keys with scopes, and the Idempotency-Key records of writes."""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey

READ_ORDERS = "orders:read"
WRITE_ORDERS = "orders:write"
SCOPES = {READ_ORDERS: "read orders (every key)", WRITE_ORDERS: "record shipments"}
UNKNOWN_SCOPE = "Unknown scope {scope!r}: use one of " + ", ".join(SCOPES) + "."


def read_only() -> list[str]:
    """The scopes of a key unless more are granted (and of every key made before scopes)."""
    return [READ_ORDERS]


def granted(scopes) -> list[str]:
    """`scopes` with orders:read, which every key has, in a fixed order."""
    return [scope for scope in SCOPES if scope in {READ_ORDERS, *scopes}]


def validate_scopes(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Scopes are a list.")
    for scope in value:
        if scope not in SCOPES:
            raise ValidationError(UNKNOWN_SCOPE.format(scope=scope))


class APIKey(AbstractAPIKey):
    """A partner's key (drf-api-key's hashed key) with what it may do: orders:read always, orders:write if granted."""

    scopes = models.JSONField(default=read_only, validators=[validate_scopes])

    class Meta(AbstractAPIKey.Meta):
        abstract = False

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotencyRecord(models.Model):
    """A write sent with an Idempotency-Key, per API key: what it asked, and once done what it was answered."""

    api_key = models.ForeignKey(APIKey, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    # sha256 of the method, path, content type and body: a repeat must ask the same.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    # Null while the first request runs (it holds the row's lock until it commits).
    status_code = models.PositiveSmallIntegerField(null=True)
    # JSON as text: PostgreSQL's jsonb would not keep the order of the keys.
    body = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once_per_api_key")]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'running'})"
