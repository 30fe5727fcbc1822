"""API keys never reach a log: not Django's (django.request included), not gunicorn's access or error log."""

import io
import logging
import runpy
import sys

import pytest
from django.db import OperationalError

from api.models import APIKey
from api.redaction import RedactKeys
from api.v1 import views
from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

GUNICORN_CONF = runpy.run_path(str(servers.ROOT / "gunicorn.conf.py"))
# An access-log format that names the key headers and the query: the worst an operator could choose.
NOISY_ACCESS_LOG = '%(h)s "%(r)s" %(s)s q=%(q)s key=%({x-api-key}i)s auth=%({authorization}i)s'


def encoded(key: str) -> tuple[str, str]:
    """The key as servers decode it back: its dot percent-encoded, or the first letter of its secret."""
    prefix, secret = key.split(".")
    return f"{prefix}%2E{secret}", f"{prefix}.%{ord(secret[0]):02X}{secret[1:]}"


def requests_with_a_key(get, key: str, revoked: str):
    """Every way a key travels: both headers, the URL's query and path (also percent-encoded), on 200, 401 and 404."""
    prefix = key.split(".")[0]
    dot, letter = encoded(key)
    return [
        get("/api/v1/orders", headers={"X-API-Key": key}),
        get("/api/v1/orders/999999", headers={"Authorization": f"Api-Key {key}"}),
        get(f"/api/v1/orders?key={key}"),
        get(f"/api/v1/cookies?api_key={key}&page=1"),
        get("/api/v1/orders", headers={"X-API-Key": revoked}),
        get(f"/api/v1/nope/{prefix}", headers={"X-API-Key": key}),
        get(f"/api/v1/orders/{key}/"),
        get(f"/api/v2/orders/{revoked}", headers={"X-API-Key": key}),
        get(f"/api/v1/orders?token={key}", headers={"X-API-Key": key}),
        get(f"/api/v9/{key}"),
        get(f"/api/v1/orders/?token={dot}"),
        get(f"/api/v1/orders/{dot}/"),
        get(f"/api/v1/orders/?token={letter}"),
    ]


KEY = "ZZZZtest.abcdefghijklmnopqrstuvwxyz012345"
STATUSES = [200, 404, 401, 401, 401, 404, 401, 404, 401, 404, 401, 401, 401]


def project_handlers() -> list[logging.Handler]:
    """Every handler that writes, on every logger, but pytest's own: what settings.LOGGING (and Django) installed.

    Libraries' NullHandlers write nothing.
    """
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    handlers = {handler for logger in loggers for handler in logger.handlers}
    return [
        handler
        for handler in handlers
        if not type(handler).__module__.startswith("_pytest") and not isinstance(handler, logging.NullHandler)
    ]


@pytest.fixture
def console():
    """What the project's log handlers write, filters and all, caught in a buffer."""
    stream = io.StringIO()
    handlers = [handler for handler in project_handlers() if isinstance(handler, logging.StreamHandler)]
    assert handlers, "settings.LOGGING installs no console handler"
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_every_log_handler_redacts_keys():
    handlers = project_handlers()
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, RedactKeys) for f in handler.filters), handler
    # Django's loggers keep no handler of their own (its defaults carry no filter): the root's serve them.
    for name in ["django", "django.request", "django.server"]:
        assert logging.getLogger(name).handlers == []


def database_down():
    raise OperationalError("server closed the connection unexpectedly")


def crash():
    raise RuntimeError("boom")


def assert_no_key(text: str, *keys: str):
    for key in keys:
        assert key not in text
        assert key.split(".")[1] not in text  # nor the secret half alone
        for form in encoded(key):
            assert form not in text
            assert form[-20:] not in text  # nor the end of the encoded secret


def test_django_logs_never_hold_the_key(client, api_key, order, caplog, monkeypatch, console):
    caplog.set_level(logging.DEBUG)
    _, revoked = APIKey.objects.create_key(name="revoked", revoked=True)

    def get(path, headers=None):
        return client.get(path, headers=headers or {})

    statuses = [r.status_code for r in requests_with_a_key(get, api_key, revoked)]
    assert statuses == STATUSES
    # An outage and a crash log tracebacks: still no key.
    monkeypatch.setattr(views, "orders_for_partners", database_down)
    assert get("/api/v1/orders", {"X-API-Key": api_key}).status_code == 503
    monkeypatch.setattr(views, "orders_for_partners", crash)
    client.raise_request_exception = False
    assert get("/api/v1/orders", {"X-API-Key": api_key}).status_code == 500

    assert {"django.request", "cookieshop.middleware"} <= {record.name for record in caplog.records}
    assert "Unauthorized: /api/v1/orders/[redacted]/" in caplog.text
    assert "Not Found: /api/v2/orders/[redacted]" in console.getvalue()
    assert "RuntimeError: boom" in console.getvalue()  # tracebacks still reach the log
    assert_no_key(caplog.text, api_key, revoked)
    assert_no_key(console.getvalue(), api_key, revoked)


def test_the_filter_redacts_keys_in_arguments_and_tracebacks(api_key):
    try:
        raise ValueError(f"bad {api_key}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "key %s", (api_key,), sys.exc_info())
    assert RedactKeys().filter(record) is True
    text = logging.Formatter().format(record)
    assert text.startswith("key [redacted]\n")
    assert "ValueError: bad [redacted]" in text
    assert_no_key(text, api_key)


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


ENCODED_LINES = {
    "GET /api/v1/orders/?token=ZZZZtest%2Eabcdefghijklmnopqrstuvwxyz012345 HTTP/1.1": (
        "GET /api/v1/orders/?token=[redacted] HTTP/1.1"
    ),
    '"GET /api/v1/orders/ZZZZtest%2Eabcdefghijklmnopqrstuvwxyz012345/ HTTP/1.1" 401': (
        '"GET /api/v1/orders/[redacted]/ HTTP/1.1" 401'
    ),
    "GET /api/v1/orders/?page=2&token=ZZZZtest.%61bcdefghijklmnopqrstuvwxyz012345&x=1": (
        "GET /api/v1/orders/?page=2&token=[redacted]&x=1"
    ),
    "GET /api/v1/orders/?token=ZZZZtest%252Eabcdefghijklmnopqrstuvwxyz012345": "GET /api/v1/orders/?token=[redacted]",
    "GET /api/v1/cookies/?q=caf%C3%A9+au+lait&page=2": "GET /api/v1/cookies/?q=caf%C3%A9+au+lait&page=2",
}


@pytest.mark.parametrize("line", ENCODED_LINES)
def test_django_and_gunicorn_logs_redact_percent_encoded_keys(line):
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" 401', (line,), None)
    assert RedactKeys().filter(record) is True
    assert record.getMessage() == f'"{ENCODED_LINES[line]}" 401'
    assert GUNICORN_CONF["redact"](line) == ENCODED_LINES[line]


def test_django_logs_redact_an_encoded_key_in_a_runserver_request_line(console):
    # runserver logs the raw request line through django.server, which propagates to the root's handlers.
    logging.getLogger("django.server").warning(
        '"%s" %s %s', f"GET /api/v1/orders/?token={encoded(KEY)[1]} HTTP/1.1", 401, 60
    )
    assert console.getvalue() == '"GET /api/v1/orders/?token=[redacted] HTTP/1.1" 401 60\n'


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
    assert statuses == STATUSES
    server.stop()  # flushes the log

    log = server.log
    assert "Unauthorized: /api/v1/orders/[redacted]/" in log  # django.request, with a key in the path
    assert '"GET /api/v1/orders HTTP/1.1" 200 q= key=[redacted] auth=-' in log
    assert '"GET /api/v1/orders?key=[redacted] HTTP/1.1" 401' in log
    assert "Unauthorized: /api/v1/orders" in log  # django.request's line
    assert '"GET /api/v1/orders/?token=[redacted] HTTP/1.1" 401' in log  # encoded dot, and encoded letter
    assert '"GET /api/v1/orders/[redacted]/ HTTP/1.1" 401' in log
    assert_no_key(log, key, revoked)
