"""POST /api/v2/orders/{id}/fulfillment: each status, the order it answers, and who may write."""

import json

import pytest

from api.authentication import MISSING_KEY
from api.models import APIKey
from api.permissions import MISSING_SCOPE
from orders.models import TRACKING_NUMBER_INVALID, Fulfilment, Order
from orders.services import ORDER_IS_FINAL, cancel_order, record_fulfilment

pytestmark = pytest.mark.django_db

SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def url(order_id, slash=""):
    return f"/api/v2/orders/{order_id}/fulfillment{slash}"


def unchanged(order):
    now = Order.objects.get(pk=order.pk)
    return (now.status, now.updated_at) == ("placed", order.updated_at) and not Fulfilment.objects.exists()


@pytest.fixture
def write_key(db):
    _, key = APIKey.objects.create_key(name="Fulfilment partner", scopes=["orders:read", "orders:write"])
    return key


@pytest.fixture
def write_client(api_client, write_key):
    api_client.credentials(HTTP_X_API_KEY=write_key)
    return api_client


@pytest.mark.parametrize("slash", ["", "/"])
def test_201_answers_the_whole_order_now_fulfilled(write_client, settings, order, slash):
    settings.TIME_ZONE = "UTC"
    response = write_client.post(url(order.pk, slash), SHIPMENT, format="json")

    assert response.status_code == 201
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == "fulfilled"
    assert stored.updated_at > order.updated_at
    assert response.json() == write_client.get(f"/api/v2/orders/{order.pk}").json()
    stamp = stored.updated_at.isoformat().replace("+00:00", "Z")
    assert response.json()["fulfillment"] == {**SHIPMENT, "fulfilled_at": stamp}
    assert (response.json()["status"], response.json()["updated_at"]) == ("fulfilled", stamp)
    assert "Idempotent-Replayed" not in response


def test_tracking_url_may_be_left_out(write_client, order):
    response = write_client.post(url(order.pk), {"carrier": "DHL", "tracking_number": "JD014"}, format="json")
    assert response.status_code == 201
    assert response.json()["fulfillment"]["tracking_url"] == ""


def test_401_without_a_valid_key(api_client, order):
    response = api_client.post(url(order.pk), SHIPMENT, format="json")
    assert (response.status_code, response.json()) == (401, {"error": MISSING_KEY})
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert unchanged(order)


def test_403_for_a_read_key(key_client, order):
    response = key_client.post(url(order.pk), SHIPMENT, format="json")
    assert (response.status_code, response.json()) == (403, {"error": MISSING_SCOPE})
    assert unchanged(order)


def test_a_read_key_still_reads_the_order_there(key_client, order):
    response = key_client.get(url(order.pk))
    assert response.status_code == 200
    assert response.json() == key_client.get(f"/api/v2/orders/{order.pk}").json()


@pytest.mark.parametrize(
    ("order_id", "error"),
    [
        ("999999", "No Order matches the given query."),
        ("9" * 30, "No Order matches the given query."),
        ("abc", "Not found."),
    ],
)
def test_404_for_an_unknown_order(write_client, order_id, error):
    response = write_client.post(url(order_id), SHIPMENT, format="json")
    assert (response.status_code, response.json()) == (404, {"error": error})


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({**SHIPMENT, "carrier": ""}, "carrier: This field may not be blank."),
        ({"tracking_number": "1Z"}, "carrier: This field is required."),
        ({**SHIPMENT, "carrier": "x" * 51}, "carrier: Ensure this field has no more than 50 characters."),
        ({**SHIPMENT, "tracking_number": "1Z 999"}, f"tracking_number: {TRACKING_NUMBER_INVALID}"),
        ({"carrier": "UPS"}, "tracking_number: This field is required."),
        ({**SHIPMENT, "tracking_url": "http://track.example/1Z"}, "tracking_url: Enter an absolute https:// URL."),
        (
            {**SHIPMENT, "tracking_url": "https://track.example/" + "a" * 479},
            "tracking_url: Ensure this field has no more than 500 characters.",
        ),
        (["UPS"], "non_field_errors: Invalid data. Expected a dictionary, but got list."),
        ("UPS", "non_field_errors: Invalid data. Expected a dictionary, but got str."),
    ],
)
def test_400_names_the_field(write_client, order, body, error):
    response = write_client.post(url(order.pk), body, format="json")
    assert (response.status_code, response.json()) == (400, {"error": error})
    assert unchanged(order)


def test_400_for_a_body_that_is_not_json(write_client, order):
    response = write_client.post(url(order.pk), b'{"carrier": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"].startswith("JSON parse error")
    assert unchanged(order)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_415_for_a_body_that_is_not_sent_as_json(write_client, order, content_type):
    response = write_client.post(url(order.pk), json.dumps(SHIPMENT), content_type=content_type)
    assert response.status_code == 415
    assert response.json() == {"error": f'Unsupported media type "{content_type}" in request.'}
    assert unchanged(order)


@pytest.mark.parametrize("final", ["fulfilled", "cancelled"])
def test_409_when_the_order_is_already_fulfilled_or_cancelled(write_client, order, final):
    if final == "fulfilled":
        record_fulfilment(order=order, carrier="DHL", tracking_number="JD014")
    else:
        cancel_order(order=order)
    before = Order.objects.get(pk=order.pk)
    response = write_client.post(url(order.pk), SHIPMENT, format="json")
    assert response.status_code == 409
    assert response.json() == {"error": ORDER_IS_FINAL.format(number=order.pk, status=final)}
    assert Order.objects.get(pk=order.pk).updated_at == before.updated_at
    assert Fulfilment.objects.count() == (final == "fulfilled")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_write_methods_are_405(write_client, order, method):
    response = getattr(write_client, method)(url(order.pk), SHIPMENT, format="json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


@pytest.mark.parametrize("path", ["/api/v2/orders", "/api/v2/orders/{pk}", "/api/v1/orders/{pk}"])
def test_a_write_key_still_cannot_write_elsewhere(write_client, order, path):
    response = write_client.post(path.format(pk=order.pk), SHIPMENT, format="json")
    assert response.status_code == 405
    assert unchanged(order)
