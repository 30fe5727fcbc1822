"""Provides v1's frozen shapes; Meta.fields order is the contract's key order."""

from rest_framework import serializers

from cookies.models import Cookie
from orders.models import Address, CookieOrder, Order

from .rows import V1_DATE_FORMAT, OrderRowsSerializer


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["name", "street", "city", "state", "zip", "country"]


class CookieOrderSerializer(serializers.ModelSerializer):
    cookie_id = serializers.IntegerField(read_only=True)
    cookie_name = serializers.CharField(source="cookie.name", read_only=True)

    class Meta:
        model = CookieOrder
        fields = ["cookie_id", "cookie_name", "number_of_cookies"]


class OrderSerializer(serializers.ModelSerializer):
    date = serializers.DateTimeField(format=V1_DATE_FORMAT, read_only=True)
    address = AddressSerializer(read_only=True)
    cookie_orders = CookieOrderSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "date", "address", "cookie_orders"]
        # Pages of orders are read as rows, not model instances (see api.v1.rows).
        list_serializer_class = OrderRowsSerializer


class CookieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cookie
        fields = ["id", "slug", "name", "price", "description"]
