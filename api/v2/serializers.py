"""Provides v2's order shape (created_at, updated_at, status, lines, total, shipment) and the shipment write."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.models import APIKey
from api.v1.serializers import AddressSerializer
from orders.models import HTTPS_URL_VALIDATOR, TRACKING_NUMBER_INVALID, CookieOrder, Fulfilment, Order

CARRIER_INVALID = "Enter the carrier's name without NUL characters."


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "uri", "maxLength": 500, "pattern": "^https://"},
            {"type": "string", "maxLength": 0},
        ]
    }
)
class HttpsUrlField(serializers.URLField):
    """An absolute https URL or "" (none), declared so: plain `format: uri` would promise http:// too."""


@extend_schema_serializer(component_name="OrderLineV2")
class LineSerializer(serializers.ModelSerializer):
    cookie_id = serializers.IntegerField(read_only=True)
    cookie_slug = serializers.CharField(source="cookie.slug", read_only=True)
    cookie_name = serializers.CharField(source="cookie.name", read_only=True)
    quantity = serializers.IntegerField(source="number_of_cookies", read_only=True)
    # No digit limit: a line may be worth more than any one price field holds.
    line_total = serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)

    class Meta:
        model = CookieOrder
        fields = ["cookie_id", "cookie_slug", "cookie_name", "quantity", "unit_price", "line_total"]


@extend_schema_serializer(component_name="Fulfillment")
class FulfillmentSerializer(serializers.ModelSerializer):
    """A shipment: read in the order, written by POST /api/v2/orders/{id}/fulfillment."""

    # Taken as sent (no trimming) and declared exactly, so that the schema says what is accepted:
    # 1-50 characters, none of them NUL (which DRF refuses in every CharField).
    carrier = serializers.RegexField(
        r"\A[^\x00]+\Z",
        min_length=1,
        max_length=50,
        trim_whitespace=False,
        error_messages={"invalid": CARRIER_INVALID},
        help_text="Who carries the parcel, e.g. UPS (1-50 characters).",
    )
    tracking_number = serializers.RegexField(
        r"\A[A-Za-z0-9-]{1,100}\Z",
        max_length=100,
        error_messages={"invalid": TRACKING_NUMBER_INVALID},
        help_text="The carrier's tracking number: 1-100 letters, digits and dashes, no spaces.",
    )
    tracking_url = HttpsUrlField(
        max_length=500,
        required=False,
        allow_blank=True,
        validators=[HTTPS_URL_VALIDATOR],
        help_text="Optional: where the customer follows the parcel; an absolute https URL.",
    )

    class Meta:
        model = Fulfilment
        fields = ["carrier", "tracking_number", "tracking_url", "fulfilled_at"]
        read_only_fields = ["fulfilled_at"]


@extend_schema_serializer(component_name="OrderV2")
class OrderSerializer(serializers.ModelSerializer):
    # RFC 3339 in the shop's time zone, e.g. 2024-03-14T09:27:36-04:00 (Z for UTC).
    created_at = serializers.DateTimeField(source="date", read_only=True)
    # When the order last changed (RFC 3339, as created_at): send it back as ?updated_after= to sync.
    updated_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=Order.Status.choices, read_only=True)
    address = AddressSerializer(read_only=True)
    lines = LineSerializer(source="cookie_orders", many=True, read_only=True)
    # Annotated by the selector: the exact sum of the line totals.
    total = serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)
    fulfillment = FulfillmentSerializer(source="fulfilment", read_only=True, allow_null=True)

    class Meta:
        model = Order
        fields = ["id", "created_at", "updated_at", "status", "address", "lines", "total", "fulfillment"]


@extend_schema_serializer(component_name="ApiKeyV2")
class KeySerializer(serializers.ModelSerializer):
    """The calling key as it can see itself: never the secret or its hash."""

    scopes = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    expires_at = serializers.DateTimeField(source="expiry_date", read_only=True, allow_null=True)

    class Meta:
        model = APIKey
        fields = ["name", "prefix", "scopes", "created_at", "expires_at", "last_used_at"]
