"""Each selector reads what its consumer shows in a fixed number of queries, however many orders and lines."""

from decimal import Decimal

import pytest

from cookies.tests.factories import make_cookie
from orders.selectors import order_versions, orders_for_admin, orders_for_partners, orders_placed_by
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    """Ten orders of 1 to 3 lines: enough that a query per order or per line would show."""
    cookies = [make_cookie(price=Decimal(price)) for price in ("2.50", "1.25", "3.00")]
    return [make_order(lines={cookie: n + 1 for cookie in cookies[: 1 + n % 3]}) for n in range(10)]


def shown(order) -> tuple:
    """What the partner API and the confirmation page read of an order."""
    lines = [(line.cookie.name, line.number_of_cookies, line.line_total) for line in order.cookie_orders.all()]
    return order.pk, order.address.city, lines


def test_orders_for_partners_reads_orders_addresses_and_lines_in_two_queries(orders, django_assert_num_queries):
    with django_assert_num_queries(2):
        read = [shown(order) for order in orders_for_partners().order_by("id")]
    assert [pk for pk, _, _ in read] == [order.pk for order in orders]
    assert [len(lines) for _, _, lines in read] == [1 + n % 3 for n in range(10)]


def test_lines_come_in_the_partner_line_ordering(orders, django_assert_num_queries):
    with django_assert_num_queries(2):
        order = orders_for_partners().get(pk=orders[2].pk)
        line_ids = [line.pk for line in order.cookie_orders.all()]
    assert line_ids == sorted(line_ids)


def test_totals_are_annotated_in_the_same_two_queries(orders, django_assert_num_queries):
    with django_assert_num_queries(2):
        totals = {order.pk: (order.total, shown(order)) for order in orders_for_partners(with_totals=True)}
    assert totals[orders[2].pk][0] == Decimal("2.50") * 3 + Decimal("1.25") * 3 + Decimal("3.00") * 3


def test_orders_for_admin_reads_address_item_count_and_total_in_one_query(orders, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {o.pk: (o.address.city, o.number_of_items, o.total) for o in orders_for_admin()}
    assert rows[orders[1].pk] == ("Anytown", 4, Decimal("2.50") * 2 + Decimal("1.25") * 2)


def test_an_order_without_lines_totals_zero_for_admin_and_partners(orders):
    orders[0].cookie_orders.all().delete()
    assert orders_for_admin().get(pk=orders[0].pk).total == Decimal("0.00")
    assert orders_for_admin().get(pk=orders[0].pk).number_of_items == 0
    assert orders_for_partners(with_totals=True).get(pk=orders[0].pk).total == Decimal("0.00")


def test_orders_placed_by_reads_only_the_given_orders_in_two_queries(orders, django_assert_num_queries):
    wanted = {orders[3].pk, orders[7].pk}
    with django_assert_num_queries(2):
        read = {order.pk: (order.total, shown(order)) for order in orders_placed_by(order_ids=wanted)}
    assert set(read) == wanted
    assert read[orders[3].pk][0] == Decimal("2.50") * 4


def test_order_versions_read_ids_and_versions_in_one_query_without_joins(django_assert_num_queries, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]
    with django_assert_num_queries(1) as captured:
        rows = list(order_versions().order_by("id"))
    assert rows == [{"id": o.pk, "updated_at": o.updated_at} for o in orders]
    assert "JOIN" not in captured.captured_queries[0]["sql"]
