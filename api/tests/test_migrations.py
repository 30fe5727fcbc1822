"""A database made before orders moved (today's main) migrates: its orders are placed, its keys read keys."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework_api_key.models import APIKey as StockAPIKey

from api.models import APIKey

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orders", "0001_initial"), ("api", None)]
PLACED = datetime(2024, 1, 2, 9, 30, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # The state of the apps as of the targets (an unapplied app has none).
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def make_old_order(apps):
    cookie = apps.get_model("cookies", "Cookie").objects.create(name="Oat", slug="oat", price=Decimal("1.50"))
    address = apps.get_model("orders", "Address").objects.create(
        name="Jane", street="1 Main St", city="Anytown", zip="12345", country="US"
    )
    order = apps.get_model("orders", "Order").objects.create(address=address, date=PLACED)
    apps.get_model("orders", "CookieOrder").objects.create(
        order=order, cookie=cookie, number_of_cookies=2, unit_price=Decimal("1.50")
    )
    return order.pk


def test_existing_orders_become_placed_and_keys_become_read_keys_that_keep_working(api_client):
    old_apps = migrate(BEFORE)
    try:
        order_id = make_old_order(old_apps)
        old_key, key = StockAPIKey.objects.create_key(name="Partner", expiry_date=datetime(2099, 1, 1, tzinfo=UTC))
        revoked, revoked_key = StockAPIKey.objects.create_key(name="Gone", revoked=True)
    finally:
        new_apps = migrate(latest())

    order = new_apps.get_model("orders", "Order").objects.get(pk=order_id)
    assert (order.status, order.updated_at, order.notes) == ("placed", PLACED, "")
    moved = APIKey.objects.get_from_key(key)
    assert (moved.pk, moved.name, moved.scopes, moved.created) == (
        old_key.pk,
        "Partner",
        ["orders:read"],
        old_key.created,
    )
    assert moved.expiry_date == datetime(2099, 1, 1, tzinfo=UTC)
    assert APIKey.objects.get(pk=revoked.pk).revoked
    assert not StockAPIKey.objects.exists()
    response = api_client.get(f"/api/v2/orders/{order_id}", HTTP_X_API_KEY=key)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["updated_at"]) == ("placed", "2024-01-02T09:30:00Z")
    assert api_client.get("/api/v2/orders", HTTP_X_API_KEY=revoked_key).status_code == 401
