"""One attempt at a delivery, made in the test's process against the real receiver on 127.0.0.1."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OrderEvent
from orders.tests.factories import make_order
from webhooks import dispatch, sender
from webhooks.delivery import FAILING_TOO_LONG, GONE, Deliverer
from webhooks.models import Attempt, Delivery, DeliveryState, Endpoint
from webhooks.services import resend, rotate_secret, send_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverer():
    deliverer = Deliverer()
    deliverer.jitter = lambda: 0.5  # +5 %
    return deliverer


def delivery_for(endpoint, order):
    """The delivery of the order's order.created event to `endpoint` (fanned out in the test's process)."""
    event = OrderEvent.objects.get(order=order, type="order.created")
    dispatch.publish_event(event_id=event.pk)
    return Delivery.objects.get(event=event, endpoint=endpoint)


def test_a_delivery_posts_the_event_signed_and_records_the_attempt(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint()
    delivery = delivery_for(endpoint, order)
    now = timezone.now()

    attempt = deliverer.attempt(delivery_id=delivery.pk, now=now)

    (request,) = receiver.at(endpoint.url)
    assert request.verified_by == [endpoint.secret]
    assert request.webhook_id == delivery.event.public_id
    assert request.headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert request.headers["content-type"] == "application/json"
    assert request.body.decode() == delivery.event.document
    assert json.loads(request.body)["data"]["order"]["id"] == order.pk
    assert (attempt.number, attempt.status_code, attempt.response_body, attempt.error) == (1, 200, "ok", "")
    assert attempt.duration_ms is not None
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status, delivery.locked_until) == (
        "succeeded",
        1,
        200,
        None,
    )


def test_a_delivery_done_or_held_is_not_sent_again(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint()
    delivery = delivery_for(endpoint, order)
    assert deliverer.attempt(delivery_id=delivery.pk) is not None
    assert deliverer.attempt(delivery_id=delivery.pk) is None
    assert len(receiver.at(endpoint.url)) == 1


def test_a_failure_is_retried_on_the_schedule_with_jitter_then_marked_failed(
    make_endpoint, receiver, order, deliverer, webhook_settings
):
    webhook_settings.WEBHOOK_RETRY_SCHEDULE = ["5s", "5m"]
    endpoint = make_endpoint(answers=[500])
    delivery = delivery_for(endpoint, order)
    now = timezone.now()

    deliverer.attempt(delivery_id=delivery.pk, now=now)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.next_attempt_at, delivery.enqueued_at) == (
        "pending",
        now + timedelta(seconds=5.25),
        None,
    )
    assert deliverer.attempt(delivery_id=delivery.pk, now=now + timedelta(seconds=5)) is None  # not due yet

    second = now + timedelta(seconds=6)
    deliverer.attempt(delivery_id=delivery.pk, now=second)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == second + timedelta(minutes=5.25)

    deliverer.attempt(delivery_id=delivery.pk, now=second + timedelta(minutes=6))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("failed", 3, 500)
    assert delivery.last_error == "answered 500"
    assert [a.status_code for a in Attempt.objects.filter(delivery=delivery)] == [500, 500, 500]
    assert len(receiver.at(endpoint.url)) == 3


def test_500_then_200_is_delivered_on_the_retry(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint(answers=[500, 200])
    delivery = delivery_for(endpoint, order)
    now = timezone.now()
    deliverer.attempt(delivery_id=delivery.pk, now=now)
    deliverer.attempt(delivery_id=delivery.pk, now=now + timedelta(seconds=6))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("succeeded", 2)
    assert [r.webhook_id for r in receiver.at(endpoint.url)] == [delivery.message_id] * 2
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_410_disables_the_endpoint_at_once(make_endpoint, order, deliverer):
    endpoint = make_endpoint(answers=[410])
    delivery = delivery_for(endpoint, order)
    now = timezone.now()
    deliverer.attempt(delivery_id=delivery.pk, now=now)
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, GONE.format(time=now.isoformat(timespec="seconds")))
    assert (delivery.state, delivery.last_status) == ("failed", 410)


def test_an_endpoint_failing_longer_than_disable_after_is_disabled(make_endpoint, order, deliverer, webhook_settings):
    webhook_settings.WEBHOOK_DISABLE_AFTER = "1d"
    endpoint = make_endpoint(answers=[503])
    since = timezone.now() - timedelta(days=1, seconds=1)
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=since)
    delivery = delivery_for(endpoint, order)
    now = timezone.now()
    deliverer.attempt(delivery_id=delivery.pk, now=now)
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    stamp = {"time": now.isoformat(timespec="seconds"), "since": since.isoformat(timespec="seconds")}
    assert endpoint.disabled_reason == FAILING_TOO_LONG.format(**stamp, limit="1d")


def test_a_first_failure_starts_the_failing_clock_without_disabling(make_endpoint, order, deliverer):
    endpoint = make_endpoint(answers=[503])
    delivery = delivery_for(endpoint, order)
    now = timezone.now()
    deliverer.attempt(delivery_id=delivery.pk, now=now)
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.failing_since) == (True, now)


def test_redirects_are_not_followed(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint(answers=[302])
    attempt = deliverer.attempt(delivery_id=delivery_for(endpoint, order).pk)
    assert (attempt.status_code, attempt.error) == (302, "answered 302 (redirects are not followed)")
    assert len(receiver.at(endpoint.url)) == 1


def test_only_the_first_kib_of_an_answer_is_kept(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint()
    receiver.answer_body = b"x" * 5000
    try:
        attempt = deliverer.attempt(delivery_id=delivery_for(endpoint, order).pk)
    finally:
        del receiver.answer_body
    assert attempt.response_body == "x" * sender.MAX_BODY


def test_an_endpoint_that_never_answers_fails_after_the_timeout(make_endpoint, order, deliverer, webhook_settings):
    webhook_settings.WEBHOOK_TIMEOUT = 0.3
    endpoint = make_endpoint(answers=["hang"])
    attempt = deliverer.attempt(delivery_id=delivery_for(endpoint, order).pk)
    assert (attempt.status_code, attempt.error) == (None, "no answer within 0.3 s")


def test_a_disabled_endpoint_gets_nothing(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint()
    delivery = delivery_for(endpoint, order)
    Endpoint.objects.filter(pk=endpoint.pk).update(enabled=False)
    assert deliverer.attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == (DeliveryState.FAILED, "not sent: the endpoint is disabled.")
    assert receiver.at(endpoint.url) == []


def test_during_a_rotation_both_secrets_verify_and_after_it_only_the_new(make_endpoint, receiver, order, deliverer):
    endpoint = make_endpoint()
    old = endpoint.secret
    rotate_secret(endpoint=endpoint)
    receiver.verify_with(endpoint.url, [endpoint.secret, old])
    delivery = delivery_for(endpoint, order)
    deliverer.attempt(delivery_id=delivery.pk, now=timezone.now())
    # The overlap ends (moved rather than the clock: receivers refuse timestamps over 5 minutes off).
    Endpoint.objects.filter(pk=endpoint.pk).update(previous_secret_expires_at=timezone.now())
    resend(delivery=delivery)
    deliverer.attempt(delivery_id=delivery.pk)

    during, after = receiver.at(endpoint.url)
    assert during.verified_by == [endpoint.secret, old]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert after.verified_by == [endpoint.secret]
    assert len(after.headers["webhook-signature"].split(" ")) == 1


def test_a_test_event_is_signed_and_delivered_like_any_other(make_endpoint, receiver, deliverer):
    endpoint = make_endpoint()
    delivery = send_test(endpoint=endpoint)
    deliverer.attempt(delivery_id=delivery.pk)
    (request,) = receiver.at(endpoint.url)
    assert request.verified_by == [endpoint.secret]
    body = json.loads(request.body)
    assert (body["id"], body["type"], body["data"]) == (delivery.message_id, "webhook.test", {})


def test_a_failing_endpoint_gets_one_attempt_at_a_time(make_endpoint, receiver, cookie, deliverer):
    endpoint = make_endpoint(answers=[503])
    for n in (1, 2):
        make_order(lines={cookie: n})
    for event in OrderEvent.objects.all():
        dispatch.publish_event(event_id=event.pk)
    in_flight, waiting = Delivery.objects.order_by("pk")
    now = timezone.now()
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=now - timedelta(minutes=1))
    Delivery.objects.filter(pk=in_flight.pk).update(locked_until=now + timedelta(seconds=10))

    assert deliverer.attempt(delivery_id=waiting.pk, now=now) is None

    waiting.refresh_from_db()
    assert (waiting.attempts, waiting.locked_until, waiting.enqueued_at) == (0, None, None)
    assert waiting.next_attempt_at == now + timedelta(seconds=2)  # WEBHOOK_TIMEOUT later
    assert receiver.at(endpoint.url) == []
