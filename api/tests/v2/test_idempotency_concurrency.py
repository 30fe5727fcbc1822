"""Two requests with the same Idempotency-Key at the same time, on PostgreSQL: one shipment, never two."""

import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from api.idempotency import IN_PROGRESS
from api.models import APIKey
from orders.locks import ORDER_NUMBER_LOCK
from orders.models import Fulfilment, Order
from orders.services import ORDER_IS_FINAL

from .postgresql import in_threads, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784"}
WAIT_SECONDS = 30


@pytest.fixture
def send(db):
    require_postgresql()
    _, key = APIKey.objects.create_key(name="Fulfilment partner", scopes=["orders:read", "orders:write"])

    def send(order_id, idempotency_key="ship-1"):
        client = APIClient()
        return client.post(
            f"/api/v2/orders/{order_id}/fulfillment",
            SHIPMENT,
            format="json",
            HTTP_X_API_KEY=key,
            HTTP_IDEMPOTENCY_KEY=idempotency_key,
        )

    return send


def wait_until_a_change_waits_for_the_order_lock():
    deadline = time.monotonic() + WAIT_SECONDS
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    pytest.fail("the first request never reached the order lock")


def test_a_repeat_while_the_first_runs_is_a_409_then_a_replay(send, order):
    first = {}
    # The test holds the lock every change of an order takes: the first request stops inside its
    # write, holding its Idempotency-Key record, until the test lets go.
    thread = threading.Thread(target=lambda: first.update(response=in_threads([lambda: send(order.pk)])[0]))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_NUMBER_LOCK])
        thread.start()
        wait_until_a_change_waits_for_the_order_lock()
        meanwhile = in_threads([lambda: send(order.pk)])[0]
    thread.join()

    assert (meanwhile.status_code, meanwhile.json()) == (409, {"error": IN_PROGRESS})
    assert first["response"].status_code == 201
    replay = send(order.pk)
    assert (replay.status_code, replay["Idempotent-Replayed"]) == (201, "true")
    assert replay.content == first["response"].content
    assert Fulfilment.objects.count() == 1


def test_simultaneous_requests_with_one_key_record_one_shipment(send, order):
    responses = in_threads([lambda: send(order.pk)] * 8)

    assert not [r for r in responses if isinstance(r, Exception)], responses
    originals = [r for r in responses if r.status_code == 201 and "Idempotent-Replayed" not in r]
    assert len(originals) == 1
    for response in responses:
        if response is not originals[0]:
            assert (response.status_code, response.content) in {
                (201, originals[0].content),
                (409, b'{"error":"%s"}' % IN_PROGRESS.encode()),
            }
    assert Fulfilment.objects.count() == 1
    assert Order.objects.get(pk=order.pk).status == "fulfilled"


def test_simultaneous_shipments_of_one_order_with_different_keys_record_one(send, order):
    responses = in_threads([lambda n=n: send(order.pk, idempotency_key=f"ship-{n}") for n in range(6)])

    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    final = ORDER_IS_FINAL.format(number=order.pk, status="fulfilled")
    assert all(r.json() == {"error": final} for r in responses if r.status_code == 409)
    assert Fulfilment.objects.count() == 1
