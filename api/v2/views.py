"""Provides v2's endpoints: v1's viewsets with v2's serializer, pagination, filters and headers.

Every v2 answer to a measured client carries the RateLimit headers; orders and the
key endpoint answer conditional GETs (api.v2.conditional).
"""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins
from rest_framework.decorators import action

from api.permissions import HasAPIKey
from api.v1 import views as v1
from orders.selectors import order_versions, orders_for_partners

from .conditional import ConditionalGetMixin
from .export import NdjsonRenderer, ndjson_lines
from .filters import OrderFilter
from .pagination import OrderCursorPagination
from .ratelimit import RateLimitHeadersMixin
from .serializers import KeySerializer, OrderSerializer

EXPORT_SCHEMA = extend_schema(
    summary="All matching orders as NDJSON",
    description="The list's filters; one v2 order per line, oldest first, streamed. One request for the rate limit.",
    filters=True,
    responses={(200, NdjsonRenderer.media_type): OpenApiResponse(OrderSerializer, description="One order per line.")},
)


class OrderViewSet(RateLimitHeadersMixin, ConditionalGetMixin, v1.OrderViewSet):
    """Orders with address, priced lines and total, oldest first, in cursor pages."""

    serializer_class = OrderSerializer
    pagination_class = OrderCursorPagination
    filterset_class = OrderFilter
    # DRF's own detail: v1's row path (api.v1.rows) reads v1's shape, not this one.
    retrieve = mixins.RetrieveModelMixin.retrieve

    def get_queryset(self):
        return orders_for_partners(with_totals=True)

    def get_fingerprint(self, request):
        """The ids and versions of the rows the page (or the order) would hold, filtered and paged alike."""
        versions = self.filter_queryset(order_versions())
        if self.action == "retrieve":
            return generics.get_object_or_404(versions, pk=self.kwargs["pk"])
        if self.action == "list":
            # The extra row the paginator reads tells whether there is a next page.
            rows = self.paginator.paginate_queryset(versions, request, view=self)
            return [self.paginator.has_next, self.paginator.has_previous, rows]
        return None

    @EXPORT_SCHEMA
    @action(detail=False, pagination_class=None, renderer_classes=[NdjsonRenderer])
    def export(self, request):
        # Filtering first: a bad parameter is a JSON 400 before the first byte is streamed.
        orders = self.filter_queryset(self.get_queryset())
        return StreamingHttpResponse(
            ndjson_lines(orders, self.serializer_class), content_type=NdjsonRenderer.media_type
        )


class CookieViewSet(RateLimitHeadersMixin, v1.CookieViewSet):
    """The cookies on sale, as in v1. Public: no key needed, but a key that is sent must be valid."""


@extend_schema_view(get=extend_schema(auth=[{"ApiKeyAuth": []}]))
class KeyView(RateLimitHeadersMixin, ConditionalGetMixin, generics.RetrieveAPIView):
    """The calling API key: name, prefix, scopes, dates. Never the secret."""

    serializer_class = KeySerializer
    permission_classes = [HasAPIKey]

    def get_object(self):
        return self.request.auth

    def get_fingerprint(self, request):
        return self.get_serializer(request.auth).data
