"""Provides v2's event feed: serializer, filters and the read-only viewset of /api/v2/events."""

import json

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import generics, serializers, viewsets

from api.filters import InstantFilter
from orders.models import EventType, OrderEvent
from orders.selectors import events_for_partners

from .conditional import ConditionalGetMixin
from .pagination import OrderCursorPagination
from .ratelimit import RateLimitHeadersMixin

UNKNOWN_TYPE = "unknown event type %(value)s: use one of " + ", ".join(EventType.values) + "."


@extend_schema_field(OpenApiTypes.OBJECT)
class DataField(serializers.Field):
    """`data` of the stored event document: {"order": <the v2 order as of the change>}."""

    def to_representation(self, document):
        return json.loads(document)["data"]


@extend_schema_serializer(component_name="EventV2")
class EventSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    data = DataField(source="document", read_only=True)

    class Meta:
        model = OrderEvent
        fields = ["id", "type", "created_at", "data"]


class EventFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        choices=EventType.choices, error_messages={"invalid_choice": UNKNOWN_TYPE}, label="Events of this type."
    )
    created_after = InstantFilter(
        field_name="created_at", lookup_expr="gt", label="Events created strictly after this instant."
    )

    class Meta:
        model = OrderEvent
        fields = ["type", "created_after"]


class EventCursorPagination(OrderCursorPagination):
    """Walks events by id: they commit in id order, so a client following `next` sees each once."""


class EventViewSet(RateLimitHeadersMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Order events (order.created, order.updated, order.fulfilled, order.cancelled), oldest first."""

    serializer_class = EventSerializer
    pagination_class = EventCursorPagination
    filterset_class = EventFilter
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return events_for_partners()

    def get_fingerprint(self, request):
        """An event never changes: the ids a page (or the event) would hold say it all, retention included."""
        ids = self.filter_queryset(self.get_queryset()).values("id")
        if self.action == "retrieve":
            return generics.get_object_or_404(ids, public_id=self.kwargs[self.lookup_url_kwarg])
        if self.action == "list":
            rows = self.paginator.paginate_queryset(ids, request, view=self)
            return [self.paginator.has_next, self.paginator.has_previous, rows]
        return None
