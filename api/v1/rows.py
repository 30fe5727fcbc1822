"""Provides v1's page of orders read as database rows: the same dicts as OrderSerializer, a fraction of the time.

DRF serializes a list by building a model instance per order, address and line,
then calling every field on every object: for a page of orders that is most of a
request's time. v1 is frozen, so its shape is written out here once, as columns,
and a test proves the rows equal what DRF makes of model instances
(api/tests/v1/test_rows.py). A page costs two queries: the orders with their
address, then the lines of those orders in the given line ordering.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers
from rest_framework.response import Response

from orders.compiled import CompiledQuery
from orders.counting import PositionRange
from orders.models import CookieOrder, Order
from orders.selectors import PARTNER_LINE_ORDERING

V1_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # in the shop's TIME_ZONE, without offset
ADDRESS_FIELDS = ("name", "street", "city", "state", "zip", "country")
ORDER_COLUMNS = ("id", "date", *(f"address__{name}" for name in ADDRESS_FIELDS))
LINE_COLUMNS = ("order_id", "cookie_id", "cookie__name", "number_of_cookies")
NOT_A_QUERYSET = (
    "OrderRowsSerializer reads an unevaluated queryset of orders or a PositionRange (the page's object_list), "
    "got {type}: "
    "use api.pagination.HeaderPageNumberPagination or serialize instances with a plain ListSerializer."
)


def order_rows(orders: QuerySet[Order], *, line_ordering: Sequence[str]) -> list[dict]:
    """The v1 dicts of `orders` (a page of the selector's queryset), lines sorted by `line_ordering`."""
    # values_list() ignores select_related; the selector's Prefetch of the lines is
    # replaced by the explicit query below.
    rows = list(orders.prefetch_related(None).values_list(*ORDER_COLUMNS))
    lines = lines_by_order([row[0] for row in rows], line_ordering=line_ordering)
    return as_dicts(rows, lines)


def position_rows(page: PositionRange) -> list[dict]:
    """The v1 dicts of a page of every order (a range of positions), from two queries compiled once.

    Such a page holds every order whose id lies between its first and last, so its lines
    are a range of order ids: no list of ids to compile into the query.
    """
    rows = ORDERS_AT_POSITIONS.rows(after=page.after, upto=page.upto)
    if not rows:
        return []
    lines = grouped_lines(LINES_OF_ORDERS_BETWEEN.rows(first=rows[0][0], last=rows[-1][0]))
    if page.descending:
        rows.reverse()
    return as_dicts(rows, lines)


def as_dicts(rows: list[tuple], lines: dict[int, list[dict]]) -> list[dict]:
    """The v1 dicts of order rows (ORDER_COLUMNS) and their lines, grouped by order."""
    zone = timezone.get_current_timezone()
    # The address written out as ADDRESS_FIELDS: a dict display, not dict(zip()) per order.
    return [
        {
            "id": order_id,
            "date": aware(date).astimezone(zone).strftime(V1_DATE_FORMAT),
            "address": {"name": name, "street": street, "city": city, "state": state, "zip": zip_, "country": country},
            "cookie_orders": lines.get(order_id, []),
        }
        for order_id, date, name, street, city, state, zip_, country in rows
    ]


def aware(date: datetime) -> datetime:
    """The date as stored: read without the ORM's converter, SQLite's is naive and in UTC (Django stores UTC)."""
    return date if date.tzinfo is not None else date.replace(tzinfo=UTC)


def lines_by_order(order_ids: list[int], *, line_ordering: Sequence[str]) -> dict[int, list[dict]]:
    """The v1 dicts of the lines of these orders, grouped by order, in `line_ordering`."""
    lines = CookieOrder.objects.filter(order_id__in=order_ids).order_by(*line_ordering).values_list(*LINE_COLUMNS)
    return grouped_lines(lines)


def grouped_lines(lines) -> dict[int, list[dict]]:
    """Line rows (LINE_COLUMNS) as v1 dicts, grouped by order."""
    grouped = defaultdict(list)
    for order_id, cookie_id, cookie_name, number_of_cookies in lines:
        grouped[order_id].append(
            {"cookie_id": cookie_id, "cookie_name": cookie_name, "number_of_cookies": number_of_cookies}
        )
    return grouped


class OrderRowsSerializer(serializers.ListSerializer):
    """v1's list of orders: a page of orders_for_partners() read by order_rows(), never as instances."""

    def to_representation(self, data):
        if isinstance(data, PositionRange):
            return position_rows(data)
        if not isinstance(data, QuerySet):
            raise TypeError(NOT_A_QUERYSET.format(type=type(data).__name__))
        return order_rows(data, line_ordering=PARTNER_LINE_ORDERING)


# One order with its lines, as a detail reads it: one row per line (the order's columns
# repeated; one row of empty line columns for an order without lines), compiled once.
ORDER_WITH_LINES = CompiledQuery(
    lambda order_id: (
        Order.objects.filter(pk=order_id)
        .order_by(*(f"cookie_orders__{field}" for field in PARTNER_LINE_ORDERING))
        .values_list(*ORDER_COLUMNS, *(f"cookie_orders__{column}" for column in LINE_COLUMNS[1:]))
    ),
    convert=False,
    order_id=int,
)
# Without the ORM's converters: on SQLite, making each date aware read a setting per row
# (~10 % of a page of 100); aware() does the same once the value is at hand.
ORDERS_AT_POSITIONS = CompiledQuery(
    lambda after, upto: (
        Order.objects.filter(position__gt=after, position__lte=upto).order_by("id").values_list(*ORDER_COLUMNS)
    ),
    convert=False,
    after=int,
    upto=int,
)
LINES_OF_ORDERS_BETWEEN = CompiledQuery(
    lambda first, last: (
        CookieOrder.objects.filter(order_id__gte=first, order_id__lte=last)
        .order_by(*PARTNER_LINE_ORDERING)
        .values_list(*LINE_COLUMNS)
    ),
    first=int,
    last=int,
)
# Ids the compiled path takes: plain digits of a value any integer column holds. Anything
# else (and any query parameter, which DRF's filters would apply) goes DRF's own way.
PLAIN_ID = re.compile(r"[1-9][0-9]{0,8}\Z")


class OrderRowRetrieveMixin:
    """retrieve() of one order from one compiled query, as rows: the same body as DRF's path, a fraction of the time.

    DRF's path (get_object() with the selector's prefetch, then OrderSerializer field by
    field) stays for what this one does not cover: a lookup that is not a plain id, query
    parameters (filters apply to a detail too), and an order that does not exist, so
    that every answer but the plain 200 is exactly DRF's. The permissions of this API
    grant or refuse per request, never per object, so no object check is skipped.
    """

    def retrieve(self, request, *args, **kwargs):
        lookup = kwargs[self.lookup_url_kwarg or self.lookup_field]
        if request.query_params or not PLAIN_ID.match(lookup):
            return super().retrieve(request, *args, **kwargs)
        rows = ORDER_WITH_LINES.rows(order_id=int(lookup))
        if not rows:
            return super().retrieve(request, *args, **kwargs)
        width = len(ORDER_COLUMNS)
        lines = [(row[0], *row[width:]) for row in rows if row[width] is not None]
        [order] = as_dicts([rows[0][:width]], grouped_lines(lines))
        return Response(order)
