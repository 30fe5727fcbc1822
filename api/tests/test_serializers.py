"""RowListSerializer builds, from rows, exactly what DRF builds from model instances."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from api.serializers import RowListSerializer, RowPlan
from api.v1.serializers import CookieOrderSerializer, OrderSerializer
from api.v2.serializers import OrderSerializer as V2OrderSerializer
from orders.models import CookieOrder, Order
from orders.selectors import orders_for_partners
from orders.tests.factories import make_cookie, make_order

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


def drf_data(serializer_class, queryset):
    """What DRF's own ListSerializer makes of the same page, from model instances."""
    return serializers.ListSerializer(list(queryset), child=serializer_class()).data


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_rows_give_the_same_data_as_model_instances(orders, settings, zone):
    settings.TIME_ZONE = zone
    page = orders_for_partners().order_by("-id")[2:9]
    assert OrderSerializer(page, many=True).data == drf_data(OrderSerializer, page)


def test_a_page_is_read_in_two_queries(orders):
    page = orders_for_partners()[:10]
    with CaptureQueriesContext(connection) as ctx:
        data = OrderSerializer(page, many=True).data
    assert len(data) == 10
    assert len(ctx.captured_queries) == 2


def test_line_order_and_filter_come_from_the_querysets_prefetch(orders):
    prefetch = Prefetch("cookie_orders", CookieOrder.objects.filter(number_of_cookies__gt=1).order_by("-id"))
    page = Order.objects.prefetch_related(prefetch).order_by("id")[:5]
    assert OrderSerializer(page, many=True).data == drf_data(OrderSerializer, page)


def test_order_without_lines_gets_an_empty_list(orders):
    order = orders[0]
    order.cookie_orders.all().delete()
    data = OrderSerializer(orders_for_partners().filter(pk=order.pk), many=True).data
    assert data[0]["cookie_orders"] == []


def test_a_list_of_instances_is_serialized_by_drf(orders):
    instances = list(orders_for_partners()[:3])
    assert OrderSerializer(instances, many=True).data == drf_data(OrderSerializer, instances)


def test_fields_that_are_not_columns_fall_back_to_drf(orders):
    # v2's line_total is a property and total an annotation: no plan, DRF's path.
    assert RowListSerializer(child=V2OrderSerializer()).get_plan(orders_for_partners()) is None
    queryset = orders_for_partners(with_totals=True)[:4]
    data = serializers.ListSerializer(queryset, child=V2OrderSerializer()).data
    rows = RowListSerializer(queryset, child=V2OrderSerializer()).data
    assert rows == data


class WithMethodField(serializers.ModelSerializer):
    shout = serializers.SerializerMethodField()

    class Meta:
        model = CookieOrder
        fields = ["cookie_id", "shout"]

    def get_shout(self, obj):
        return obj.cookie.name.upper()


def test_method_fields_make_the_plan_fall_back(orders):
    serializer = RowListSerializer(CookieOrder.objects.select_related("cookie")[:3], child=WithMethodField())
    assert serializer.get_plan(CookieOrder.objects.all()) is None
    assert serializer.data[0]["shout"] == CookieOrder.objects.order_by("id").first().cookie.name.upper()


def test_plan_reads_only_the_declared_columns():
    plan = RowPlan(CookieOrderSerializer(), CookieOrder)
    assert plan.lookups == ["cookie_id", "cookie__name", "number_of_cookies"]
