"""API keys never reach a log: not Django's (django.request included), not gunicorn's access or error log."""

import logging
import runpy

import pytest
from django.db import OperationalError

from api.models import APIKey
from api.v1 import views
from cookieshop.tests import servers
from orders.tests.factories import make_cookie, make_order

pytestmark = pytest.mark.django_db

GUNICORN_CONF = runpy.run_path(str(servers.ROOT / "gunicorn.conf.py"))
# An access-log format that names the key headers and the query: the worst an operator could choose.
NOISY_ACCESS_LOG = '%(h)s "%(r)s" %(s)s q=%(q)s key=%({x-api-key}i)s auth=%({authorization}i)s'


def requests_with_a_key(get, key: str, revoked: str):
    """Every way a key travels: both headers, the URL, on 200, 401, 404 and 405 answers."""
    prefix = key.split(".")[0]
    return [
        get("/api/v1/orders", headers={"X-API-Key": key}),
        get("/api/v1/orders/999999", headers={"Authorization": f"Api-Key {key}"}),
        get(f"/api/v1/orders?key={key}"),
        get(f"/api/v1/cookies?api_key={key}&page=1"),
        get("/api/v1/orders", headers={"X-API-Key": revoked}),
        get(f"/api/v1/nope/{prefix}", headers={"X-API-Key": key}),
    ]


def database_down():
    raise OperationalError("server closed the connection unexpectedly")


def crash():
    raise RuntimeError("boom")


def assert_no_key(text: str, *keys: str):
    for key in keys:
        assert key not in text
        assert key.split(".")[1] not in text  # nor the secret half alone


def test_django_logs_never_hold_the_key(client, api_key, order, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    _, revoked = APIKey.objects.create_key(name="revoked", revoked=True)

    def get(path, headers=None):
        return client.get(path, headers=headers or {})

    statuses = [r.status_code for r in requests_with_a_key(get, api_key, revoked)]
    assert statuses == [200, 404, 401, 401, 401, 404]
    # An outage and a crash log tracebacks: still no key.
    monkeypatch.setattr(views, "orders_for_partners", database_down)
    assert get("/api/v1/orders", {"X-API-Key": api_key}).status_code == 503
    monkeypatch.setattr(views, "orders_for_partners", crash)
    client.raise_request_exception = False
    assert get("/api/v1/orders", {"X-API-Key": api_key}).status_code == 500

    assert {"django.request", "api.exceptions"} <= {record.name for record in caplog.records}
    assert_no_key(caplog.text, api_key, revoked)


@pytest.mark.parametrize(
    "line",
    [
        'GET /api/v1/orders?key=AbCd1234.abcdefghijklmnopqrstuvwxyz012345 HTTP/1.1" 401',
        "GET /api/v1/orders?page=2&API-KEY=not-even-key-shaped HTTP/1.1",
        "Error handling request /api/v1/cookies?apikey=x&page=1",
        "referer https://partner.example/?q=AbCd1234.abcdefghijklmnopqrstuvwxyz012345",
    ],
)
def test_gunicorn_logs_redact_keys_in_urls_and_key_shaped_values(line):
    redacted = GUNICORN_CONF["redact"](line)
    assert "[redacted]" in redacted
    assert "abcdefghijklmnopqrstuvwxyz012345" not in redacted
    assert "not-even-key-shaped" not in redacted
    assert "apikey=x&" not in redacted


def test_gunicorn_logs_keep_everything_else():
    line = '127.0.0.1 "GET /api/v1/orders?page=2&page_size=50&cookie=chocolate-chip HTTP/1.1" 200'
    assert GUNICORN_CONF["redact"](line) == line


@servers.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_real_server_logs_requests_but_never_their_keys(start_server):
    make_order(lines={make_cookie(): 1})
    _, key = APIKey.objects.create_key(name="logged")
    _, revoked = APIKey.objects.create_key(name="revoked", revoked=True)
    server = start_server(LOG_LEVEL="DEBUG", GUNICORN_CMD_ARGS=f"--access-logformat '{NOISY_ACCESS_LOG}'")

    statuses = [r.status_code for r in requests_with_a_key(server.get, key, revoked)]
    assert statuses == [200, 404, 401, 401, 401, 404]
    server.stop()  # flushes the log

    log = server.log
    assert '"GET /api/v1/orders HTTP/1.1" 200 q= key=[redacted] auth=-' in log
    assert '"GET /api/v1/orders?key=[redacted] HTTP/1.1" 401' in log
    assert "Unauthorized: /api/v1/orders" in log  # django.request's line
    assert_no_key(log, key, revoked)
