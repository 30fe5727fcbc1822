"""Provides v1's read-only endpoints: orders for partners, the public cookie catalogue."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from cookies.models import Cookie
from orders.selectors import orders_for_partners

from .filters import OrderFilter
from .serializers import CookieSerializer, OrderSerializer


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """Orders with their address and lines, oldest first. Needs an API key (or staff login)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    # 18 digits always fit a 64-bit id: longer numbers are a 404, not a database error.
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return orders_for_partners()


class CookieViewSet(viewsets.ReadOnlyModelViewSet):
    """The cookies on sale. Public: no key needed, but a key that is sent must be valid."""

    serializer_class = CookieSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,100}"

    def get_queryset(self):
        return Cookie.objects.available().order_by("id")
