"""Provides v1's page of orders read as database rows: the same dicts as OrderSerializer, a fraction of the time.

DRF serializes a list by building a model instance per order, address and line,
then calling every field on every object: for a page of orders that is most of a
request's time. v1 is frozen, so its shape is written out here once, as columns,
and a test proves the rows equal what DRF makes of model instances
(api/tests/v1/test_rows.py). A page costs two queries: the orders with their
address, then the lines of those orders in the given line ordering.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from orders.models import CookieOrder, Order
from orders.selectors import PARTNER_LINE_ORDERING

V1_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # in the shop's TIME_ZONE, without offset
ADDRESS_FIELDS = ("name", "street", "city", "state", "zip", "country")
ORDER_COLUMNS = ("id", "date", *(f"address__{name}" for name in ADDRESS_FIELDS))
LINE_COLUMNS = ("order_id", "cookie_id", "cookie__name", "number_of_cookies")
NOT_A_QUERYSET = (
    "OrderRowsSerializer reads an unevaluated queryset of orders (the page's object_list), got {type}: "
    "use api.pagination.HeaderPageNumberPagination or serialize instances with a plain ListSerializer."
)


def order_rows(orders: QuerySet[Order], *, line_ordering: Sequence[str]) -> list[dict]:
    """The v1 dicts of `orders` (a page of the selector's queryset), lines sorted by `line_ordering`."""
    # values_list() ignores select_related; the selector's Prefetch of the lines is
    # replaced by the explicit query below.
    rows = list(orders.prefetch_related(None).values_list(*ORDER_COLUMNS))
    lines = lines_by_order([row[0] for row in rows], line_ordering=line_ordering)
    zone = timezone.get_current_timezone()
    return [
        {
            "id": order_id,
            "date": date.astimezone(zone).strftime(V1_DATE_FORMAT),
            "address": dict(zip(ADDRESS_FIELDS, address, strict=True)),
            "cookie_orders": lines.get(order_id, []),
        }
        for order_id, date, *address in rows
    ]


def lines_by_order(order_ids: list[int], *, line_ordering: Sequence[str]) -> dict[int, list[dict]]:
    """The v1 dicts of the lines of these orders, grouped by order, in `line_ordering`."""
    lines = CookieOrder.objects.filter(order_id__in=order_ids).order_by(*line_ordering).values_list(*LINE_COLUMNS)
    grouped = defaultdict(list)
    for order_id, cookie_id, cookie_name, number_of_cookies in lines:
        grouped[order_id].append(
            {"cookie_id": cookie_id, "cookie_name": cookie_name, "number_of_cookies": number_of_cookies}
        )
    return grouped


class OrderRowsSerializer(serializers.ListSerializer):
    """v1's list of orders: a page of orders_for_partners() read by order_rows(), never as instances."""

    def to_representation(self, data):
        if not isinstance(data, QuerySet):
            raise TypeError(NOT_A_QUERYSET.format(type=type(data).__name__))
        return order_rows(data, line_ordering=PARTNER_LINE_ORDERING)
