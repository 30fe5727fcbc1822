"""README "Production" followed word for word: `make serve` starts a server that keeps v1's promises."""

import http.client

import pytest
from django.core.management import call_command

from api.models import APIKey
from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from orders.tests.factories import make_order

# django_db makes pytest-django create the test database the server shares; the
# tests themselves only speak HTTP.
pytestmark = [servers.requires_postgresql, pytest.mark.django_db]

# The suite runs inside the venv `make` made: `-o` keeps `make serve` from reinstalling it.
MAKE_SERVE = ["make", "--no-print-directory", "-o", ".venv/.runtime", "serve"]
LONGEST_REQUEST_LINE = 8190  # gunicorn.conf.py's bound (README "Production"): up to it, JSON


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """`make serve` with README's variables; only database, cache, port and secret are the test's.

    Started once for the module (it migrates, collects static files and boots four
    workers), on data committed to the test database and flushed afterwards.
    """
    readme = servers.readme_production_env()
    env = servers.production_env(CACHE_URL=servers.redis_url_or_skip(), WEB_CONCURRENCY=readme["WEB_CONCURRENCY"])
    with django_db_blocker.unblock():
        cookie = make_cookie(name="Chocolate Chip", slug="chocolate-chip")
        order = make_order(lines={cookie: 15})
        _, key = APIKey.objects.create_key(name="README")
        try:
            with servers.live_server(env, tmp_path_factory.mktemp("serve") / "server.log", MAKE_SERVE) as server:
                yield server, order, key
        finally:
            call_command("flush", interactive=False, verbosity=0)


def raw_get(server, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """A GET whose request line is exactly `GET <path> HTTP/1.1`, as long as the path makes it."""
    connection = http.client.HTTPConnection("127.0.0.1", int(server.env["PORT"]), timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": server.host, "X-Forwarded-Proto": "https", **headers}.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_served_api_lists_and_shows_orders_and_cookies(served):
    server, order, key = served
    orders = server.get("/api/v1/orders", headers={"X-API-Key": key})
    assert orders.status_code == 200
    assert orders.headers["X-Total-Count"] == "1"
    assert [o["id"] for o in orders.json()] == [order.pk]
    detail = server.get(f"/api/v1/orders/{order.pk}/", headers={"Authorization": f"Api-Key {key}"})
    assert detail.json() == orders.json()[0]
    assert list(detail.json()["cookie_orders"][0]) == ["cookie_id", "cookie_name", "number_of_cookies"]
    cookies = server.get("/api/v1/cookies")
    assert [c["slug"] for c in cookies.json()] == ["chocolate-chip"]


def test_the_served_api_answers_json_errors(served):
    server, order, key = served
    missing_key = server.get("/api/v1/orders")
    assert missing_key.status_code == 401
    assert missing_key.headers["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert set(missing_key.json()) == {"error"}
    unknown = server.get(f"/api/v1/orders/{order.pk + 1000}", headers={"X-API-Key": key})
    assert unknown.status_code == 404
    assert unknown.headers["Content-Type"] == "application/json"
    assert set(unknown.json()) == {"error"}


@pytest.mark.parametrize(
    ("prefix", "status"),
    [("/api/v1/orders?filler=", 200), ("/api/v1/orders/", 404)],
)
def test_request_lines_up_to_the_bound_get_json(served, prefix, status):
    server, _, key = served
    path = prefix + "9" * (LONGEST_REQUEST_LINE - len("GET  HTTP/1.1") - len(prefix))
    assert len(f"GET {path} HTTP/1.1") == LONGEST_REQUEST_LINE
    code, headers, body = raw_get(server, path, {"X-API-Key": key, "X-Filler": "f" * 8000})
    assert code == status, body[:200]
    assert headers["Content-Type"] == "application/json"


def test_plain_http_is_redirected_and_https_gets_hsts_and_secure_cookies(served):
    server, _, _ = served
    plain = server.client.get("/admin/login/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{server.host}/admin/login/"
    login = server.get("/admin/login/")
    assert login.status_code == 200
    assert login.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Secure" in login.headers["Set-Cookie"]


def test_static_files_are_collected_and_served_by_whitenoise(served):
    server, _, _ = served
    response = server.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert (servers.ROOT / "staticfiles" / "staticfiles.json").is_file()  # the manifest collectstatic wrote
