"""api.v1.rows builds, from rows, exactly what DRF builds of v1's OrderSerializer from model instances."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Prefetch
from rest_framework import serializers

from api.v1.rows import NOT_A_QUERYSET, OrderRowsSerializer, order_rows
from api.v1.serializers import OrderSerializer
from cookies.tests.factories import make_cookie
from orders.counting import PositionRange
from orders.models import CookieOrder
from orders.selectors import orders_for_partners, slice_of
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    cookies = [make_cookie(name=name) for name in ("Zoë's Chip", "Oat", "Ginger", "Lemon", "Crème")]
    start = datetime(2024, 3, 10, 23, 30, tzinfo=UTC)  # across a DST change in New York
    return [
        make_order(
            lines={c: 1 + n + i for i, c in enumerate(cookies[: 1 + n % 5])}, placed_at=start + timedelta(hours=n)
        )
        for n in range(12)
    ]


def drf_data(queryset):
    """What DRF's own ListSerializer makes of the same page, from model instances."""
    return serializers.ListSerializer(list(queryset), child=OrderSerializer()).data


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_rows_give_the_same_data_as_model_instances(orders, settings, zone):
    settings.TIME_ZONE = zone
    page = orders_for_partners().order_by("-id")[2:9]
    assert OrderSerializer(page, many=True).data == drf_data(page)


def test_a_page_is_read_in_two_queries(orders, django_assert_num_queries):
    page = orders_for_partners()[:10]
    with django_assert_num_queries(2):
        data = OrderSerializer(page, many=True).data
    assert [order["id"] for order in data] == [order.pk for order in orders[:10]]


def test_lines_come_in_the_ordering_given(orders):
    page = orders_for_partners().order_by("id")[:5]
    newest_first = Prefetch("cookie_orders", CookieOrder.objects.select_related("cookie").order_by("-id"))
    expected = drf_data(page.prefetch_related(None).prefetch_related(newest_first))
    descending = order_rows(page, line_ordering=("-id",))
    assert descending == expected
    ascending = order_rows(page, line_ordering=("id",))
    assert len(ascending[4]["cookie_orders"]) == 5
    assert descending[4]["cookie_orders"] == ascending[4]["cookie_orders"][::-1]


def test_an_order_without_lines_gets_an_empty_list(orders):
    order = orders[0]
    order.cookie_orders.all().delete()
    data = OrderSerializer(orders_for_partners().filter(pk=order.pk), many=True).data
    assert data == drf_data(orders_for_partners().filter(pk=order.pk))
    assert data[0]["cookie_orders"] == []


def test_an_empty_page_is_an_empty_list_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert OrderSerializer(orders_for_partners().filter(pk=-1), many=True).data == []


def test_a_list_of_instances_is_refused_with_a_message_naming_the_fix(orders):
    instances = list(orders_for_partners()[:3])
    with pytest.raises(TypeError) as refused:
        OrderRowsSerializer(instances, child=OrderSerializer()).data  # noqa: B018
    assert str(refused.value) == NOT_A_QUERYSET.format(type="list")


@pytest.mark.parametrize("ordering", [(), ("-id",)])
@pytest.mark.parametrize(("start", "stop"), [(0, 5), (5, 10), (10, 12), (11, 12), (12, 12)])
def test_a_page_of_every_order_is_read_by_compiled_queries_with_the_same_data(
    orders, ordering, start, stop, django_assert_num_queries
):
    every = orders_for_partners().order_by(*ordering) if ordering else orders_for_partners()
    page = slice_of(every, start, stop, total=len(orders))
    assert isinstance(page, PositionRange)
    expected = drf_data(every[start:stop])
    with django_assert_num_queries(2 if expected else 1):
        assert OrderSerializer(page, many=True).data == expected


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_a_detail_by_plain_id_is_the_same_as_drfs(orders, key_client, settings, zone, django_assert_num_queries):
    settings.TIME_ZONE = zone
    for order in orders:
        with django_assert_num_queries(2):  # the key; the order with its address and lines
            response = key_client.get(f"/api/v1/orders/{order.pk}")
        assert response.json() == OrderSerializer(orders_for_partners().get(pk=order.pk)).data


@pytest.mark.parametrize("lookup", ["0{pk}", "{pk}?date_after=2000-01-01", "{pk}?date_after=2999-01-01", "999999"])
def test_other_details_are_drfs_own(orders, key_client, lookup):
    """Leading zeros, filters and unknown ids take DRF's path: its 200s and its 404."""
    response = key_client.get("/api/v1/orders/" + lookup.format(pk=orders[3].pk))
    if "2999" in lookup or lookup == "999999":
        assert response.status_code == 404
        assert response.json() == {"error": "No Order matches the given query."}
    else:
        assert response.json() == OrderSerializer(orders_for_partners().get(pk=orders[3].pk)).data


def test_a_detail_without_lines_is_the_same_as_drfs(orders, key_client):
    order = orders[0]
    order.cookie_orders.all().delete()
    response = key_client.get(f"/api/v1/orders/{order.pk}")
    assert response.json() == OrderSerializer(orders_for_partners().get(pk=order.pk)).data
    assert response.json()["cookie_orders"] == []
