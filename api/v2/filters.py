"""Provides v2's order filters: created_after, created_before and updated_after (all strict), status, cookie."""

import django_filters

from api.filters import InstantFilter, OrderFilterSet
from orders.models import Order


class OrderFilter(OrderFilterSet):
    created_after = InstantFilter(
        field_name="date", lookup_expr="gt", label="Orders created strictly after this instant (incremental sync)."
    )
    created_before = InstantFilter(
        field_name="date", lookup_expr="lt", label="Orders created strictly before this instant."
    )
    updated_after = InstantFilter(
        field_name="updated_at",
        lookup_expr="gt",
        label=(
            "Orders changed strictly after this instant, ordered by (updated_at, id): send the updated_at "
            "of the last order you read, exactly as sent, to sync every change."
        ),
    )
    status = django_filters.ChoiceFilter(choices=Order.Status.choices, label="Orders with this status.")

    class Meta(OrderFilterSet.Meta):
        fields = ["created_after", "created_before", "updated_after", "status", "cookie"]
