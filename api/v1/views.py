"""Provides v1's read-only endpoints: orders for partners, the public cookie catalogue."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.permissions import PublicReadOnly
from cookies.models import Cookie
from orders.selectors import orders_for_partners

from .filters import OrderFilter
from .rows import OrderRowRetrieveMixin
from .serializers import CookieSerializer, OrderSerializer


class OrderViewSet(OrderRowRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """Orders with their address and lines, oldest first. Needs an API key (or staff login)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    # Anything up to the next slash reaches the view, so that authentication comes
    # first and a bad id is DRF's own 404 (Django answers ids that are not numbers,
    # or do not fit a column, with "no match").
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return orders_for_partners()


# The schema says what the permission means: a key is optional for reading.
PUBLIC = extend_schema(auth=[{"ApiKeyAuth": []}, {}])


@extend_schema_view(list=PUBLIC, retrieve=PUBLIC)
class CookieViewSet(viewsets.ReadOnlyModelViewSet):
    """The cookies on sale. Public: no key needed, but a key that is sent must be valid."""

    serializer_class = CookieSerializer
    permission_classes = [PublicReadOnly]
    pagination_class = None
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,100}"

    def get_queryset(self):
        return Cookie.objects.available().order_by("id")
