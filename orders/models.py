"""Orders: where they go (Address), when (Order) and what is in them (CookieOrder)."""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.utils import timezone

from cookies.models import Cookie

TRACKING_NUMBER_INVALID = "Use letters, digits and dashes only, without spaces."
TRACKING_NUMBER_VALIDATOR = RegexValidator(r"\A[A-Za-z0-9-]+\Z", TRACKING_NUMBER_INVALID)
# Its own code: a form would show its URL field's message for "invalid" instead.
HTTPS_URL_VALIDATOR = URLValidator(schemes=["https"], message="Enter an absolute https:// URL.", code="not_https")


class Address(models.Model):
    name = models.CharField(max_length=200)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=100, blank=True)
    zip = models.CharField("ZIP / postal code", max_length=20)
    country = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.name}, {self.street}, {self.city}"


class OrderStatus(models.TextChoices):
    PLACED = "placed"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


class Order(models.Model):
    Status = OrderStatus

    date = models.DateTimeField(default=timezone.now, db_index=True)
    # An order keeps its address: the address cannot be deleted under it.
    address = models.OneToOneField(Address, on_delete=models.PROTECT, related_name="order")
    # The checkout form's one-time token: its unique index makes a form sent twice,
    # even by two processes at once, place one order. Null for orders made otherwise.
    checkout_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLACED, editable=False)
    # Moved forward by every change of the order (orders.services): partners sync by it.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # For staff only: not part of what partners see, so editing it is not a change of the order.
    notes = models.TextField(blank=True, help_text="Internal notes for staff; never shown to partners.")
    # The order's rank by id, 1 for the first: orders.services numbers each new order one
    # after the last under the order lock, so the positions are exactly 1..N. The last
    # position is then the exact count, and a page of the id-ordered list is a range of
    # positions (orders.selectors), both read from this index whatever N is.
    position = models.BigIntegerField(unique=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="order_updated_at_id"),
            # API v2's ?status= in cursor order: the page's rows, not a scan for the few that match.
            models.Index(fields=["status", "id"], name="order_status_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(position__gte=1), name="order_position_positive"),
            models.CheckConstraint(condition=models.Q(status__in=OrderStatus.values), name="order_status_known"),
            models.CheckConstraint(
                condition=models.Q(updated_at__gte=models.F("date")), name="order_updated_after_date"
            ),
        ]

    def __str__(self):
        return f"Order #{self.pk}"

    @property
    def is_final(self) -> bool:
        """Fulfilled and cancelled orders do not change any more (notes aside)."""
        return self.status != self.Status.PLACED


class CookieOrder(models.Model):
    """One line of an order: a cookie, how many, and the unit price paid."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="cookie_orders")
    # A cookie that has been ordered stays: deleting it would rewrite history.
    cookie = models.ForeignKey(Cookie, on_delete=models.PROTECT, related_name="order_lines", db_index=False)
    number_of_cookies = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number_of_cookies__gte=1), name="cookieorder_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="cookieorder_unit_price_positive"),
            models.UniqueConstraint(fields=["order", "cookie"], name="cookieorder_one_line_per_cookie"),
        ]
        # The ?cookie= filter: a cookie's orders in id order, read (and counted) from the index alone.
        # It also serves what the foreign key's own index did (the cookie's lines).
        indexes = [models.Index(fields=["cookie", "order"], name="cookieorder_cookie_order")]

    def __str__(self):
        return f"{self.number_of_cookies} × {self.cookie_id}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.number_of_cookies


class Fulfilment(models.Model):
    """The shipment of an order: at most one, recorded by staff or by a partner through the API."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="fulfilment")
    carrier = models.CharField(max_length=50)
    tracking_number = models.CharField(max_length=100, validators=[TRACKING_NUMBER_VALIDATOR])
    tracking_url = models.URLField(max_length=500, blank=True, validators=[HTTPS_URL_VALIDATOR])
    fulfilled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(carrier=""), name="fulfilment_carrier_not_blank"),
            models.CheckConstraint(condition=~models.Q(tracking_number=""), name="fulfilment_tracking_not_blank"),
            models.CheckConstraint(
                condition=models.Q(tracking_url="") | models.Q(tracking_url__startswith="https://"),
                name="fulfilment_tracking_url_https",
            ),
        ]

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}"


class EventType(models.TextChoices):
    CREATED = "order.created"
    UPDATED = "order.updated"
    FULFILLED = "order.fulfilled"
    CANCELLED = "order.cancelled"


class OrderEvent(models.Model):
    """One change of an order, written in the change's transaction (the outbox row).

    `document` is the event's JSON exactly as partners get it, the v2 order as of
    the change included; `published_at` is set once webhooks fanned it out.
    """

    public_id = models.CharField(max_length=40, unique=True, editable=False)
    type = models.CharField(max_length=30, choices=EventType.choices)
    # Events outlive nothing of the order's: kept when an order is deleted, for the feed.
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    document = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The sweep's question: which events has nobody published yet?
            models.Index(fields=["created_at"], condition=models.Q(published_at__isnull=True), name="event_unpublished")
        ]

    def __str__(self):
        return f"{self.public_id} {self.type}"
