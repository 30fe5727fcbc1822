"""orders.compiled runs a queryset compiled once with new values, and reads exactly what the ORM reads."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count

from cookies.tests.factories import make_cookie
from orders.compiled import CompiledQuery
from orders.models import CookieOrder, Order
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "date", "address__city", "status")
BY_ID = CompiledQuery(lambda order_id: Order.objects.filter(pk=order_id).values_list(*COLUMNS), order_id=int)
BY_CITY_SINCE = CompiledQuery(
    lambda city, since: Order.objects.filter(address__city=city, id__gte=since).order_by("-id").values_list(*COLUMNS),
    city=str,
    since=int,
)
FIRST = CompiledQuery(lambda: Order.objects.order_by("-id").values_list(*COLUMNS), limited=True)


@pytest.fixture
def orders():
    cookie = make_cookie()
    start = datetime(2024, 3, 10, 23, 30, tzinfo=UTC)
    return [
        make_order(lines={cookie: 1}, placed_at=start + timedelta(hours=n), city="Paris" if n % 2 else "Oslo")
        for n in range(9)
    ]


def test_rows_are_the_orms_rows_with_its_converters(orders):
    for order in orders:
        (row,) = BY_ID.rows(order_id=order.pk)
        assert row == Order.objects.values_list(*COLUMNS).get(pk=order.pk)
        assert row[1].tzinfo is not None  # the ORM's converter made the date aware
    assert BY_ID.rows(order_id=-1) == []


def test_each_run_takes_its_own_values_in_one_query(orders, django_assert_num_queries):
    since = orders[3].pk
    expected = list(Order.objects.filter(address__city="Paris", id__gte=since).order_by("-id").values_list(*COLUMNS))
    with django_assert_num_queries(1):
        assert BY_CITY_SINCE.rows(city="Paris", since=since) == expected
    assert len(expected) == 3
    assert BY_CITY_SINCE.rows(city="Oslo", since=orders[-1].pk) == [Order.objects.values_list(*COLUMNS).last()]


@pytest.mark.parametrize("limit", [1, 4, 100])
def test_a_limited_query_reads_the_first_rows(orders, limit):
    assert FIRST.rows(limit=limit) == list(Order.objects.order_by("-id").values_list(*COLUMNS)[:limit])


def test_every_thread_compiles_for_its_own_connection(orders):
    """Connections are per thread: a thread never runs a compiler made on another thread's connection."""
    BY_ID.rows(order_id=orders[0].pk)
    assert set(BY_ID._local.by_alias) == {"default"}
    seen = {}
    other = threading.Thread(target=lambda: seen.update(BY_ID._local.__dict__))
    other.start()
    other.join()
    assert seen == {}


def test_a_value_that_does_not_reach_the_sql_unchanged_is_refused():
    # A lookup that transforms its value (here: contains → %value%) would be run with the raw value.
    broken = CompiledQuery(lambda city: Order.objects.filter(address__city__contains=city).values_list("id"), city=str)
    with pytest.raises(ValueError, match="did not reach the SQL unchanged"):
        broken.rows(city="Par")


def test_annotations_and_slices_are_refused():
    annotated = CompiledQuery(lambda: Order.objects.annotate(n=Count("cookie_orders")).values_list("id", "n"))
    sliced = CompiledQuery(lambda: CookieOrder.objects.values_list("id")[:3])
    for query in (annotated, sliced):
        with pytest.raises(ValueError, match="plain, unsliced SELECT"):
            query.rows()


def test_without_converters_the_rows_are_the_drivers(orders):
    raw = CompiledQuery(
        lambda order_id: Order.objects.filter(pk=order_id).values_list("date"), convert=False, order_id=int
    )
    (row,) = raw.rows(order_id=orders[0].pk)
    stored = orders[0].date
    # PostgreSQL's driver gives an aware date-time; SQLite's, the stored UTC without its zone.
    assert row[0] == stored if row[0].tzinfo else row[0] == stored.astimezone(UTC).replace(tzinfo=None)
