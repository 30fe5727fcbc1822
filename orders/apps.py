"""App configuration for orders, the cart and checkout."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        # Registers the system checks.
        from orders import checks  # noqa: F401
