"""GET /api/v1/orders pages: ?page and ?page_size, the body a bare list, Link and X-Total-Count headers."""

import pytest

from api.pagination import HUGE, NOT_A_POSITIVE_INTEGER
from api.pagination import PAGE_SIZE_NOT_A_POSITIVE_INTEGER as PAGE_SIZE_MESSAGE

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"


def ids(response):
    return [order["id"] for order in response.json()]


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


@pytest.mark.parametrize(("value", "shown"), [("1234567890", HUGE), ("9" * 5000, HUGE), ("0007", 7)])
def test_huge_page_is_past_the_end(key_client, orders_by_day, value, shown):
    response = key_client.get(ORDERS, {"page": value})
    assert response.status_code == 404
    assert response.json() == {"error": f"page {shown} does not exist: That page contains no results."}
