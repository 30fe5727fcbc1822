"""api.middleware.release_view: a request's response and data are freed as soon as the answer is sent."""

import gc
import io

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.response import Response

from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_the_test_connection():
    """As the test client does: a request's start and end must not close the test's transaction's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def live_responses() -> int:
    return sum(issubclass(type(thing), Response) for thing in gc.get_objects())  # type(): proxies may be dead


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/orders/{pk}", "/api/v2/orders", "/api/v1/cookies"])
def test_no_response_outlives_its_request_without_a_collection(api_key, path, keep_the_test_connection):
    order = make_order(lines={make_cookie(): 2})
    application = get_wsgi_application()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.format(pk=order.pk),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_X_API_KEY": api_key,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }
    gc.collect()
    before = live_responses()
    gc.disable()  # only reference counting frees anything now
    try:
        started = []
        body = application(dict(environ), lambda status, headers, exc_info=None: started.append(status))
        assert started == ["200 OK"]
        del body  # the server drops the answer once sent (not closed: closing would end the test's connection)
        assert live_responses() == before
    finally:
        gc.enable()
