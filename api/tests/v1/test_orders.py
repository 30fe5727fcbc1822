"""GET /api/v1/orders: SPEC's shape, pagination in headers, filters and ordering."""

from datetime import UTC, datetime, timedelta

import pytest

from api.pagination import NOT_A_POSITIVE_INTEGER
from api.pagination import PAGE_SIZE_NOT_A_POSITIVE_INTEGER as PAGE_SIZE_MESSAGE
from cookies.tests.factories import make_cookie
from orders.tests.factories import ADDRESS, make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"
T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


@pytest.fixture
def orders_by_day():
    """Five orders a day apart, from T0; the first has chocolate chip."""
    chip = make_cookie(name="Chocolate Chip", slug="chocolate-chip")
    oat = make_cookie(name="Oatmeal", slug="oatmeal")
    first = make_order(lines={chip: 15, oat: 2}, placed_at=T0)
    rest = [make_order(lines={oat: 1}, placed_at=T0 + timedelta(days=n)) for n in range(1, 5)]
    return [first, *rest]


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


def test_list_is_ordered_by_id_and_paged_with_link_and_total_headers(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"page": 2, "page_size": 2})

    assert ids(response) == [o.pk for o in orders_by_day[2:4]]
    assert response["X-Total-Count"] == "5"
    base = "http://testserver/api/v1/orders"
    assert response["Link"] == (
        f'<{base}?page=1&page_size=2>; rel="first", <{base}?page=1&page_size=2>; rel="prev", '
        f'<{base}?page=3&page_size=2>; rel="next", <{base}?page=3&page_size=2>; rel="last"'
    )


def test_first_and_last_pages_have_no_prev_or_next(key_client, orders_by_day):
    first = key_client.get(ORDERS, {"page_size": 5})
    assert first["Link"].count("rel=") == 2
    assert 'rel="prev"' not in first["Link"]
    assert 'rel="next"' not in first["Link"]


def test_default_page_size_comes_from_settings(key_client, orders_by_day, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 3}
    response = key_client.get(ORDERS)
    assert ids(response) == [o.pk for o in orders_by_day[:3]]
    assert "page_size=3" in response["Link"]


def test_page_size_above_the_maximum_is_capped_and_links_show_it(key_client, orders_by_day, settings):
    settings.API_MAX_PAGE_SIZE = 2
    response = key_client.get(ORDERS, {"page_size": 1000, "filter": "kept"})
    assert len(response.json()) == 2
    assert "page_size=2" in response["Link"]
    assert "page_size=1000" not in response["Link"]
    assert "filter=kept" in response["Link"]


def test_page_past_the_end_is_a_404(key_client, orders_by_day):
    response = key_client.get(ORDERS, {"page": 4, "page_size": 2})
    assert response.status_code == 404
    assert response.json() == {"error": "page 4 does not exist: That page contains no results."}


def test_empty_list_is_one_empty_page(key_client):
    response = key_client.get(ORDERS)
    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "0"


@pytest.mark.parametrize(("param", "message"), [("page", NOT_A_POSITIVE_INTEGER), ("page_size", PAGE_SIZE_MESSAGE)])
@pytest.mark.parametrize("value", ["0", "000", "-1", "abc", "1.5", "٣", "1e3", "", " 1", "last", "+1"])
def test_bad_page_parameters_are_a_400_naming_them(key_client, orders_by_day, param, message, value):
    response = key_client.get(ORDERS, {param: value})
    assert response.status_code == 400
    assert response.json() == {"error": f"{param}: {message}"}


@pytest.mark.parametrize("value", ["9999999999", "1" + "0" * 5000])
def test_huge_page_size_is_capped(key_client, orders_by_day, settings, value):
    settings.API_MAX_PAGE_SIZE = 3
    response = key_client.get(ORDERS, {"page_size": value})
    assert response.status_code == 200
    assert len(response.json()) == 3


@pytest.mark.parametrize("value", ["1234567890", "9" * 5000, "0007"])
def test_huge_page_is_past_the_end(key_client, orders_by_day, value):
    response = key_client.get(ORDERS, {"page": value})
    assert response.status_code == 404
    assert response.json()["error"].startswith("page ")


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
    assert response.json()["error"].startswith(f"{param}: '{value}' is not a date. Use YYYY-MM-DD")


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
    assert response.json()["error"].startswith("cookie: is not a cookie slug")


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
