"""End to end: orders placed here, a real Celery worker on Redis, a real receiver verifying every signature."""

import json

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from cookieshop.tests.servers import requires_postgresql
from orders.models import OrderEvent
from orders.tests.factories import make_order
from webhooks.models import Attempt, Delivery, Endpoint
from webhooks.tests import workers
from webhooks.tests.receiver import HANG
from webhooks.tests.workers import TEST_TIMEOUT, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]


def delivered(endpoint, count=1):
    return Delivery.objects.filter(endpoint=endpoint, state="succeeded").count() >= count


def test_an_order_placed_is_delivered_once_as_order_created(celery_worker, make_endpoint, receiver, cookie, api_key):
    endpoint = make_endpoint()
    order = make_order(lines={cookie: 2})

    wait_until(lambda: delivered(endpoint), message=celery_worker.log)
    sentinel = make_order(lines={cookie: 1})  # once its delivery is in, any duplicate of the first would be too
    wait_until(lambda: delivered(endpoint, 2), message=celery_worker.log)

    requests = receiver.at(endpoint.url)
    assert [json.loads(r.body)["data"]["order"]["id"] for r in requests] == [order.pk, sentinel.pk]
    assert all(r.verified_by == [endpoint.secret] for r in requests)
    event = OrderEvent.objects.get(order=order)
    assert (requests[0].webhook_id, json.loads(requests[0].body)["type"]) == (event.public_id, "order.created")
    api = APIClient()
    api.credentials(HTTP_X_API_KEY=api_key)
    assert json.loads(requests[0].body) == api.get(f"/api/v2/events/{event.public_id}").json()


@transaction.atomic
def place_and_fail(cookie):
    make_order(lines={cookie: 2})
    raise RuntimeError("the change fails after the order was written")


def test_an_order_whose_transaction_rolls_back_sends_nothing(celery_worker, make_endpoint, receiver, cookie):
    endpoint = make_endpoint()
    with pytest.raises(RuntimeError, match="after the order"):
        place_and_fail(cookie)
    sentinel = make_order(lines={cookie: 1})

    wait_until(lambda: delivered(endpoint), message=celery_worker.log)

    assert [json.loads(r.body)["data"]["order"]["id"] for r in receiver.at(endpoint.url)] == [sentinel.pk]
    assert OrderEvent.objects.count() == 1


def test_500_then_200_is_retried_on_the_schedule_then_delivered(celery_worker, make_endpoint, receiver, cookie):
    endpoint = make_endpoint(answers=[500, 200])
    make_order(lines={cookie: 2})

    wait_until(lambda: delivered(endpoint), message=celery_worker.log)

    first, second = receiver.at(endpoint.url)
    assert first.webhook_id == second.webhook_id
    assert first.verified_by == second.verified_by == [endpoint.secret]
    attempts = list(Attempt.objects.filter(delivery__endpoint=endpoint).values_list("status_code", flat=True))
    assert attempts == [500, 200]


def test_410_disables_the_endpoint(celery_worker, make_endpoint, cookie):
    endpoint = make_endpoint(answers=[410])
    make_order(lines={cookie: 2})

    wait_until(lambda: not Endpoint.objects.get(pk=endpoint.pk).enabled, message=celery_worker.log)

    assert Delivery.objects.get(endpoint=endpoint).state == "failed"


def test_a_receiver_that_never_answers_does_not_hold_up_a_healthy_one(celery_worker, make_endpoint, receiver, cookie):
    dead = make_endpoint(answers=[HANG])
    healthy = make_endpoint()
    make_order(lines={cookie: 2})

    wait_until(lambda: delivered(healthy), timeout=TEST_TIMEOUT, message=celery_worker.log)
    (hung,) = receiver.wait_for(dead.url, 1)
    (answered,) = receiver.at(healthy.url)

    # The healthy endpoint had its delivery before the dead one's attempt could give up on an answer.
    assert answered.at < hung.at + TEST_TIMEOUT
    wait_until(lambda: Attempt.objects.filter(delivery__endpoint=dead).exclude(error="").exists())
    first_attempt = Attempt.objects.filter(delivery__endpoint=dead).order_by("number").first()
    assert first_attempt.error == f"no answer within {TEST_TIMEOUT:g} s"
    assert answered.verified_by == [healthy.secret]
    Endpoint.objects.filter(pk=dead.pk).update(enabled=False)  # its retries would hold a worker process


def test_a_worker_killed_mid_delivery_is_retried_and_the_receiver_dedupes(tmp_path, make_endpoint, receiver, cookie):
    broker = workers.broker_or_skip()
    queue = workers.new_queue()
    endpoint = make_endpoint(answers=[HANG, 200])  # processes the first, whose answer never reaches the worker
    with workers.running_worker(broker_url=broker, queue=queue, log_path=tmp_path / "a.log", beat=False) as first:
        make_order(lines={cookie: 2})
        receiver.wait_for(endpoint.url, 1)
        first.kill()
        # A new worker (with beat: its sweep takes up the delivery the dead one held) finishes the job.
        with workers.running_worker(broker_url=broker, queue=queue, log_path=tmp_path / "b.log") as second:
            wait_until(lambda: delivered(endpoint), message=second.log)

    original, retry = receiver.at(endpoint.url)
    assert original.webhook_id == retry.webhook_id
    assert (original.duplicate, retry.duplicate) == (False, True)
    assert original.verified_by == retry.verified_by == [endpoint.secret]
    assert Delivery.objects.get(endpoint=endpoint).attempts == 2


def test_orders_placed_while_the_broker_is_down_are_all_delivered_after_it_returns(
    tmp_path, make_endpoint, receiver, cookie
):
    endpoint = make_endpoint()
    with workers.throwaway_redis(tmp_path) as broker:
        queue = workers.new_queue()
        with workers.running_worker(broker_url=broker.url, queue=queue, log_path=tmp_path / "w.log") as worker:
            broker.stop()
            orders = [make_order(lines={cookie: n}) for n in (1, 2, 3)]  # checkout works, the doorbell fails
            assert OrderEvent.objects.filter(published_at__isnull=True).count() == 3
            broker.start()
            wait_until(lambda: delivered(endpoint, 3), message=worker.log)

    delivered_ids = sorted(json.loads(r.body)["data"]["order"]["id"] for r in receiver.at(endpoint.url))
    assert delivered_ids == [order.pk for order in orders]
    assert all(r.verified_by == [endpoint.secret] for r in receiver.at(endpoint.url))
