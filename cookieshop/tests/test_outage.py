"""A database outage is a 503 with Retry-After (JSON for the API, a page elsewhere), and passes by itself."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError

from api.exceptions import NOT_FOUND
from api.models import APIKey
from cookies.tests.factories import make_cookie
from cookieshop.middleware import RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE
from cookieshop.tests import servers
from cookieshop.tests.tcp_proxy import TcpProxy
from orders.tests.factories import make_order

PAGE_TITLE = "Back in a moment"
# Any key of the right shape: the server must look it up in the database to judge it.
SOME_KEY = "AbCd1234." + "x" * 32


def refuse_connections(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def assert_api_503(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert headers["Content-Type"] == "application/json"
    assert body == {"error": SERVICE_UNAVAILABLE}


def assert_page_503(status, headers, text):
    assert status == 503
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert headers["Content-Type"].startswith("text/html")
    assert PAGE_TITLE in text


@pytest.mark.django_db
def test_orders_answer_503_json_with_retry_after_when_the_database_fails(key_client, monkeypatch, caplog):
    from api.v1 import views

    monkeypatch.setattr(views, "orders_for_partners", refuse_connections)
    response = key_client.get("/api/v1/orders")
    assert_api_503(response.status_code, response, response.json())
    assert "Database unavailable" in caplog.text


@pytest.mark.django_db
def test_a_key_lookup_that_fails_on_the_database_is_a_503(api_client, monkeypatch):
    monkeypatch.setattr(APIKey.objects, "get_from_key", refuse_connections)
    response = api_client.get("/api/v1/orders", HTTP_X_API_KEY=SOME_KEY)
    assert_api_503(response.status_code, response, response.json())


@pytest.mark.urls("cookieshop.tests.outage_urls")
def test_pages_outside_the_api_get_the_standalone_503_page(client, caplog):
    response = client.get("/shelf/")
    assert_page_503(response.status_code, response, response.content.decode())
    assert "Database unavailable: answering 503 to /shelf/" in caplog.text


@pytest.mark.urls("cookieshop.tests.outage_urls")
def test_api_paths_outside_drf_views_get_the_json_503(client):
    response = client.get("/api/probe/")
    assert_api_503(response.status_code, response, response.json())


@pytest.mark.urls("cookieshop.tests.outage_urls")
def test_a_session_changed_before_the_outage_is_not_saved_into_a_500(client, monkeypatch):
    saved = []
    monkeypatch.setattr(SessionStore, "save", lambda self, must_create=False: saved.append(self))
    response = client.get("/cart-probe/")
    assert_page_503(response.status_code, response, response.content.decode())
    assert saved == []


def test_a_real_server_whose_database_refuses_connections_answers_503(start_server):
    server = start_server(DATABASE_URL=servers.closed_database_url())

    for path in ["/api/v1/orders", "/api/v1/cookies/"]:
        response = server.get(path, headers={"X-API-Key": SOME_KEY})
        assert_api_503(response.status_code, response.headers, response.json())
    # The admin reads the session from the database: the storefront's case too.
    page = server.get("/admin/", headers={"Cookie": "sessionid=" + "s" * 32})
    assert_page_503(page.status_code, page.headers, page.text)
    # What needs no database still works.
    assert server.get("/api/v1/nope").json() == {"error": NOT_FOUND}
    assert "Database unavailable" in server.log


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_api_and_pages_recover_by_themselves_when_the_database_returns(start_server, settings):
    db = settings.DATABASES["default"]
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.up()
    url = servers.shared_database_url().replace(f":{db['PORT'] or 5432}/", f":{proxy.port}/")
    order = make_order(lines={make_cookie(): 2})
    _, key = APIKey.objects.create_key(name="outage")
    # Persistent connections, as README's production settings have them: the broken one must be replaced.
    server = start_server(DATABASE_URL=url, CONN_MAX_AGE="60")
    headers = {"X-API-Key": key}
    assert [o["id"] for o in server.get("/api/v1/orders", headers=headers).json()] == [order.pk]

    proxy.down()
    response = server.get("/api/v1/orders", headers=headers)
    assert_api_503(response.status_code, response.headers, response.json())
    page = server.get("/admin/", headers={"Cookie": "sessionid=" + "s" * 32})
    assert_page_503(page.status_code, page.headers, page.text)

    proxy.up()
    response = server.get("/api/v1/orders", headers=headers)
    assert response.status_code == 200
    assert [o["id"] for o in response.json()] == [order.pk]
    assert server.get("/admin/", headers={"Cookie": "sessionid=" + "s" * 32}).status_code == 302  # to the login page
    proxy.down()
