"""Reads of orders: every query that leaves the orders app is built here."""

from django.db.models import DecimalField, ExpressionWrapper, F, Prefetch, QuerySet, Sum

from .models import CookieOrder, Order


def orders_for_partners() -> QuerySet[Order]:
    """Orders with address, lines and cookie names, for the partner API (three queries)."""
    return Order.objects.select_related("address").prefetch_related(
        Prefetch(
            "cookie_orders",
            queryset=CookieOrder.objects.select_related("cookie").order_by("id"),
        )
    )


def orders_for_admin() -> QuerySet[Order]:
    """Orders annotated with item count and total, for the admin changelist (one query)."""
    line_total = ExpressionWrapper(
        F("cookie_orders__unit_price") * F("cookie_orders__number_of_cookies"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    return Order.objects.select_related("address").annotate(
        number_of_items=Sum("cookie_orders__number_of_cookies"),
        total=Sum(line_total),
    )
