"""Provides v2's order filters: created_after and created_before (both strict), cookie."""

import django_filters

from api.filters import CookieFilter, InstantFilter
from orders.models import Order


class OrderFilter(django_filters.FilterSet):
    created_after = InstantFilter(
        field_name="date", lookup_expr="gt", label="Orders created strictly after this instant (incremental sync)."
    )
    created_before = InstantFilter(
        field_name="date", lookup_expr="lt", label="Orders created strictly before this instant."
    )
    cookie = CookieFilter(label="Orders with a line for the cookie with this slug.")

    class Meta:
        model = Order
        fields = ["created_after", "created_before", "cookie"]
