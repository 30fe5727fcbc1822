"""The filter backend leaves a FilterSet out only when the request cannot change its result."""

import django_filters
import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.filters import FilterBackend, skippable_widgets
from api.v1.filters import OrderFilter as V1OrderFilter
from api.v2.filters import OrderFilter as V2OrderFilter
from cookies.tests.factories import make_cookie
from orders.models import Order
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


class PlacedFilter(django_filters.FilterSet):
    """A range filter: its parameters are placed_after and placed_before, not its name."""

    placed = django_filters.IsoDateTimeFromToRangeFilter(field_name="date")


class OneCookieOnly(django_filters.Filter):
    """A filter that acts without a value: orders with one line unless told otherwise."""

    def filter(self, qs, value):
        return qs.filter(cookie_orders__number_of_cookies=value or 1)


class DefaultFilter(django_filters.FilterSet):
    lines = OneCookieOnly(field_name="cookie_orders__number_of_cookies")


def filtered(filterset_class, query: str):
    view = type("View", (), {"filterset_class": filterset_class})()
    request = Request(APIRequestFactory().get("/api/v1/orders" + query))
    queryset = Order.objects.order_by("id")
    return queryset, FilterBackend().filter_queryset(request, queryset, view)


@pytest.fixture
def orders(cookie):
    return [make_order(lines={cookie: n}) for n in (1, 2)]


@pytest.mark.parametrize("filterset_class", [V1OrderFilter, V2OrderFilter])
def test_a_request_without_filter_parameters_skips_the_filterset(orders, filterset_class):
    queryset, result = filtered(filterset_class, "?page=1&page_size=5")
    assert result is queryset


def test_the_parameters_are_the_forms_own():
    assert [name for name, _ in skippable_widgets(V1OrderFilter, Order)] == [
        "date_after",
        "date_before",
        "cookie",
        "ordering",
    ]


def test_a_range_filter_is_applied_by_its_suffixed_parameter(orders):
    Order.objects.filter(pk=orders[0].pk).update(date="2020-01-01T00:00:00Z")
    _, result = filtered(PlacedFilter, "?placed_after=2021-01-01T00:00:00Z")
    assert list(result) == [orders[1]]


def test_a_filter_that_acts_without_a_parameter_is_never_skipped(orders):
    assert skippable_widgets(DefaultFilter, Order) is None
    _, result = filtered(DefaultFilter, "?page=1")
    assert list(result) == [orders[0]]


def test_a_cookie_parameter_goes_through_the_filterset(orders):
    other = make_order(lines={make_cookie(name="Other"): 1})
    _, result = filtered(V1OrderFilter, f"?cookie={other.cookie_orders.get().cookie.slug}")
    assert list(result) == [other]
