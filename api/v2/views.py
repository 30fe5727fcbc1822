"""Provides v2's endpoints: v1's viewsets with v2's serializer, pagination and filters."""

from api.v1 import views as v1
from orders.selectors import orders_for_partners

from .filters import OrderFilter
from .pagination import OrderCursorPagination
from .serializers import OrderSerializer


class OrderViewSet(v1.OrderViewSet):
    """Orders with address, priced lines and total, oldest first, in cursor pages."""

    serializer_class = OrderSerializer
    pagination_class = OrderCursorPagination
    filterset_class = OrderFilter

    def get_queryset(self):
        return orders_for_partners(with_totals=True)


class CookieViewSet(v1.CookieViewSet):
    """The cookies on sale, as in v1. Public: no key needed, but a key that is sent must be valid."""
