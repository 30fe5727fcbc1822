"""Provides v1's order filters: date_after, date_before, cookie and ordering."""

import django_filters

from api.filters import CookieFilter, InstantFilter, StableOrderingFilter
from orders.models import Order


class OrderFilter(django_filters.FilterSet):
    date_after = InstantFilter(
        field_name="date", lookup_expr="gte", label="Orders placed at or after this date (inclusive)."
    )
    date_before = InstantFilter(
        field_name="date", lookup_expr="lt", label="Orders placed before this date (exclusive)."
    )
    cookie = CookieFilter(label="Orders with a line for the cookie with this slug.")
    ordering = StableOrderingFilter(fields=["id", "date"], label="id, -id, date or -date (default id).")

    class Meta:
        model = Order
        fields = ["date_after", "date_before", "cookie"]
