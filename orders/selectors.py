"""Reads of orders: every query that leaves the orders app is built here."""

from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from .counting import count_of, slice_of  # noqa: F401  (the API's pagination reads them here)
from .models import CookieOrder, Order, OrderEvent

MONEY = DecimalField(max_digits=20, decimal_places=2)
# The order of an order's lines for partners; API v1 reads its pages' lines in it too.
PARTNER_LINE_ORDERING = ("id",)


def _sum_over_lines(expression, output_field):
    """The sum of `expression` over an order's lines, 0 for an order without lines.

    A correlated subquery rather than Sum over a join: filters that join the lines
    (such as ?cookie=) then cannot shrink the sum, and no GROUP BY is needed.
    """
    per_order = (
        CookieOrder.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(sum=Sum(ExpressionWrapper(expression, output_field=output_field)))
        .values("sum")
    )
    zero = Value(Decimal("0.00") if isinstance(output_field, DecimalField) else 0, output_field=output_field)
    return Coalesce(Subquery(per_order, output_field=output_field), zero)


def _total():
    return _sum_over_lines(F("unit_price") * F("number_of_cookies"), MONEY)


def orders_for_partners(*, with_totals: bool = False) -> QuerySet[Order]:
    """Orders with address, shipment, lines and cookie names, for the partner API (two queries a page).

    `with_totals` annotates each order's `total`, the sum of its line totals (API v2).
    """
    # A fresh copy of a queryset built once, as DRF's `queryset = ….all()` is: building the
    # joins, the Prefetch and the total's subquery anew cost ~6 % of a page of 100.
    return (_PARTNER_ORDERS_WITH_TOTALS if with_totals else _PARTNER_ORDERS).all()


_PARTNER_ORDERS = Order.objects.select_related("address", "fulfilment").prefetch_related(
    Prefetch("cookie_orders", queryset=CookieOrder.objects.select_related("cookie").order_by(*PARTNER_LINE_ORDERING))
)
_PARTNER_ORDERS_WITH_TOTALS = _PARTNER_ORDERS.annotate(total=_total())


def order_versions() -> QuerySet[Order]:
    """Each order's id and `updated_at` only (no join, no lines), for the API's cheap ETags.

    `updated_at` moves whenever an order's representation changes (every service that
    changes an order, its address, its lines or its status moves it: orders.services).
    The API filters and pages this as it would the orders themselves, then fingerprints
    the rows without reading or rendering the orders.
    """
    return Order.objects.values("id", "updated_at")


def orders_for_admin() -> QuerySet[Order]:
    """Orders with address, item count and total, for the admin changelist (one query)."""
    return Order.objects.select_related("address").annotate(
        number_of_items=_sum_over_lines(F("number_of_cookies"), IntegerField()),
        total=_total(),
    )


def orders_placed_by(*, order_ids) -> QuerySet[Order]:
    """The given orders with address, lines, cookie names and total, for the confirmation page."""
    return orders_for_partners(with_totals=True).filter(pk__in=list(order_ids))


def events_for_partners() -> QuerySet[OrderEvent]:
    """Order events, oldest first, for API v2's event feed (one query a page)."""
    return OrderEvent.objects.only("id", "public_id", "type", "created_at", "document").order_by("id")


def unpublished_events(*, created_before) -> QuerySet[OrderEvent]:
    """Events nobody has fanned out yet, created before `created_before` (the webhooks sweep)."""
    return OrderEvent.objects.filter(published_at__isnull=True, created_at__lt=created_before).order_by("id")
