"""Each endpoint costs a fixed number of queries, whatever the page size and the lines per order."""

import pytest

from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

# v1: key, count (X-Total-Count), page of orders with addresses, their lines with cookie names.
V1_LIST = 4
# v2: key, the page's ids and updated_at (its ETag), page of orders with addresses and totals,
# their lines with cookies (a cursor needs no count).
V2_LIST = 4
# A detail: v1, the key and the order with its address and lines in one query; v2, the key,
# its updated_at (its ETag), the order with its address, its lines.
DETAIL = {"v1": 2, "v2": 4}


@pytest.fixture(params=[1, 5], ids=["1 line", "5 lines"])
def orders(request):
    """12 orders of 1 or 5 lines: more than the smaller page sizes, so that an N+1 would show."""
    cookies = [make_cookie() for _ in range(request.param)]
    return [make_order(lines=dict.fromkeys(cookies, 2)) for _ in range(12)]


@pytest.mark.parametrize(("version", "queries"), [("v1", V1_LIST), ("v2", V2_LIST)])
@pytest.mark.parametrize("page_size", [1, 10, 100])
def test_a_list_costs_the_same_queries_for_any_page(
    key_client, orders, django_assert_num_queries, version, queries, page_size
):
    with django_assert_num_queries(queries):
        response = key_client.get(f"/api/{version}/orders", {"page_size": page_size})
    assert response.status_code == 200


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_detail_costs_a_fixed_number_of_queries(key_client, orders, django_assert_num_queries, version):
    with django_assert_num_queries(DETAIL[version]):
        response = key_client.get(f"/api/{version}/orders/{orders[-1].pk}")
    assert response.json()["id"] == orders[-1].pk


def test_a_filtered_v1_list_costs_one_more_query_for_the_cookie(key_client, orders, django_assert_num_queries):
    slug = orders[0].cookie_orders.first().cookie.slug
    with django_assert_num_queries(V1_LIST + 1):  # the cookie filter looks the slug up
        response = key_client.get("/api/v1/orders", {"cookie": slug, "page_size": 5})
    assert [order["id"] for order in response.json()] == [order.pk for order in orders[:5]]
