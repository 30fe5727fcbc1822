"""SSRF: an endpoint whose host resolves to a non-public address gets no connection at all."""

import socket

import pytest

from orders.models import OrderEvent
from webhooks import dispatch, targets
from webhooks.delivery import Deliverer
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket in this process tries to connect to; none but loopback is let through."""
    tried = []
    real_connect = socket.socket.connect

    def guarded(sock, address):
        tried.append(address[0])
        if address[0] not in ("127.0.0.1", "::1"):
            raise OSError("the tests connect to loopback only")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return tried


def refused_attempt(url, order):
    event = OrderEvent.objects.get(order=order)
    # As if saved while allowed, before the event: the rule holds at connect time too.
    endpoint = Endpoint.objects.create(url=url, created_at=event.created_at)
    dispatch.publish_event(event_id=event.pk)
    return Deliverer().attempt(delivery_id=Delivery.objects.get(endpoint=endpoint).pk)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1"])
def test_a_host_resolving_to_a_non_public_address_gets_no_connection(
    settings, monkeypatch, connections, order, address
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(targets, "getaddrinfo", lambda host, port, **kw: [(family, 1, 6, "", (address, port))])

    attempt = refused_attempt("https://partner.example/hook", order)

    message = targets.FORBIDDEN_ADDRESS.format(host="partner.example", address=address)
    assert attempt.error == f"refused, no connection made: https://partner.example/hook {message}"
    assert attempt.status_code is None
    assert connections == []


def test_a_loopback_receiver_is_never_reached_when_private_targets_are_off(settings, receiver, order):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    url = receiver.path().replace("http://", "https://")
    before = receiver.connections

    attempt = refused_attempt(url, order)

    assert "loopback, private, link-local or reserved" in attempt.error
    assert receiver.connections == before
