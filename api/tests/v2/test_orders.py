"""GET /api/v2/orders: the new shape, exact money, strict filters; v1's keys and errors (pages: test_pages.py)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from api.authentication import MISSING_KEY
from api.dateformats import DATE_FORMAT_HELP
from cookies.tests.factories import make_cookie
from orders.tests.factories import ADDRESS, make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v2/orders"
T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


def ids(results):
    return [order["id"] for order in results]


def test_order_has_the_v2_shape_with_offset_and_decimal_strings(key_client, settings):
    settings.TIME_ZONE = "America/New_York"
    chip = make_cookie(name="Chocolate Chip", slug="chocolate-chip", price=Decimal("2.50"))
    oat = make_cookie(name="Oatmeal", slug="oatmeal", price=Decimal("1.25"))
    order = make_order(lines={chip: 15, oat: 3}, placed_at=T0, name="Jane")

    response = key_client.get(f"{ORDERS}/{order.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": order.pk,
        "created_at": "2024-03-14T09:27:36-04:00",
        "updated_at": "2024-03-14T09:27:36-04:00",
        "status": "placed",
        "address": ADDRESS,
        "lines": [
            {
                "cookie_id": chip.pk,
                "cookie_slug": "chocolate-chip",
                "cookie_name": "Chocolate Chip",
                "quantity": 15,
                "unit_price": "2.50",
                "line_total": "37.50",
            },
            {
                "cookie_id": oat.pk,
                "cookie_slug": "oatmeal",
                "cookie_name": "Oatmeal",
                "quantity": 3,
                "unit_price": "1.25",
                "line_total": "3.75",
            },
        ],
        "total": "41.25",
        "fulfillment": None,
    }


def test_utc_shop_shows_z(key_client, settings, order):
    settings.TIME_ZONE = "UTC"
    created_at = key_client.get(f"{ORDERS}/{order.pk}").json()["created_at"]
    assert created_at.endswith("Z")
    assert datetime.fromisoformat(created_at) == order.date


@pytest.mark.parametrize(
    "prices",
    [
        ["0.10", "0.20", "0.30"],  # binary floating point would give 0.6000000000000001
        ["19.99", "0.01", "33.33"],
        ["999999.99", "0.07"],
    ],
)
def test_total_is_the_exact_sum_of_line_totals(key_client, prices):
    cookies = [make_cookie(price=Decimal(price)) for price in prices]
    order = make_order(lines={cookie: 7 + n for n, cookie in enumerate(cookies)})

    body = key_client.get(f"{ORDERS}/{order.pk}").json()

    line_totals = [Decimal(line["line_total"]) for line in body["lines"]]
    assert line_totals == [Decimal(line["unit_price"]) * line["quantity"] for line in body["lines"]]
    assert Decimal(body["total"]) == sum(line_totals)
    expected = sum((Decimal(p) * (7 + n) for n, p in enumerate(prices)), Decimal("0"))
    assert body["total"] == f"{expected:.2f}"


def test_cookie_filter_does_not_shrink_the_total(key_client):
    chip, oat = make_cookie(slug="chip", price=Decimal("2.00")), make_cookie(price=Decimal("1.00"))
    make_order(lines={chip: 1, oat: 5})
    body = key_client.get(ORDERS, {"cookie": "chip"}).json()
    assert [order["total"] for order in body["results"]] == ["7.00"]


def test_created_after_and_before_are_both_strict(key_client, cookie):
    orders = [make_order(lines={cookie: 1}, placed_at=T0 + timedelta(hours=n)) for n in range(4)]
    response = key_client.get(
        ORDERS, {"created_after": "2024-03-14T13:27:36Z", "created_before": "2024-03-14T16:27:36Z"}
    )
    assert ids(response.json()["results"]) == [orders[1].pk, orders[2].pk]


def test_incremental_sync_from_the_last_created_at(key_client, cookie):
    first = make_order(lines={cookie: 1}, placed_at=T0)
    last_seen = key_client.get(ORDERS).json()["results"][-1]["created_at"]
    later = make_order(lines={cookie: 1}, placed_at=T0 + timedelta(seconds=1))
    assert ids(key_client.get(ORDERS, {"created_after": last_seen}).json()["results"]) == [later.pk]
    assert first.pk != later.pk


@pytest.mark.parametrize("param", ["created_after", "created_before"])
def test_malformed_dates_are_a_400_naming_the_parameter(key_client, param):
    response = key_client.get(ORDERS, {param: "1" * 60})
    assert response.status_code == 400
    assert response.json() == {"error": f"{param}: '{'1' * 60}' is not a date. {DATE_FORMAT_HELP}"}


def test_unknown_cookie_is_a_400(key_client):
    response = key_client.get(ORDERS, {"cookie": "nope"})
    assert response.status_code == 400
    assert response.json() == {"error": "cookie: no cookie has the slug nope."}


def test_same_keys_and_errors_as_v1(api_client, api_key, order):
    missing = api_client.get(ORDERS)
    assert missing.status_code == 401
    assert missing["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert missing.json() == {"error": MISSING_KEY}
    assert api_client.get(ORDERS, HTTP_AUTHORIZATION=f"Api-Key {api_key}").status_code == 200
    not_found = api_client.get(f"{ORDERS}/999999/", HTTP_X_API_KEY=api_key)
    assert not_found.status_code == 404
    assert not_found.json() == {"error": "No Order matches the given query."}
    write = api_client.post(ORDERS, HTTP_X_API_KEY=api_key)
    assert (write.status_code, write["Allow"]) == (405, "GET, HEAD, OPTIONS")


def test_same_rate_limit_as_v1_one_counter_per_key(key_client, rates, clock, order):
    rates(api_key="2/min")
    assert key_client.get("/api/v1/orders").status_code == 200
    assert key_client.get(ORDERS).status_code == 200
    throttled = key_client.get(ORDERS)
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "60"


@pytest.mark.parametrize("lines", [1, 5])
@pytest.mark.parametrize("page_size", [1, 10, 100])
def test_list_costs_4_queries_whatever_the_page_size_and_lines(key_client, lines, page_size, django_assert_num_queries):
    cookies = [make_cookie() for _ in range(lines)]
    for _ in range(12):
        make_order(lines=dict.fromkeys(cookies, 2))
    # key, the page's ids and versions (its ETag), page of orders with totals, lines with cookies
    with django_assert_num_queries(4):
        response = key_client.get(ORDERS, {"page_size": page_size})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/", "/api"])
def test_browsable_root_lists_both_versions(api_client, path):
    body = api_client.get(path).json()
    assert body == {
        "v1": "http://testserver/api/v1/",
        "v2": "http://testserver/api/v2/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
    }


def test_schema_shows_both_versions(api_client):
    import yaml

    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    assert {"/api/v1/orders/", "/api/v2/orders/"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert list(components["OrderV2"]["properties"]) == [
        "id",
        "created_at",
        "updated_at",
        "status",
        "address",
        "lines",
        "total",
        "fulfillment",
    ]
    assert list(components["Order"]["properties"]) == ["id", "date", "address", "cookie_orders"]
    v2_params = {p["name"] for p in schema["paths"]["/api/v2/orders/"]["get"]["parameters"]}
    assert v2_params == {"cursor", "page_size", "created_after", "created_before", "updated_after", "status", "cookie"}


def test_an_order_without_lines_totals_zero(key_client, order):
    order.cookie_orders.all().delete()
    body = key_client.get(f"{ORDERS}/{order.pk}").json()
    assert (body["lines"], body["total"]) == ([], "0.00")


def test_totals_beyond_a_price_fields_digits_are_exact(key_client):
    cookie = make_cookie(price=Decimal("999999.99"))
    order = make_order(lines={cookie: 100_000})
    body = key_client.get(f"{ORDERS}/{order.pk}").json()
    assert body["lines"][0]["line_total"] == body["total"] == "99999999000.00"
