"""Orders are numbered 1..N by id: the count of every order and the pages of the id-ordered list read the numbers."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cookies.tests.factories import make_cookie
from orders.counting import PositionRange
from orders.locks import lock_for_a_new_order
from orders.models import Address, Order
from orders.selectors import count_of, orders_for_partners, slice_of
from orders.services import place_order
from orders.tests.factories import ADDRESS, make_address, make_order
from orders.tests.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db

TOO_MANY = 2**31  # a quantity past the column's range: the checkout fails after its order is written
FIRST_DAY = datetime(2024, 1, 1, 9, tzinfo=UTC)


@pytest.fixture
def cookie():
    return make_cookie(price=Decimal("2.50"))


def numbered() -> list[tuple[int, int]]:
    return list(Order.objects.order_by("id").values_list("id", "position"))


def assert_numbered_by_id():
    """Positions are exactly 1..N in id order, and the count says N, as COUNT(*) does."""
    rows = numbered()
    assert [position for _, position in rows] == list(range(1, len(rows) + 1))
    assert count_of(Order.objects.all()) == Order.objects.aggregate(n=Count("id"))["n"] == len(rows)


def test_each_checkout_takes_the_next_position_and_the_count_follows(cookie):
    assert count_of(Order.objects.all()) == 0
    for expected in range(1, 6):
        order = make_order(lines={cookie: 1})
        assert order.position == expected
        assert_numbered_by_id()


def test_a_checkout_that_fails_after_writing_its_order_leaves_no_gap(cookie, monkeypatch):
    make_order(lines={cookie: 1})

    def fail(**_):
        raise RuntimeError("the event could not be recorded")

    with monkeypatch.context() as patched:
        patched.setattr("orders.services.record_event", fail)
        with pytest.raises(RuntimeError):
            place_order(cart={cookie.pk: 1}, address=make_address())
    assert make_order(lines={cookie: 1}).position == 2
    assert_numbered_by_id()


def test_an_order_written_without_a_position_is_refused(cookie):
    address = Address.objects.create(**ADDRESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(address=address)


def test_deleting_orders_renumbers_the_rest_so_that_the_count_stays_exact(cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(6)]
    Order.objects.filter(pk__in=[orders[1].pk, orders[4].pk]).delete()
    assert_numbered_by_id()
    assert make_order(lines={cookie: 1}).position == 5
    assert_numbered_by_id()


def test_the_count_of_every_order_is_one_query_without_count(cookie, django_assert_num_queries):
    for _ in range(3):
        make_order(lines={cookie: 1})
    with django_assert_num_queries(1) as captured:
        assert count_of(orders_for_partners()) == 3
    assert "COUNT(" not in captured.captured_queries[0]["sql"].upper()


def test_a_filtered_count_is_counted_by_the_database(cookie, django_assert_num_queries):
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]
    with django_assert_num_queries(1) as captured:
        assert count_of(Order.objects.filter(pk__gt=orders[0].pk)) == 2
    assert "COUNT(" in captured.captured_queries[-1]["sql"].upper()


@pytest.mark.parametrize("ordering", [(), ("id",), ("pk", "id"), ("-id",), ("-id", "-pk")])
def test_every_slice_of_every_order_by_id_equals_the_offset_slice(cookie, ordering):
    for _ in range(7):
        make_order(lines={cookie: 1})
    rows = orders_for_partners().order_by(*ordering) if ordering else orders_for_partners()
    total = count_of(rows)
    for start in range(total + 1):
        for stop in range(start, total + 2):
            by_position = slice_of(rows, start, min(stop, total), total=total)
            assert isinstance(by_position, PositionRange)
            assert "position" in str(by_position.queryset.query)
            assert len(by_position) == len(rows[start:stop])
            assert [o.pk for o in by_position] == [o.pk for o in rows[start:stop]], (start, stop)


@pytest.mark.parametrize(
    ("rows", "by_ids"),
    [
        (lambda: orders_for_partners().filter(status="placed"), True),
        (lambda: orders_for_partners().filter(cookie_orders__number_of_cookies__gte=2), True),
        (lambda: Order.objects.order_by("date", "id"), True),
        (lambda: Order.objects.order_by("-date", "-id"), True),
        (lambda: Order.objects.order_by("date"), False),  # ties: no one set of rows per page
        (lambda: Order.objects.distinct(), True),
        (lambda: Address.objects.order_by("id"), False),
    ],
    ids=["filtered", "joined", "by date then id", "by -date then -id", "by date alone", "distinct", "addresses"],
)
def test_any_other_list_is_counted_and_sliced_as_django_would(cookie, rows, by_ids):
    """Orders a day apart two by two, so that dates tie; deep pages of orders in a total order read ids first."""
    for n in range(7):
        make_order(lines={cookie: 1 + n % 3}, placed_at=FIRST_DAY + timedelta(days=n // 2))
    queryset = rows()
    total = count_of(queryset)
    assert total == queryset.count()
    for start in range(total + 1):
        for stop in range(start, total + 2):
            page = slice_of(queryset, start, stop, total=total)
            assert [row.pk for row in page] == [row.pk for row in queryset[start:stop]], (start, stop)
    assert ("IN (SELECT" in str(slice_of(queryset, 2, 4, total=total).query)) == by_ids
    assert "IN (SELECT" not in str(slice_of(queryset, 0, 2, total=total).query)  # the first page: OFFSET 0


def test_nothing_is_counted_or_sliced_as_nothing(cookie):
    make_order(lines={cookie: 1})
    assert count_of(Order.objects.none()) == 0
    assert list(slice_of(Order.objects.none(), 0, 10, total=0)) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so nothing would run at once (CI runs it on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_checkouts_number_their_orders_one_after_the_other_by_id(cookie):
    good = [lambda: place_order(cart={cookie.pk: 1}, address=make_address()) for _ in range(30)]
    bad = [lambda: place_order(cart={cookie.pk: TOO_MANY}, address=make_address()) for _ in range(6)]
    threads, results, errors = run_at_once(good + bad)
    for thread in threads:
        thread.join()
    assert (len(results), len(errors)) == (30, 6)
    assert_numbered_by_id()
    assert count_of(Order.objects.all()) == 30


def test_the_orders_with_a_cookie_are_counted_from_its_lines_alone(cookie, django_assert_num_queries):
    oat = make_cookie()
    for n in range(6):
        make_order(lines={cookie: 1, oat: 2} if n % 2 else {cookie: 3})
    for other in (cookie, oat.pk):
        rows = Order.objects.filter(cookie_orders__cookie=other)
        with django_assert_num_queries(1) as captured:
            counted = count_of(rows)
        assert counted == rows.count() == (6 if other == cookie else 3)
        assert "orders_order" not in captured.captured_queries[0]["sql"]  # one line per order and cookie
    # With another filter, the orders are counted through the join.
    rows = Order.objects.filter(cookie_orders__cookie=oat, pk__gt=Order.objects.order_by("id")[2].pk)
    with CaptureQueriesContext(connection) as captured:
        assert count_of(rows) == rows.count() == 2
    assert "JOIN" in captured.captured_queries[-1]["sql"]


def test_a_checkout_reads_the_last_time_and_position_in_one_query_after_the_lock(cookie, django_assert_num_queries):
    make_order(lines={cookie: 1})
    locking = 1 if connection.vendor == "postgresql" else 0  # SQLite has one writer: no lock to take
    with transaction.atomic(), django_assert_num_queries(locking + 1) as captured:
        now, position = lock_for_a_new_order()
    assert position == 2
    assert now > Order.objects.get().updated_at
    # Each from its index (ORDER BY … DESC LIMIT 1): SQLite scans the table for two MAX() in one SELECT.
    assert "MAX(" not in captured.captured_queries[-1]["sql"].upper()
