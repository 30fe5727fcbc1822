"""Bugs schemathesis found (`make fuzz`), each pinned by a fast test so that it stays fixed."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from api.dateformats import DATE_FORMAT_HELP, parse_instant
from cookies.models import SLUG_PATTERN
from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"


@pytest.fixture
def midnight_order():
    """One order placed at 2024-03-14 00:00 UTC."""
    return make_order(lines={make_cookie(): 1}, placed_at=datetime(2024, 3, 14, tzinfo=UTC))


# Found: RFC 3339 allows offsets up to ±23:59, PostgreSQL only ±15:59 ("time zone
# displacement out of range", a 500). Instants now reach the database in UTC.
@pytest.mark.parametrize(
    ("param", "value", "included"),
    [
        ("date_after", "2024-03-14T20:00:00+20:00", True),  # = 2024-03-14T00:00Z, inclusive
        ("date_after", "2024-03-13T08:00:01-16:00", False),  # = 2024-03-14T00:00:01Z
        ("date_before", "2024-03-13T02:16:00-21:44", False),  # = 2024-03-14T00:00Z, exclusive
        ("date_before", "0601-01-15T09:31:14-21:44", False),  # the value schemathesis sent
        ("date_after", "2024-03-14T23:59:00+23:59", True),  # = 2024-03-14T00:00Z, inclusive
    ],
)
def test_date_filters_take_offsets_beyond_postgresql_range(key_client, midnight_order, param, value, included):
    response = key_client.get(ORDERS, {param: value})
    assert response.status_code == 200, response.content
    assert [o["id"] for o in response.json()] == ([midnight_order.pk] if included else [])


def test_parsed_instants_are_in_utc_whatever_offset_they_were_given_with():
    instant = parse_instant("2024-03-14T23:30:00+23:30")
    assert instant == datetime(2024, 3, 14, tzinfo=UTC)
    assert instant.utcoffset().total_seconds() == 0


# Found: the message of a bad date carried the raw value, and DRF formats messages
# with %: a "%" in the value raised TypeError (a 500).
@pytest.mark.parametrize("value", ["%", "a%sb", "%(value)s", "%d%d", "E\U000f3a08%\x14"])
def test_a_percent_sign_in_a_date_filter_is_a_400_naming_it(key_client, value):
    response = key_client.get(ORDERS, {"date_before": value})
    assert response.status_code == 400
    assert response.json() == {"error": f"date_before: {value!r} is not a date. {DATE_FORMAT_HELP}"}


# Found: the schema called v1's order date an RFC 3339 "date-time"; it is
# "YYYY-MM-DD HH:MM:SS" in the shop's time zone, as the contract says.
def test_the_schema_describes_v1_order_dates_as_the_api_writes_them(api_client, api_key, midnight_order):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    date = schema["components"]["schemas"]["Order"]["properties"]["date"]
    assert "format" not in date
    written = api_client.get(ORDERS, HTTP_X_API_KEY=api_key).json()[0]["date"]
    assert written == "2024-03-14 00:00:00"
    assert re.fullmatch(date["pattern"], written)


def test_the_schema_documents_the_503_of_a_database_outage(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["responses"]["503"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }


def query_parameters(api_client, path: str) -> dict:
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"] if p["in"] == "query"}


# Found (--checks all): page_size declared a maximum, yet larger sizes are served
# (capped, as the contract says), so the schema refused what the API accepts.
@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v2/orders/"])
def test_the_schema_states_the_page_size_cap_of_this_server_and_does_not_refuse_more(
    api_client, api_key, settings, path
):
    settings.API_MAX_PAGE_SIZE = 200
    page_size = query_parameters(api_client, path)["page_size"]
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert "above 200 (API_MAX_PAGE_SIZE) are served as 200" in page_size["description"]
    response = api_client.get(path, {"page_size": 201}, HTTP_X_API_KEY=api_key)
    assert response.status_code == 200


# Found: a schema-valid `cookie` (any string) was a 400 unless it was a cookie's slug.
@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v2/orders/"])
def test_the_schema_lists_exactly_the_cookie_slugs_the_filter_takes(api_client, api_key, path):
    withdrawn = make_cookie(slug="chocolate-chip")
    order = make_order(lines={make_cookie(slug="oat"): 1, withdrawn: 1})
    withdrawn.is_available = False  # still a filter value: orders have it
    withdrawn.save()
    cookie = query_parameters(api_client, path)["cookie"]["schema"]
    assert cookie["enum"] == ["", "chocolate-chip", "oat"]
    assert cookie["anyOf"][0]["pattern"] == SLUG_PATTERN
    for value in cookie["enum"]:
        response = api_client.get(path, {"cookie": value}, HTTP_X_API_KEY=api_key)
        assert response.status_code == 200, value
        body = response.json()
        assert [o["id"] for o in (body if "v1" in path else body["results"])] == [order.pk]
    assert api_client.get(path, {"cookie": "ginger"}, HTTP_X_API_KEY=api_key).status_code == 400


# Found: an empty `cursor` was schema-valid but refused; so was any string that was not
# DRF's base64. Cursors are now readable, and the schema's pattern is exactly what is served.
def test_every_cursor_the_schema_allows_is_served_and_no_other(api_client, api_key):
    cookie = make_cookie()
    orders = [make_order(lines={cookie: 1}) for _ in range(3)]
    cursor = query_parameters(api_client, "/api/v2/orders/")["cursor"]["schema"]
    assert not re.fullmatch(cursor["pattern"], "")
    page = api_client.get("/api/v2/orders/", {"page_size": 1}, HTTP_X_API_KEY=api_key).json()
    seen = [o["id"] for o in page["results"]]
    while page["next"]:
        value = parse_qs(urlsplit(page["next"]).query)["cursor"][0]
        assert re.search(cursor["pattern"], value), value
        page = api_client.get(page["next"], HTTP_X_API_KEY=api_key).json()
        seen += [o["id"] for o in page["results"]]
    assert seen == [o.pk for o in orders]
    for value in ["n", "p", "n0", "p999999999999999999", "n5o3", "no999999999"]:
        assert re.search(cursor["pattern"], value)
        assert api_client.get("/api/v2/orders/", {"cursor": value}, HTTP_X_API_KEY=api_key).status_code == 200
    for value in ["", "x1", "n-1", "n1o", "cD0x"]:
        assert not re.search(cursor["pattern"], value)
        assert api_client.get("/api/v2/orders/", {"cursor": value}, HTTP_X_API_KEY=api_key).status_code == 400


# Found: the date filters were declared as RFC 3339 date-times only, but take dates and
# empty values too; and valid date-times near year 1 or 9999 were refused.
def test_the_date_filters_declare_dates_date_times_and_empty(api_client, api_key, midnight_order):
    date_after = query_parameters(api_client, "/api/v1/orders/")["date_after"]
    assert [s.get("format", s.get("maxLength")) for s in date_after["schema"]["anyOf"]] == ["date", "date-time", 0]
    assert date_after["description"] == "Orders placed at or after this date (inclusive)."
    for value, included in [("", True), ("2024-03-14", True), ("0001-01-01T00:00:00+05:00", True)]:
        response = api_client.get(ORDERS, {"date_after": value}, HTTP_X_API_KEY=api_key)
        assert response.status_code == 200
        assert [o["id"] for o in response.json()] == ([midnight_order.pk] if included else [])


# Found: `?status=` and `?type=` were served (django-filter takes "" as no filter) but not in the enums.
@pytest.mark.parametrize(("path", "name"), [("/api/v2/orders/", "status"), ("/api/v2/events/", "type")])
def test_an_empty_choice_filter_is_in_the_schema_and_served(api_client, api_key, order, path, name):
    schema = query_parameters(api_client, path)[name]["schema"]
    assert schema["enum"][0] == ""
    response = api_client.get(path, {name: ""}, HTTP_X_API_KEY=api_key)
    assert response.status_code == 200


# Found: a blank carrier was schema-valid but refused.
def test_the_carrier_is_declared_non_blank(api_client):
    body = yaml.safe_load(api_client.get("/api/schema/").content)
    carrier = body["components"]["schemas"]["Fulfillment"]["properties"]["carrier"]
    assert carrier["minLength"] == 1


# Found: v1's `ordering=,,` was served (empty terms are skipped) but "" was not in the items' enum.
def test_empty_ordering_terms_are_in_the_schema_and_served(key_client, api_client, order):
    items = query_parameters(api_client, "/api/v1/orders/")["ordering"]["schema"]["items"]
    assert items["enum"] == ["", "-date", "-id", "date", "id"]
    response = key_client.get("/api/v1/orders/", {"ordering": ",,"})
    assert (response.status_code, [o["id"] for o in response.json()]) == (200, [order.pk])


# Found: a carrier with a NUL character was schema-valid but refused; http:// tracking URLs too.
def test_the_shipment_body_declares_what_it_refuses(api_client):
    properties = yaml.safe_load(api_client.get("/api/schema/").content)["components"]["schemas"]["Fulfillment"][
        "properties"
    ]
    assert properties["carrier"]["pattern"] == "^[^\\u0000]+$"
    assert properties["tracking_url"]["oneOf"][0]["pattern"] == "^https://"
