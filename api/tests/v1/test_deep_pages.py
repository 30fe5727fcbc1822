"""Every page of the unfiltered v1 list, read as a range of positions, equals the same page read by OFFSET."""

import math

import pytest

from cookies.tests.factories import make_cookie
from orders.models import Order
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"
# Matches every order, so its pages are the same rows; a filtered list pages by OFFSET.
EVERY_ORDER = {"date_after": "2000-01-01"}
V1_LIST = 4  # api/tests/test_query_counts.py


@pytest.fixture
def orders():
    cookie = make_cookie()
    made = [make_order(lines={cookie: n + 1}) for n in range(8)]
    Order.objects.filter(pk=made[3].pk).delete()  # a gap in the ids, renumbered
    return made


@pytest.mark.parametrize("ordering", [None, "id", "-id"])
@pytest.mark.parametrize("page_size", [1, 3, 7])
def test_each_page_by_position_equals_the_page_by_offset(key_client, orders, ordering, page_size):
    extra = {"ordering": ordering} if ordering else {}
    pages = math.ceil(7 / page_size)
    for page in range(1, pages + 1):
        params = {"page": page, "page_size": page_size, **extra}
        by_position = key_client.get(ORDERS, params)
        by_offset = key_client.get(ORDERS, {**params, **EVERY_ORDER})
        assert by_position.status_code == by_offset.status_code == 200
        assert by_position.content == by_offset.content, page
        assert by_position["X-Total-Count"] == by_offset["X-Total-Count"] == "7"
    assert key_client.get(ORDERS, {"page": pages + 1, "page_size": page_size, **extra}).status_code == 404


def test_a_deep_page_costs_the_queries_of_the_first(key_client, orders, django_assert_num_queries):
    with django_assert_num_queries(V1_LIST) as captured:
        response = key_client.get(ORDERS, {"page": 6, "page_size": 1})
    assert [order["id"] for order in response.json()] == [orders[6].pk]
    sql = " ".join(query["sql"] for query in captured.captured_queries).upper()
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql
