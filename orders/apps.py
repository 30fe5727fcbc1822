"""App configuration for orders, the cart and checkout."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from django.db.models.signals import post_delete

        from orders import checks  # noqa: F401  (registers the system checks)
        from orders.models import Order
        from orders.services import renumber_orders

        # Keeps the orders' positions 1..N (orders.models.Order.position) through a delete.
        post_delete.connect(renumber_orders, sender=Order, dispatch_uid="orders.renumber_orders")
