"""Provides v2's orders endpoint: v1's viewset with v2's serializer, pagination and filters."""

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
