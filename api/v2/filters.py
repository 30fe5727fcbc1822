"""Provides v2's order filters: created_after and created_before (both strict), cookie."""

from api.filters import InstantFilter, OrderFilterSet


class OrderFilter(OrderFilterSet):
    created_after = InstantFilter(
        field_name="date", lookup_expr="gt", label="Orders created strictly after this instant (incremental sync)."
    )
    created_before = InstantFilter(
        field_name="date", lookup_expr="lt", label="Orders created strictly before this instant."
    )

    class Meta(OrderFilterSet.Meta):
        fields = ["created_after", "created_before", "cookie"]
