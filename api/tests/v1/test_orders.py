"""GET /api/v1/orders: SPEC's shape, filters and ordering (pages: test_pages.py)."""

from datetime import UTC, datetime

import pytest

from api.dateformats import DATE_FORMAT_HELP
from api.filters import MALFORMED_SLUG
from cookies.tests.factories import make_cookie
from orders.tests.factories import ADDRESS, make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"
T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


def ids(response):
    return [order["id"] for order in response.json()]


def test_order_has_exactly_the_spec_shape(key_client, settings):
    settings.TIME_ZONE = "America/New_York"
    chip = make_cookie(name="Chocolate Chip")
    order = make_order(lines={chip: 15}, placed_at=T0, name="Jane", state="CA", zip="12345")

    response = key_client.get(f"{ORDERS}/{order.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": order.pk,
        "date": "2024-03-14 09:27:36",  # T0 in New York (UTC-4 in March, DST)
        "address": ADDRESS,
        "cookie_orders": [{"cookie_id": chip.pk, "cookie_name": "Chocolate Chip", "number_of_cookies": 15}],
    }
    assert list(response.json()) == ["id", "date", "address", "cookie_orders"]


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/orders/"])
def test_list_answers_with_and_without_trailing_slash(key_client, order, path):
    response = key_client.get(path)
    assert response.status_code == 200
    assert ids(response) == [order.pk]


@pytest.mark.parametrize("suffix", ["", "/"])
def test_detail_answers_with_and_without_trailing_slash(key_client, order, suffix):
    response = key_client.get(f"{ORDERS}/{order.pk}{suffix}")
    assert response.status_code == 200
    assert response.json()["id"] == order.pk


def test_unknown_order_is_a_json_404(key_client):
    response = key_client.get(f"{ORDERS}/999999")
    assert response.status_code == 404
    assert response.json() == {"error": "No Order matches the given query."}


def test_date_after_includes_and_date_before_excludes_their_bound(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"date_after": "2024-03-15T13:27:36Z", "date_before": "2024-03-17T13:27:36Z"})
    assert ids(response) == [o.pk for o in orders_by_day[1:3]]


def test_bare_dates_mean_midnight_in_the_shop_time_zone(key_client, orders_by_day, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # T0 + 1 day is 2024-03-15 22:27 in Tokyo
    response = key_client.get(ORDERS, {"date_after": "2024-03-15", "date_before": "2024-03-16"})
    assert ids(response) == [orders_by_day[1].pk]


def test_datetime_with_offset_is_respected(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"date_before": "2024-03-14T14:27:37+01:00"})
    assert ids(response) == [orders_by_day[0].pk]


@pytest.mark.parametrize("param", ["date_after", "date_before"])
@pytest.mark.parametrize("value", ["1" * 60, "2024-13-01", "yesterday", "2024-03-14 13:00:00", "14/03/2024"])
def test_malformed_dates_are_a_400_naming_the_parameter(key_client, param, value):
    response = key_client.get(ORDERS, {param: value})
    assert response.status_code == 400
    assert response.json() == {"error": f"{param}: '{value}' is not a date. {DATE_FORMAT_HELP}"}


def test_cookie_filter_takes_a_slug(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"cookie": "chocolate-chip"})
    assert ids(response) == [orders_by_day[0].pk]
    assert response.json()[0]["cookie_orders"][1]["cookie_name"] == "Oatmeal"  # all lines kept


def test_unknown_cookie_slug_is_a_400(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"cookie": "no-such-cookie"})
    assert response.status_code == 400
    assert response.json() == {"error": "cookie: no cookie has the slug no-such-cookie."}


@pytest.mark.parametrize("value", ["Chocolate Chip", "choc_chip", "x\x00y", "-", "a" * 101])
def test_malformed_cookie_slug_is_a_400(key_client, value):
    response = key_client.get(ORDERS, {"cookie": value})
    assert response.status_code == 400
    assert response.json() == {"error": f"cookie: {MALFORMED_SLUG}"}


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("id", [0, 1, 2, 3, 4]),
        ("-id", [4, 3, 2, 1, 0]),
        ("date", [0, 1, 2, 3, 4]),
        ("-date", [4, 3, 2, 1, 0]),
    ],
)
def test_ordering(key_client, orders_by_day, ordering, expected):
    response = key_client.get(ORDERS, {"ordering": ordering})
    assert ids(response) == [orders_by_day[i].pk for i in expected]


def test_unknown_ordering_field_is_a_400(key_client):
    response = key_client.get(ORDERS, {"ordering": "price"})
    assert response.status_code == 400
    assert response.json() == {"error": "ordering: unknown field price: use id, -id, date, -date."}
