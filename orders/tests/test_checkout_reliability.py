"""Checkout places one order per form without the cache: with Redis down, and when two copies race."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from orders.checkout_limit import LIMIT_NOT_APPLIED
from orders.locks import ORDER_NUMBER_LOCK
from orders.models import Order
from orders.tests.pages import CHECKOUT, cart_of, messages_of, saved
from orders.views.checkout import ALREADY_PLACED, ORDER_PLACED

pytestmark = pytest.mark.django_db

# The warning up to the cache's own error text.
LIMIT_SKIPPED = LIMIT_NOT_APPLIED.split("(%s)")[0]


def test_with_the_cache_down_a_form_sent_twice_places_one_order(
    client, chip, fill_cart, address_data, cache_down, caplog
):
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]

    first = client.post(CHECKOUT, {**address_data, "token": token})
    second = client.post(CHECKOUT, {**address_data, "token": token})

    order = Order.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/orders/{order.pk}/"
    assert messages_of(second) == [ORDER_PLACED.format(number=order.pk), ALREADY_PLACED]
    assert order.checkout_token == token
    assert saved() == (1, 1, 1)
    assert cart_of(client) == {}
    assert client.get(second["Location"]).status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.name == "orders.checkout_limit"]
    assert len(warnings) == 1  # the limit was skipped once, for the one order placed
    assert warnings[0].startswith(LIMIT_SKIPPED)
    assert "Connection refused" in warnings[0]


def test_with_the_cache_down_a_form_the_session_lost_track_of_still_places_one_order(
    client, chip, fill_cart, address_data, cache_down
):
    """The order committed but the session never heard (the process died before saving it)."""
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]
    session_before = dict(client.session.items())

    client.post(CHECKOUT, {**address_data, "token": token})
    session = client.session
    session.clear()
    session.update(session_before)  # the cart and the pending token, as before the first answer
    session.save()
    retry = client.post(CHECKOUT, {**address_data, "token": token})

    order = Order.objects.get()
    assert retry["Location"] == f"/orders/{order.pk}/"
    assert saved() == (1, 1, 1)


def requests_waiting_for_a_lock() -> int:
    """Connections to this test database that wait for a lock (the first at the order's, the second at its cookie's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: two transactions at once (CI runs the suite on PostgreSQL too)",
)
@pytest.mark.django_db(transaction=True)
def test_two_copies_of_a_form_sent_at_once_place_one_order(client, chip, fill_cart, address_data):
    """Both copies get past the look-up for the token; the unique index decides, and both show one order.

    The test holds the lock that orders placements, so that both requests have looked up
    the token and wait at the insert; it then lets them go together.
    """
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]
    responses = []

    def send():
        try:
            twin = Client()
            twin.cookies = client.cookies  # the same browser session: a double click
            responses.append(twin.post(CHECKOUT, {**address_data, "token": token}))
        finally:
            connection.close()  # this thread's own connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ORDER_NUMBER_LOCK])
    threads = [threading.Thread(target=send) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while requests_waiting_for_a_lock() < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # real transactions of other threads: there is no clock to inject
        assert requests_waiting_for_a_lock() == 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ORDER_NUMBER_LOCK])
        for thread in threads:
            thread.join()

    order = Order.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {f"/orders/{order.pk}/"}
    assert saved() == (1, 1, 1)
    assert order.checkout_token == token
