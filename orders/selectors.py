"""Reads of orders: every query that leaves the orders app is built here."""

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Prefetch, QuerySet, Subquery, Sum

from .models import CookieOrder, Order

MONEY = DecimalField(max_digits=12, decimal_places=2)


def orders_for_partners(*, with_totals: bool = False) -> QuerySet[Order]:
    """Orders with address, lines and cookie names, for the partner API (two queries a page).

    `with_totals` annotates each order's `total`, the sum of its line totals (API v2).
    """
    orders = Order.objects.select_related("address").prefetch_related(
        Prefetch(
            "cookie_orders",
            queryset=CookieOrder.objects.select_related("cookie").order_by("id"),
        )
    )
    if with_totals:
        # A correlated subquery rather than Sum over a join: filters that join
        # the lines (such as ?cookie=) then cannot shrink the total.
        line_totals = (
            CookieOrder.objects.filter(order=OuterRef("pk"))
            .values("order")
            .annotate(total=Sum(ExpressionWrapper(F("unit_price") * F("number_of_cookies"), output_field=MONEY)))
            .values("total")
        )
        orders = orders.annotate(total=Subquery(line_totals, output_field=MONEY))
    return orders


def orders_for_admin() -> QuerySet[Order]:
    """Orders annotated with item count and total, for the admin changelist (one query)."""
    line_total = ExpressionWrapper(
        F("cookie_orders__unit_price") * F("cookie_orders__number_of_cookies"), output_field=MONEY
    )
    return Order.objects.select_related("address").annotate(
        number_of_items=Sum("cookie_orders__number_of_cookies"),
        total=Sum(line_total),
    )
