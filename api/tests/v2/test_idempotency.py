"""Idempotency-Key on POST /api/v2/orders/{id}/fulfillment: replayed, refused when reused, kept 24 h per API key."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api import idempotency
from api.idempotency import INVALID_KEY, KEY_REUSED
from api.models import APIKey, IdempotencyRecord
from orders.models import Fulfilment, Order
from orders.services import ORDER_IS_FINAL
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def url(order):
    return f"/api/v2/orders/{order.pk}/fulfillment"


def write_key(name="Fulfilment partner"):
    return APIKey.objects.create_key(name=name, scopes=["orders:read", "orders:write"])[1]


@pytest.fixture
def post(api_client):
    key = write_key()

    def post(order, body=SHIPMENT, idempotency_key="ship-1", api_key=key):
        headers = {"HTTP_X_API_KEY": api_key}
        if idempotency_key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
        return api_client.post(url(order), body, format="json", **headers)

    return post


def test_a_repeat_gets_the_same_status_and_body_replayed_and_changes_nothing(post, order):
    first = post(order)
    fulfilled = Order.objects.get(pk=order.pk)
    again = post(order)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Fulfilment.objects.count() == 1
    assert Order.objects.get(pk=order.pk).updated_at == fulfilled.updated_at


def test_an_error_answer_is_replayed_too(post, order):
    first = post(order, body={"carrier": "UPS"})
    again = post(order, body={"carrier": "UPS"})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (400, 400, "true")
    assert again.json() == first.json() == {"error": "tracking_number: This field is required."}


def test_a_404_is_kept_and_replayed(post, order):
    order.pk = 999999
    first, again = post(order), post(order)
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (404, 404, "true")
    assert again.content == first.content == b'{"error":"No Order matches the given query."}'
    assert IdempotencyRecord.objects.get().status_code == 404


def test_without_the_header_a_repeat_is_a_new_request(post, order):
    assert post(order, idempotency_key=None).status_code == 201
    again = post(order, idempotency_key=None)
    assert again.status_code == 409
    assert again.json() == {"error": ORDER_IS_FINAL.format(number=order.pk, status="fulfilled")}


def test_the_same_key_with_a_different_body_is_a_422(post, order):
    post(order)
    response = post(order, body={**SHIPMENT, "carrier": "DHL"})
    assert (response.status_code, response.json()) == (422, {"error": KEY_REUSED})
    assert Fulfilment.objects.get().carrier == "UPS"


def test_the_same_key_for_another_order_is_a_422(post, order, cookie):
    other = make_order(lines={cookie: 1})
    post(order)
    response = post(other)
    assert (response.status_code, response.json()) == (422, {"error": KEY_REUSED})
    assert Order.objects.get(pk=other.pk).status == "placed"


def test_keys_are_per_api_key(post, order):
    post(order)
    other_partner = post(order, api_key=write_key("Other partner"))
    # Not the first partner's answer: the other partner's own request, which finds the order fulfilled.
    assert other_partner.status_code == 409
    assert "Idempotent-Replayed" not in other_partner


def test_a_key_is_kept_24_hours(post, order, monkeypatch):
    post(order)
    start = timezone.now()
    monkeypatch.setattr(idempotency.Clock, "now", staticmethod(lambda: start + timedelta(hours=23, minutes=59)))
    assert post(order)["Idempotent-Replayed"] == "true"
    monkeypatch.setattr(idempotency.Clock, "now", staticmethod(lambda: start + timedelta(hours=24, seconds=1)))
    later = post(order)
    assert later.status_code == 409  # a new request: the order is fulfilled by now
    assert "Idempotent-Replayed" not in later
    assert IdempotencyRecord.objects.get().status_code == 409


@pytest.mark.parametrize("bad", ["", "x" * 256, "caf\u00e9", "tab\there", "bell\x07"])
def test_a_malformed_idempotency_key_is_a_400(post, order, bad):
    response = post(order, idempotency_key=bad)
    assert (response.status_code, response.json()) == (400, {"error": f"Idempotency-Key: {INVALID_KEY}"})
    assert not Fulfilment.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_a_key_of_255_printable_characters_is_taken(post, order):
    assert post(order, idempotency_key="~ !" + "k" * 252).status_code == 201


def test_refusals_before_the_write_keep_no_record(key_client, order):
    assert key_client.post(url(order), SHIPMENT, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 403
    anonymous = APIClient()
    assert anonymous.post(url(order), SHIPMENT, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 401
    assert not IdempotencyRecord.objects.exists()
