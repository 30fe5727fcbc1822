"""Provides the API's own rows: partner keys with scopes, and the Idempotency-Key records of writes."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from orders.compiled import CompiledQuery

READ_ORDERS = "orders:read"
WRITE_ORDERS = "orders:write"
SCOPES = {READ_ORDERS: "read orders (every key)", WRITE_ORDERS: "record shipments"}
UNKNOWN_SCOPE = "Unknown scope {scope!r}: use one of " + ", ".join(SCOPES) + "."
# last_used_at is written at most once per key in this long: not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


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


class CompiledKeyManager(APIKeyManager):
    """drf-api-key's manager, but get_from_key() runs its lookup by prefix as a query compiled once.

    Every request with a key looks it up: compiling the query cost more than running it.
    The check is drf-api-key's own: usable (not revoked) keys, then the key's hash.
    """

    def get_from_key(self, key: str) -> "APIKey":
        prefix, _, _ = key.partition(".")
        rows = USABLE_KEY_BY_PREFIX.rows(using=self.db, prefix=prefix)
        if not rows:
            raise self.model.DoesNotExist("No usable key has this prefix.")
        api_key = self.model.from_db(self.db, KEY_COLUMNS, rows[0])
        if not api_key.is_valid(key):
            raise self.model.DoesNotExist("Key is not valid.")
        return api_key


class APIKey(AbstractAPIKey):
    """A partner's key (drf-api-key's hashed key) with what it may do: orders:read always, orders:write if granted."""

    objects = CompiledKeyManager()

    scopes = models.JSONField(default=read_only, validators=[validate_scopes])
    last_used_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the key last authenticated, to the minute."
    )
    exposed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the key was first sent in a URL (where logs keep it): replace it and revoke this one.",
    )

    class Meta(AbstractAPIKey.Meta):
        abstract = False

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def record_use(self, now: datetime) -> None:
        """Moves last_used_at to `now` unless it is less than LAST_USED_RESOLUTION old.

        Checked on the row already read for authentication, and again in the UPDATE's
        WHERE, so concurrent requests of one key write it once a minute at most.
        """
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_RESOLUTION:
            return
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        APIKey.objects.filter(stale, pk=self.pk).update(last_used_at=now)
        self.last_used_at = now

    def record_exposure(self, now: datetime) -> None:
        """Flags the key as sent in a URL; the first time is kept."""
        APIKey.objects.filter(pk=self.pk, exposed_at__isnull=True).update(exposed_at=now)


KEY_COLUMNS = [field.attname for field in APIKey._meta.concrete_fields]
USABLE_KEY_BY_PREFIX = CompiledQuery(
    lambda prefix: APIKey.objects.get_usable_keys().filter(prefix=prefix).values_list(*KEY_COLUMNS), prefix=str
)


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
