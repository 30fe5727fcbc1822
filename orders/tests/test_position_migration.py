"""Orders made before they had positions are numbered 1..N by id when the database migrates."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from orders.models import Order
from orders.selectors import count_of

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orders", "0004_order_events")]
PLACED = datetime(2024, 1, 2, 9, 30, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_orders_are_numbered_by_id_with_no_gap():
    old_apps = migrate(BEFORE)
    try:
        address, order = old_apps.get_model("orders", "Address"), old_apps.get_model("orders", "Order")
        made = [
            order.objects.create(
                address=address.objects.create(name="Jane", street="1 Main St", city="A", zip="1"),
                date=PLACED,
                updated_at=PLACED,
            )
            for _ in range(5)
        ]
        order.objects.filter(pk__in=[made[1].pk, made[3].pk]).delete()  # ids with gaps, as rollbacks leave them
    finally:
        new_apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    numbered = list(new_apps.get_model("orders", "Order").objects.order_by("id").values_list("id", "position"))
    assert numbered == [(made[0].pk, 1), (made[2].pk, 2), (made[4].pk, 3)]
    assert count_of(Order.objects.all()) == 3
