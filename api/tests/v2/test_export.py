"""GET /api/v2/orders/export: the list's filters, NDJSON oldest first, streamed, one request for the limit."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from api.filters import UNKNOWN_COOKIE
from api.tests.v2.test_pages import walk
from api.v2 import export
from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

EXPORT = "/api/v2/orders/export"
T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


def lines(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.endswith(b"\n")
    return [json.loads(line) for line in body.split(b"\n")[:-1]]


@pytest.fixture
def orders(cookie):
    oat = make_cookie(slug="oatmeal")
    return [make_order(lines={cookie: i + 1, oat: 1} if i % 2 else {cookie: 1}, placed_at=T0) for i in range(7)]


@pytest.mark.parametrize("query", ["", "?cookie=oatmeal", f"?created_after={T0.date()}&cookie=oatmeal"])
def test_export_holds_the_same_orders_as_walking_the_list(key_client, orders, monkeypatch, query):
    monkeypatch.setattr(export, "CHUNK_SIZE", 3)  # several chunks, one partly filled
    response = key_client.get(EXPORT + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response.streaming
    exported = lines(response)
    assert [o["id"] for o in exported] == walk(key_client, f"/api/v2/orders{query or '?'}&page_size=2")
    listed = key_client.get(f"/api/v2/orders{query or '?'}&page_size=100").json()["results"]
    assert exported == listed


def test_export_is_oldest_first_whatever_the_dates(key_client, cookie):
    later = make_order(lines={cookie: 1}, placed_at=T0 + timedelta(days=1))
    earlier = make_order(lines={cookie: 1}, placed_at=T0)
    assert [o["id"] for o in lines(key_client.get(EXPORT))] == [later.pk, earlier.pk]


def test_an_empty_export_is_an_empty_body(key_client):
    response = key_client.get(EXPORT, {"cookie": make_cookie(slug="nothing").slug})
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"")


def test_a_bad_filter_is_a_json_400_before_streaming(key_client, orders):
    response = key_client.get(EXPORT, {"cookie": "no-such-cookie"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "cookie: " + UNKNOWN_COOKIE % {"value": "no-such-cookie"}}


def test_export_needs_a_key(api_client, orders):
    assert api_client.get(EXPORT).status_code == 401


def test_export_counts_once_against_the_limit(key_client, orders, rates, clock, monkeypatch):
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    rates(api_key="2/min")
    assert len(lines(key_client.get(EXPORT))) == 7
    assert key_client.get(EXPORT)["RateLimit"] == '"api_key";r=0;t=60'
    assert key_client.get(EXPORT).status_code == 429


def test_export_is_in_the_schema_with_the_list_filters(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v2/orders/export/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "created_after",
        "created_before",
        "updated_after",
        "status",
        "cookie",
    }
    assert list(operation["responses"]["200"]["content"]) == ["application/x-ndjson"]


def test_export_queries_grow_with_chunks_not_orders(key_client, orders, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(export, "CHUNK_SIZE", 3)
    # The key, the orders (one cursor), then the lines with their cookies once per chunk of 3: 3 chunks.
    with django_assert_num_queries(5):
        assert len(lines(key_client.get(EXPORT))) == 7
