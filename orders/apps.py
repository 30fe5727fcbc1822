"""App configuration for orders, the cart and checkout."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
