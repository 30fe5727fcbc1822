"""Staff sessions read orders through the API only with the admin's "view order" permission."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from api.exceptions import FORBIDDEN

pytestmark = pytest.mark.django_db

ORDER_PATHS = ["/api/v1/orders/", "/api/v2/orders/", "/api/v1/orders", "/api/v2/orders"]


@pytest.fixture
def clerk(django_user_model):
    """A staff member without any permission: the admin refuses them the orders."""
    return django_user_model.objects.create_user(username="clerk", password="clerk-password", is_staff=True)


@pytest.fixture
def clerk_client(clerk):
    client = Client()
    client.force_login(clerk)
    return client


def grant_view_order(user, codename="view_order"):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="orders", codename=codename))


@pytest.mark.parametrize("path", ORDER_PATHS)
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_staff_without_the_view_order_permission_gets_403_json(clerk_client, order, path, accept):
    response = clerk_client.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": FORBIDDEN}


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_staff_without_the_permission_cannot_read_one_order_either(clerk_client, order, version):
    response = clerk_client.get(f"/api/{version}/orders/{order.pk}/")
    assert response.status_code == 403
    assert response.json() == {"error": FORBIDDEN}


def test_the_admin_refuses_the_same_clerk(clerk_client):
    assert clerk_client.get("/admin/orders/order/").status_code == 403


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_staff_with_the_view_order_permission_reads_orders(clerk, clerk_client, order, version):
    grant_view_order(clerk)
    response = clerk_client.get(f"/api/{version}/orders/")
    assert response.status_code == 200
    ids = [o["id"] for o in (response.json() if version == "v1" else response.json()["results"])]
    assert ids == [order.pk]
    assert clerk_client.get(f"/api/{version}/orders/{order.pk}/").json()["id"] == order.pk


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_staff_who_may_only_change_orders_read_them_as_in_the_admin(clerk, clerk_client, order, version):
    grant_view_order(clerk, "change_order")
    assert clerk_client.get("/admin/orders/order/").status_code == 200  # the admin: change includes view
    response = clerk_client.get(f"/api/{version}/orders/")
    assert response.status_code == 200
    ids = [o["id"] for o in (response.json() if version == "v1" else response.json()["results"])]
    assert ids == [order.pk]
    detail = clerk_client.get(f"/api/{version}/orders/{order.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == order.pk


def test_staff_with_the_permission_gets_the_browsable_api(clerk, clerk_client, order):
    grant_view_order(clerk)
    response = clerk_client.get("/api/v1/orders/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Order List" in response.content


def test_a_user_with_the_permission_but_not_staff_is_still_refused(clerk, clerk_client, order):
    grant_view_order(clerk)
    clerk.is_staff = False
    clerk.save()
    response = clerk_client.get("/api/v1/orders/")
    assert response.status_code == 403
    assert response.json() == {"error": FORBIDDEN}


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_public_catalogue_stays_open_to_the_clerk(clerk_client, cookie, version):
    response = clerk_client.get(f"/api/{version}/cookies/")
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()] == [cookie.slug]
    assert clerk_client.post(f"/api/{version}/cookies/").status_code == 405
