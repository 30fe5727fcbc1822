"""No request under /api/, however malformed, gets a 500 or an HTML error page."""

import pytest
from django.test import Client

from api.exceptions import NOT_FOUND

pytestmark = pytest.mark.django_db

BAD_PATHS = [
    "/api/",
    "/api/v1/nope",
    "/api/v1/orders/abc",
    "/api/v1/orders/-1",
    "/api/v1/orders/1.5",
    "/api/v1/orders/99999999999999999999999999",
    "/api/v1/orders/0",
    "/api/v1/orders//",
    "/api/v1/orders/1/extra",
    "/api/v1/orders.json",
    "/api/v1/cookies/UPPER",
    "/api/v1/cookies/%00",
    "/api/v1/cookies/" + "a" * 5000,
    "/api/v3/orders",
    "/api/v1/orders/%E2%98%83",
    "/api/v1/%FF%FE",
    "/api/v1/orders/" + "9" * 8000,
]

BAD_QUERIES = [
    {"page": "\x00"},
    {"page_size": "9" * 5000},
    {"date_after": "\x00"},
    {"date_before": "2024-02-30"},
    {"date_after": "9999-12-31T23:59:59-23:59"},
    {"date_after": "0001-01-01T00:00:00+23:59"},
    {"cookie": "%"},
    {"cookie": "a" * 5000},
    {"ordering": "\x00"},
    {"ordering": ",,,"},
    {"ordering": "-"},
    {"page": "1", "page_size": "1", "ordering": "date,-id"},
    {"unknown": "x" * 5000},
]


def assert_json_error_or_ok(response):
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/json", response.content[:300]
    body = response.json()
    if response.status_code >= 400:
        assert isinstance(body["error"], str)
        assert body["error"]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_bad_paths_get_json_errors(api_client, api_key, path):
    response = api_client.get(path, HTTP_X_API_KEY=api_key)
    assert_json_error_or_ok(response)


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/orders/1/abc", "/api/v2x/"])
def test_unknown_paths_are_json_404_even_with_debug_on(api_client, settings, path):
    settings.DEBUG = True
    response = api_client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": NOT_FOUND}


@pytest.mark.parametrize("params", BAD_QUERIES)
def test_bad_query_parameters_get_json_errors(api_client, api_key, order, params):
    assert_json_error_or_ok(api_client.get("/api/v1/orders", params, HTTP_X_API_KEY=api_key))


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT": "text/html"},
        {"HTTP_ACCEPT": "*/*;q=bogus"},
        {"HTTP_X_API_KEY": "\x00"},
        {"HTTP_AUTHORIZATION": "Api-Key"},
        {"HTTP_AUTHORIZATION": "Api-Key " + "x" * 10000},
        {"HTTP_ACCEPT_LANGUAGE": "\x00"},
        {"CONTENT_TYPE": "application/json", "HTTP_CONTENT_LENGTH": "-1"},
    ],
)
def test_bad_headers_get_json_errors(api_client, headers):
    response = api_client.get("/api/v1/orders", **headers)
    assert_json_error_or_ok(response)
    assert response.status_code == 401


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


def test_malformed_json_body_on_a_write_is_still_401_then_405(api_client, api_key):
    response = api_client.post(
        "/api/v1/orders", data="{not json", content_type="application/json", HTTP_X_API_KEY=api_key
    )
    assert response.status_code == 405
    assert response.json() == {"error": 'Method "POST" not allowed.'}


def test_an_unexpected_crash_is_a_json_500(api_client, api_key, monkeypatch):
    from api.v1 import views

    def crash():
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "orders_for_partners", crash)
    api_client.raise_request_exception = False
    response = api_client.get("/api/v1/orders", HTTP_X_API_KEY=api_key)
    assert response.status_code == 500
    assert response.json() == {"error": "Server error: the shop could not answer. Please try again later."}


def test_pages_outside_the_api_keep_django_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "status"), [("/api", 200), ("/api/v1", 200), ("/api/v2", 200), ("/api/schema", 200), ("/api/docs", 200)]
)
def test_api_roots_answer_without_their_trailing_slash_as_with_it(api_client, api_key, path, status):
    api_client.credentials(HTTP_X_API_KEY=api_key)
    without, with_slash = api_client.get(path), api_client.get(path + "/")
    assert without.status_code == with_slash.status_code == status
    assert without["Content-Type"] == with_slash["Content-Type"]
    if path != "/api/docs":  # the docs page carries a fresh nonce each time
        assert without.content == with_slash.content


@pytest.mark.parametrize("path", ["/api/v1/orders/abc", "/api/v1/orders/1.5", "/api/v1/orders/" + "9" * 30])
def test_a_bad_order_id_is_checked_after_the_key(api_client, api_key, path):
    assert api_client.delete(path).status_code == 401
    response = api_client.get(path, HTTP_X_API_KEY=api_key)
    assert response.status_code == 404
    assert response.content in (b'{"error":"No Order matches the given query."}', b'{"error":"Not found."}')
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_errors_outside_drf_are_compact_json_too(api_client):
    response = api_client.get("/api/v1/nope")
    assert response.content == b'{"error":"' + NOT_FOUND.encode() + b'"}'


def test_format_parameter_is_ignored_not_a_404(api_client, api_key, order):
    response = api_client.get("/api/v1/orders", {"format": "xml"}, HTTP_X_API_KEY=api_key)
    assert response.status_code == 200
    assert response.json()[0]["id"] == order.pk


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_a_key_in_the_url_is_refused_on_the_docs_too(api_client, path):
    response = api_client.get(path, {"key": "abcdefgh.0123456789abcdef0123456789abcdef"})
    assert response.status_code == 401
