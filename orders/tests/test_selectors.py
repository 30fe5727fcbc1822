"""Selectors: the reads other apps make of orders."""

import pytest

from orders.selectors import order_versions
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_order_versions_read_ids_and_versions_in_one_query_without_joins(django_assert_num_queries, cookie):
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]
    with django_assert_num_queries(1) as captured:
        rows = list(order_versions().order_by("id"))
    assert rows == [{"id": o.pk, "version": o.pk} for o in orders]
    assert "JOIN" not in captured.captured_queries[0]["sql"]
