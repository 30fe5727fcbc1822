"""Provides v2's order shape: created_at with offset, lines with prices, the order total."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework_api_key.models import APIKey

from api.v1.serializers import AddressSerializer
from orders.models import CookieOrder, Order


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


@extend_schema_serializer(component_name="OrderV2")
class OrderSerializer(serializers.ModelSerializer):
    # RFC 3339 in the shop's time zone, e.g. 2024-03-14T09:27:36-04:00 (Z for UTC).
    created_at = serializers.DateTimeField(source="date", read_only=True)
    address = AddressSerializer(read_only=True)
    lines = LineSerializer(source="cookie_orders", many=True, read_only=True)
    # Annotated by the selector: the exact sum of the line totals.
    total = serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "created_at", "address", "lines", "total"]


# Every key reads orders; write scopes come with the key model of the order lifecycle.
READ_SCOPES = ["orders:read"]


@extend_schema_serializer(component_name="ApiKeyV2")
class KeySerializer(serializers.ModelSerializer):
    """The calling key as it can see itself: never the secret or its hash."""

    scopes = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="created", read_only=True)
    expires_at = serializers.DateTimeField(source="expiry_date", read_only=True, allow_null=True)
    last_used_at = serializers.SerializerMethodField()

    class Meta:
        model = APIKey
        fields = ["name", "prefix", "scopes", "created_at", "expires_at", "last_used_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scopes(self, key) -> list[str]:
        return list(READ_SCOPES)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_last_used_at(self, key) -> None:
        return None  # not recorded yet: comes with the key model of the order lifecycle
