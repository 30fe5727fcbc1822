"""Counts and slices of lists of orders for pagination: exact, and cheap for the lists partners page through.

Orders are numbered 1..N by id (Order.position, kept by orders.services), so the
count of every order is the last position and a page of them in id order is a range
of positions. A filter on the orders' own columns that matches most of the table is
counted as N minus the orders it leaves out, when PostgreSQL estimates those fewer;
the orders with one cookie are counted from its lines. Every count is exact.
"""

import json

from django.db import connection
from django.db.models import F, Func, Max, QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, Lookup
from django.db.models.sql.constants import INNER
from django.db.models.sql.where import WhereNode

from .models import CookieOrder, Order


def count_of(rows: QuerySet) -> int:
    """How many rows `rows` holds, exactly: for every order, one index probe; else COUNT(*) of the smaller side.

    A filtered list is counted by the database, in time bounded by the index of its
    filter (the date, a cookie's lines); one on the orders' own columns that PostgreSQL
    expects to keep most orders counts those it leaves out instead (two estimates first).
    """
    if _every_order(rows):
        return _last_position()
    if _by_own_columns(rows) and _fewer_left_out(rows):
        return _count_by_complement(rows)
    if (cookie := _cookie_alone(rows)) is not None:
        # One line per order and cookie (a unique constraint), one order per line: as many orders as lines.
        return CookieOrder.objects.filter(cookie=cookie).count()
    return rows.count()


def _last_position() -> int:
    return Order.objects.aggregate(last=Max("position"))["last"] or 0


def _by_own_columns(rows: QuerySet) -> bool:
    """PostgreSQL, and orders filtered only by comparing their own non-null columns to values.

    Then NOT of the filter is exactly the orders it leaves out (no NULL is neither in
    nor out, no join repeats a row), and PostgreSQL reads that from the same index.
    """
    query = rows.query
    if connection.vendor != "postgresql" or rows.model is not Order or not query.where:
        return False
    if query.distinct or query.group_by is not None or query.combinator or query.is_sliced:
        return False
    return len(query.alias_map) == 1 and all(_compares_a_column(node) for node in _leaves(query.where))


def _cookie_alone(rows: QuerySet):
    """The cookie of `rows` when it is every order with a line for one cookie and nothing else, else None."""
    query, where = rows.query, rows.query.where
    if rows.model is not Order or query.distinct or query.group_by is not None or query.combinator:
        return None
    if query.is_sliced or where.negated or len(where.children) != 1:
        return None
    node = where.children[0]
    if not (isinstance(node, Exact) and isinstance(node.lhs, Col) and node.lhs.target == CookieOrder.cookie.field):
        return None
    used = {alias for alias, count in query.alias_refcount.items() if count}
    join = query.alias_map.get(node.lhs.alias)
    if used != {query.base_table, node.lhs.alias} or getattr(join, "join_type", None) != INNER:
        return None
    return None if hasattr(node.rhs, "resolve_expression") else node.rhs


def _leaves(node: WhereNode):
    for child in node.children:
        yield from _leaves(child) if isinstance(child, WhereNode) else [child]


def _compares_a_column(node) -> bool:
    return (
        isinstance(node, Lookup)
        and isinstance(node.lhs, Col)
        and not node.lhs.target.null
        and not hasattr(node.rhs, "resolve_expression")
    )


def _complement(rows: QuerySet) -> QuerySet:
    left_out = Order.objects.all()
    where = rows.query.where.clone()
    where.negate()
    left_out.query.where = where
    return left_out


def _fewer_left_out(rows: QuerySet) -> bool:
    """Whether PostgreSQL's planner expects the filter to leave out fewer orders than it keeps."""
    estimates = []
    for part in (rows, _complement(rows)):
        sql, params = part.order_by().values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        estimates.append((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])
    return estimates[1] < estimates[0]


def _count_by_complement(rows: QuerySet) -> int:
    """Every order minus those the filter leaves out, in one statement: one snapshot, so exact."""
    last_sql, last_params = Order.objects.order_by("-position").values("position")[:1].query.sql_with_params()
    left_out = _complement(rows).order_by().annotate(n=Func(F("id"), function="COUNT")).values("n")
    left_sql, left_params = left_out.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(({last_sql}), 0) - ({left_sql})", (*last_params, *left_params))
        return cursor.fetchone()[0]


def slice_of(rows: QuerySet, start: int, stop: int, *, total: int) -> QuerySet:
    """rows[start:stop]; for every order by id (either way), the range of positions it covers instead.

    An OFFSET walks `start` rows of an index before the page; a range of positions
    reads the page's rows only, however deep. `total` is count_of(rows). Any other
    page past the first of orders in a total order (ending with the id) is the rows
    whose ids an OFFSET over the ids alone picks, in the same statement: the walk then
    joins and sorts nothing (the page at 90 % of 1M orders filtered by date: ~8× less).
    """
    direction = _id_direction(rows) if _every_order(rows) else None
    if direction == "ascending":
        return rows.filter(position__gt=start, position__lte=stop)
    if direction == "descending":
        return rows.filter(position__gt=total - stop, position__lte=total - start)
    if start and rows.model is Order and _ends_with_id(rows):
        return rows.filter(pk__in=rows.values("pk")[start:stop])
    return rows[start:stop]


def _ends_with_id(rows: QuerySet) -> bool:
    """Whether the ordering of `rows` ends with the id, so that no two rows tie and a page is one set of rows."""
    query = rows.query
    if query.extra_order_by or query.is_sliced or query.combinator or query.group_by is not None:
        return False
    ordering = query.order_by or (tuple(Order._meta.ordering) if query.default_ordering else ())
    return bool(ordering) and ordering[-1] in ("id", "pk", "-id", "-pk")


def _every_order(rows: QuerySet) -> bool:
    """Whether `rows` is all the orders there are: no filter, grouping, DISTINCT, slice or union."""
    query = rows.query
    return (
        rows.model is Order
        and not query.where
        and not query.distinct
        and query.group_by is None
        and not query.combinator
        and not query.is_sliced
    )


def _id_direction(rows: QuerySet) -> str | None:
    """ "ascending" or "descending" when `rows` is ordered by id alone (repeated or not), else None."""
    query = rows.query
    if query.extra_order_by:
        return None
    ordering = query.order_by or (tuple(Order._meta.ordering) if query.default_ordering else ())
    if ordering and all(field in ("id", "pk") for field in ordering):
        return "ascending"
    if ordering and all(field in ("-id", "-pk") for field in ordering):
        return "descending"
    return None
