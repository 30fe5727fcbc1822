"""Admin: endpoints (address rules on save, secret shown, rotate, send test) and the delivery log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderEvent
from orders.tests.factories import make_order
from webhooks import dispatch, targets
from webhooks.models import Attempt, Delivery, Endpoint
from webhooks.services import ENDPOINT_NOT_ENABLED, ROTATION_OVERLAP

pytestmark = pytest.mark.django_db

ENDPOINTS = reverse("admin:webhooks_endpoint_changelist")
DELIVERIES = reverse("admin:webhooks_delivery_changelist")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_form(url, **fields):
    return {"url": url, "description": "", "enabled": "on", **fields}


def test_an_endpoint_added_in_the_admin_is_enabled_and_shows_its_secret(staff_client, webhook_settings, receiver):
    url = receiver.path()
    response = staff_client.post(
        reverse("admin:webhooks_endpoint_add"), add_form(url, event_types=["order.created", "order.cancelled"])
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert (endpoint.url, endpoint.enabled) == (url, True)
    assert endpoint.event_types == ["order.cancelled", "order.created"]
    assert endpoint.secret.startswith("whsec_")
    page = staff_client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
    assert endpoint.secret in page.content.decode()


@pytest.mark.parametrize("url", ["https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://[::1]/hook"])
def test_the_admin_refuses_an_endpoint_on_a_non_public_address(staff_client, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = staff_client.post(reverse("admin:webhooks_endpoint_add"), add_form(url))
    assert response.status_code == 200
    host, address = url.split("//")[1].split("/")[0].strip("[]"), url.split("//")[1].split("/")[0].strip("[]")
    assert response.context["adminform"].form.errors == {
        "url": [targets.FORBIDDEN_ADDRESS.format(host=host, address=address)]
    }
    assert not Endpoint.objects.exists()


def test_the_admin_refuses_plain_http(staff_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = staff_client.post(reverse("admin:webhooks_endpoint_add"), add_form("http://partner.example/hook"))
    assert response.context["adminform"].form.errors == {"url": [targets.NOT_HTTPS]}


def test_rotate_keeps_the_old_secret_signing_for_24_hours(staff_client, make_endpoint):
    endpoint = make_endpoint()
    old = endpoint.secret
    before = timezone.now()
    staff_client.post(ENDPOINTS, {"action": "rotate_secret", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.previous_secret == old
    assert before + ROTATION_OVERLAP <= endpoint.previous_secret_expires_at <= timezone.now() + ROTATION_OVERLAP
    assert endpoint.signing_secrets(now=timezone.now()) == [endpoint.secret, old]
    assert endpoint.signing_secrets(now=endpoint.previous_secret_expires_at) == [endpoint.secret]


def test_send_test_queues_a_test_event_for_the_endpoint(staff_client, make_endpoint):
    endpoint = make_endpoint()
    staff_client.post(ENDPOINTS, {"action": "send_test_event", "_selected_action": [endpoint.pk]})
    delivery = Delivery.objects.get()
    assert (delivery.endpoint, delivery.event_type, delivery.state) == (endpoint, "webhook.test", "pending")


def make_deliveries(endpoint, count, attempts_each=1):
    for _ in range(count):
        make_order(lines={endpoint.cookie: 1})
    for event in OrderEvent.objects.filter(published_at__isnull=True):
        dispatch.publish_event(event_id=event.pk)
    for delivery in Delivery.objects.all():
        for number in range(1, attempts_each + 1):
            Attempt.objects.create(delivery=delivery, number=number, started_at=timezone.now(), status_code=500)


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_delivery_log_pages_cost_the_same_queries_at_any_size(staff_client, make_endpoint, cookie, page):
    endpoint = make_endpoint()
    endpoint.cookie = cookie

    def url():
        if page == "changelist":
            return DELIVERIES + "?state__exact=pending"
        return reverse("admin:webhooks_delivery_change", args=[Delivery.objects.order_by("pk").first().pk])

    make_deliveries(endpoint, 1, attempts_each=1)
    staff_client.get(url())
    small = count_queries(staff_client, url())
    make_endpoint()
    Attempt.objects.all().delete()
    make_deliveries(endpoint, 20, attempts_each=5)
    assert count_queries(staff_client, url()) == small


def test_the_delivery_page_shows_each_attempt(staff_client, make_endpoint, cookie):
    endpoint = make_endpoint()
    endpoint.cookie = cookie
    make_deliveries(endpoint, 1, attempts_each=0)
    delivery = Delivery.objects.get()
    Attempt.objects.create(
        delivery=delivery, number=1, started_at=timezone.now(), status_code=502, duration_ms=37, response_body="bad gw"
    )
    Attempt.objects.create(delivery=delivery, number=2, started_at=timezone.now(), error="no answer within 10 s")
    page = staff_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk])).content.decode()
    for text in ["502", "37", "bad gw", "no answer within 10 s", delivery.message_id]:
        assert text in page


def test_resend_puts_a_finished_delivery_back_on_the_queue(staff_client, make_endpoint, cookie):
    endpoint = make_endpoint()
    endpoint.cookie = cookie
    make_deliveries(endpoint, 1, attempts_each=0)
    Delivery.objects.update(state="failed", next_attempt_at=None, finished_at=timezone.now())
    delivery = Delivery.objects.get()

    staff_client.post(DELIVERIES, {"action": "resend", "_selected_action": [delivery.pk]})

    delivery.refresh_from_db()
    assert (delivery.state, delivery.finished_at) == ("pending", None)
    assert timezone.now() - delivery.next_attempt_at < timedelta(minutes=1)


def test_the_delivery_log_filters_by_endpoint_state_and_event_type(staff_client, make_endpoint, cookie):
    endpoint = make_endpoint()
    endpoint.cookie = cookie
    make_deliveries(endpoint, 2, attempts_each=0)
    Delivery.objects.filter(pk=Delivery.objects.order_by("pk").first().pk).update(state="failed")
    response = staff_client.get(DELIVERIES, {"state__exact": "failed", "endpoint__id__exact": endpoint.pk})
    assert response.context["cl"].result_count == 1
    response = staff_client.get(DELIVERIES, {"event_type__exact": "order.created"})
    assert response.context["cl"].result_count == 2


def test_send_test_to_a_disabled_endpoint_says_why_and_queues_nothing(staff_client, make_endpoint):
    endpoint = make_endpoint()
    Endpoint.objects.filter(pk=endpoint.pk).update(enabled=False, disabled_reason="answered 410")
    response = staff_client.post(
        ENDPOINTS, {"action": "send_test_event", "_selected_action": [endpoint.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [ENDPOINT_NOT_ENABLED.format(endpoint=endpoint.url)]
    assert not Delivery.objects.exists()


def test_enabling_an_endpoint_again_clears_why_it_was_disabled(staff_client, make_endpoint):
    endpoint = make_endpoint()
    Endpoint.objects.filter(pk=endpoint.pk).update(enabled=False, disabled_reason="answered 410")
    staff_client.post(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]), add_form(endpoint.url))
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since) == (True, "", None)
