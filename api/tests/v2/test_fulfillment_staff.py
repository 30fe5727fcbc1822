"""POST /api/v2/orders/{id}/fulfillment from a staff session: the admin's permission to change orders, and CSRF."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from api.permissions import MAY_NOT_CHANGE_ORDERS
from orders.models import Fulfilment, Order

pytestmark = pytest.mark.django_db

SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def url(order_id):
    return f"/api/v2/orders/{order_id}/fulfillment"


def unchanged(order):
    now = Order.objects.get(pk=order.pk)
    return (now.status, now.updated_at) == ("placed", order.updated_at) and not Fulfilment.objects.exists()


@pytest.fixture
def clerk(django_user_model):
    """A staff user who may view orders, and change them when given the permission."""
    user = django_user_model.objects.create_user(username="clerk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_order"))
    return user


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/v2/", HTTP_ACCEPT="text/html")  # the browsable API sets the CSRF cookie
    return client


def test_staff_without_the_change_permission_get_403(clerk, order):
    client = csrf_client(clerk)
    token = client.cookies["csrftoken"].value
    response = client.post(url(order.pk), SHIPMENT, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert (response.status_code, response.json()) == (403, {"error": MAY_NOT_CHANGE_ORDERS})
    assert unchanged(order)


def test_staff_who_may_change_orders_record_a_shipment_with_csrf(clerk, order):
    clerk.user_permissions.add(Permission.objects.get(codename="change_order"))
    client = csrf_client(clerk)
    refused = client.post(url(order.pk), SHIPMENT, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"].startswith("CSRF Failed")
    assert unchanged(order)

    token = client.cookies["csrftoken"].value
    response = client.post(url(order.pk), SHIPMENT, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert response.json()["status"] == "fulfilled"


def test_the_browsable_api_shows_the_form_only_to_staff_who_may_change_orders(clerk, order):
    client = csrf_client(clerk)
    page = client.get(url(order.pk), HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert 'id="post-generic-content-form"' not in page.content.decode()

    clerk.user_permissions.add(Permission.objects.get(codename="change_order"))
    client = csrf_client(type(clerk).objects.get(pk=clerk.pk))
    html = client.get(url(order.pk), HTTP_ACCEPT="text/html").content.decode()
    assert 'id="post-generic-content-form"' in html
    assert "csrfmiddlewaretoken" in html or "csrfToken" in html
