"""Bugs schemathesis found (`make fuzz`), each pinned by a fast test so that it stays fixed."""

import re
from datetime import UTC, datetime

import pytest
import yaml

from api.dateformats import DATE_FORMAT_HELP, parse_instant
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
