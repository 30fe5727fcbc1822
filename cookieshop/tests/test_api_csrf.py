"""A real server answers unsafe methods under /api/ with the API's JSON, never Django's HTML CSRF page."""

import pytest

from api.authentication import MISSING_KEY
from api.models import APIKey
from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


RAW_PATHS = ["/api", "/api/v1", "/api/schema", "/api/docs/", "/api/v9/x", "/api/v1/orders/1"]


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_writes_without_a_key_with_json_401(start_server):
    server = start_server()
    for path in RAW_PATHS:
        for method in ["POST", "PUT", "PATCH", "DELETE"]:
            response = server.client.request(method, path, headers={"Content-Type": "application/json"}, content="{}")
            assert response.status_code == 401, (method, path, response.text[:200])
            assert response.json() == {"error": MISSING_KEY}


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_writes_with_a_key_with_json_405_or_404(start_server):
    make_order(lines={make_cookie(): 1})
    _, key = APIKey.objects.create_key(name="writer")
    server = start_server()
    for path in RAW_PATHS:
        for method in ["POST", "DELETE"]:
            response = server.client.request(method, path, headers={"X-API-Key": key})
            expected = 404 if path == "/api/v9/x" else 405
            assert response.status_code == expected, (method, path, response.text[:200])
            assert response.headers["Content-Type"] == "application/json"
            assert response.json()["error"]
