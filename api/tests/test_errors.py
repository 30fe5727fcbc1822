"""No request under /api/, however malformed, gets a 500 or an HTML error page."""

import pytest
from django.test import Client

from api.authentication import INVALID_KEY, MISSING_KEY
from api.dateformats import DATE_FORMAT_HELP
from api.exceptions import NOT_FOUND
from api.filters import MALFORMED_SLUG
from api.pagination import NOT_A_POSITIVE_INTEGER

pytestmark = pytest.mark.django_db

DRF_NOT_FOUND = "Not found."  # DRF's NotFound: the id does not match the route's id pattern
NO_ORDER = "No Order matches the given query."  # Django's get_object_or_404: a well-formed id, no order
BAD_PATHS = [
    ("/api/v1/nope", NOT_FOUND),
    ("/api/v1/orders/abc", DRF_NOT_FOUND),
    ("/api/v1/orders/-1", NO_ORDER),
    ("/api/v1/orders/1.5", DRF_NOT_FOUND),
    ("/api/v1/orders/99999999999999999999999999", NO_ORDER),
    ("/api/v1/orders/0", NO_ORDER),
    ("/api/v1/orders//", NOT_FOUND),
    ("/api/v1/orders/1/extra", NOT_FOUND),
    ("/api/v1/orders.json", NOT_FOUND),
    ("/api/v1/cookies/UPPER", NOT_FOUND),
    ("/api/v1/cookies/%00", NOT_FOUND),
    ("/api/v1/cookies/" + "a" * 5000, NOT_FOUND),
    ("/api/v3/orders", NOT_FOUND),
    ("/api/v1/orders/%E2%98%83", DRF_NOT_FOUND),
    ("/api/v1/%FF%FE", NOT_FOUND),
    ("/api/v1/orders/" + "9" * 8000, DRF_NOT_FOUND),
]


def not_a_date(value: str) -> str:
    return f"{value!r} is not a date. {DATE_FORMAT_HELP}"


BAD_QUERIES = [
    ({"page": "\x00"}, f"page: {NOT_A_POSITIVE_INTEGER}"),
    ({"date_after": "\x00"}, "date_after: " + not_a_date("\x00")),
    ({"date_before": "2024-02-30"}, "date_before: " + not_a_date("2024-02-30")),
    ({"cookie": "%"}, f"cookie: {MALFORMED_SLUG}"),
    ({"cookie": "a" * 5000}, f"cookie: {MALFORMED_SLUG}"),
    ({"ordering": "\x00"}, "ordering: unknown field \x00: use id, -id, date, -date."),
    ({"ordering": "-"}, "ordering: unknown field -: use id, -id, date, -date."),
]
# Parameters the API reads leniently: a huge page size is capped, empty or unknown ones are ignored.
HARMLESS_QUERIES = [
    {"page_size": "9" * 5000},
    {"ordering": ",,,"},
    {"page": "1", "page_size": "1", "ordering": "date,-id"},
    {"unknown": "x" * 5000},
]


@pytest.mark.parametrize(("path", "error"), BAD_PATHS)
def test_bad_paths_get_json_404s(key_client, path, error):
    response = key_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": error}


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/orders/1/abc", "/api/v2x/"])
def test_unknown_paths_are_json_404_even_with_debug_on(api_client, settings, path):
    settings.DEBUG = True
    response = api_client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": NOT_FOUND}


@pytest.mark.parametrize(("params", "error"), BAD_QUERIES)
def test_bad_query_parameters_get_a_json_400_naming_them(key_client, order, params, error):
    response = key_client.get("/api/v1/orders", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": error}


@pytest.mark.parametrize("params", HARMLESS_QUERIES)
def test_lenient_query_parameters_get_the_orders(key_client, order, params):
    response = key_client.get("/api/v1/orders", params)
    assert response.status_code == 200
    assert [o["id"] for o in response.json()] == [order.pk]


@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({"HTTP_ACCEPT": "text/html"}, MISSING_KEY),
        ({"HTTP_ACCEPT": "*/*;q=bogus"}, MISSING_KEY),
        ({"HTTP_X_API_KEY": "\x00"}, INVALID_KEY),
        ({"HTTP_AUTHORIZATION": "Api-Key"}, MISSING_KEY),
        ({"HTTP_AUTHORIZATION": "Api-Key " + "x" * 10000}, INVALID_KEY),
        ({"HTTP_ACCEPT_LANGUAGE": "\x00"}, MISSING_KEY),
        ({"CONTENT_TYPE": "application/json", "HTTP_CONTENT_LENGTH": "-1"}, MISSING_KEY),
    ],
)
def test_bad_headers_get_a_json_401(api_client, headers, error):
    response = api_client.get("/api/v1/orders", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": error}


def test_unacceptable_media_type_is_a_json_406(api_client):
    response = api_client.get("/api/v1/orders", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json() == {"error": "Could not satisfy the request Accept header."}


def test_disallowed_host_is_a_json_400():
    response = Client().get("/api/v1/orders", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response.json() == {"error": "Bad request."}


def test_errors_are_json_even_when_the_browser_asks_for_html(api_client):
    response = api_client.get("/api/v1/orders", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_malformed_json_body_on_a_write_is_still_401_then_405(key_client):
    response = key_client.post("/api/v1/orders", data="{not json", content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"error": 'Method "POST" not allowed.'}


def test_an_unexpected_crash_is_a_json_500(key_client, monkeypatch):
    from api.v1 import views

    def crash():
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "orders_for_partners", crash)
    key_client.raise_request_exception = False
    response = key_client.get("/api/v1/orders")
    assert response.status_code == 500
    assert response.json() == {"error": "Server error: the shop could not answer. Please try again later."}


def test_pages_outside_the_api_keep_django_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "status"), [("/api", 200), ("/api/v1", 200), ("/api/v2", 200), ("/api/schema", 200), ("/api/docs", 200)]
)
def test_api_roots_answer_without_their_trailing_slash_as_with_it(key_client, path, status):
    without, with_slash = key_client.get(path), key_client.get(path + "/")
    assert without.status_code == with_slash.status_code == status
    assert without["Content-Type"] == with_slash["Content-Type"]
    if path != "/api/docs":  # the docs page carries a fresh nonce each time
        assert without.content == with_slash.content


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/api/v1/orders/abc", DRF_NOT_FOUND),
        ("/api/v1/orders/1.5", DRF_NOT_FOUND),
        ("/api/v1/orders/" + "9" * 30, NO_ORDER),
    ],
)
def test_a_bad_order_id_is_checked_after_the_key(api_client, api_key, path, error):
    assert api_client.delete(path).status_code == 401
    response = api_client.get(path, HTTP_X_API_KEY=api_key)
    assert response.status_code == 404
    assert response.json() == {"error": error}
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_errors_outside_drf_are_compact_json_too(api_client):
    response = api_client.get("/api/v1/nope")
    assert response.content == b'{"error":"' + NOT_FOUND.encode() + b'"}'


def test_format_parameter_is_ignored_not_a_404(key_client, order):
    response = key_client.get("/api/v1/orders", {"format": "xml"})
    assert response.status_code == 200
    assert response.json()[0]["id"] == order.pk


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_a_key_in_the_url_is_refused_on_the_docs_too(api_client, path):
    response = api_client.get(path, {"key": "abcdefgh.0123456789abcdef0123456789abcdef"})
    assert response.status_code == 401
