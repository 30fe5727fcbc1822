"""Unsafe methods anywhere under /api/ get the API's JSON answer, never Django's HTML CSRF page.

The test client skips CSRF checks unless asked: these tests ask (cookieshop/tests/test_api_csrf.py
asks a real server).
"""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from api.authentication import MISSING_KEY
from api.exceptions import CSRF_FAILED, NOT_FOUND

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]
# Every kind of path under /api/, with and without its trailing slash.
KNOWN = [
    "/api",
    "/api/",
    "/api/schema",
    "/api/schema/",
    "/api/docs",
    "/api/docs/",
    *(
        f"/api/{version}{rest}"
        for version in ["v1", "v2"]
        for rest in ["", "/", "/orders", "/orders/", "/orders/1", "/orders/1/", "/cookies", "/cookies/oat/"]
    ),
]
UNKNOWN = ["/api/v9/x", "/api/v1/nope", "/api/v1/orders/1/extra", "/api/nope/", "/api/v2/cookies/UPPER"]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def assert_json(response, status: int, message: str | None = None):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    if message is not None:
        assert response.json() == {"error": message}


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize("path", KNOWN + UNKNOWN)
def test_a_write_without_a_key_is_a_json_401(csrf_client, path, method):
    response = getattr(csrf_client, method)(path)
    assert_json(response, 401, MISSING_KEY)
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize("path", KNOWN)
def test_a_write_with_a_valid_key_is_a_json_405_with_allow(csrf_client, api_key, path, method):
    response = getattr(csrf_client, method)(path, HTTP_X_API_KEY=api_key)
    assert_json(response, 405, f'Method "{method.upper()}" not allowed.')
    assert response["Allow"]
    assert method.upper() not in response["Allow"]


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize("path", UNKNOWN)
def test_a_write_to_an_unknown_path_with_a_valid_key_is_a_json_404(csrf_client, api_key, path, method):
    assert_json(getattr(csrf_client, method)(path, HTTP_X_API_KEY=api_key), 404, NOT_FOUND)


@pytest.mark.parametrize("path", UNKNOWN)
def test_reading_an_unknown_path_is_still_a_404_without_a_key(csrf_client, path):
    assert_json(csrf_client.get(path), 404, NOT_FOUND)
    assert_json(csrf_client.head(path), 404)
    assert_json(csrf_client.options(path), 404, NOT_FOUND)


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/nope", "/api/v2", "/api/v2/cookies"])
def test_a_staff_session_without_a_csrf_token_gets_drf_json_403(csrf_client, staff_user, path):
    csrf_client.force_login(staff_user)
    response = csrf_client.post(path)
    assert_json(response, 403, "CSRF Failed: CSRF cookie not set.")


def non_exempt(request):
    return HttpResponse("written")


urlpatterns = [path("api/probe/", non_exempt), path("probe/", non_exempt), path("", include("cookieshop.urls"))]


@pytest.mark.urls(__name__)
def test_a_csrf_failure_under_api_would_be_json(csrf_client):
    assert_json(csrf_client.post("/api/probe/"), 403, CSRF_FAILED)
    outside = csrf_client.post("/probe/")
    assert outside.status_code == 403
    assert outside["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", KNOWN + UNKNOWN)
def test_options_anywhere_is_answered_in_json(csrf_client, path):
    """DRF answers OPTIONS with its metadata; the schema and the docs, which are only read, with a JSON 405."""
    response = csrf_client.options(path)
    assert response.status_code in (200, 401, 404, 405), response.content[:200]
    assert response["Content-Type"] == "application/json"
    if path.startswith(("/api/docs", "/api/schema")):
        assert_json(response, 405, 'Method "OPTIONS" not allowed.')
