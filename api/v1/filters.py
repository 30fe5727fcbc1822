"""Provides v1's order filters: date_after, date_before, cookie and ordering."""

from api.filters import InstantFilter, OrderFilterSet, StableOrderingFilter


class OrderFilter(OrderFilterSet):
    date_after = InstantFilter(
        field_name="date", lookup_expr="gte", label="Orders placed at or after this date (inclusive)."
    )
    date_before = InstantFilter(
        field_name="date", lookup_expr="lt", label="Orders placed before this date (exclusive)."
    )
    ordering = StableOrderingFilter(fields=["id", "date"], label="id, -id, date or -date (default id).")

    class Meta(OrderFilterSet.Meta):
        fields = ["date_after", "date_before", "cookie"]
