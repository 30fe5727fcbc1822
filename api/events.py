"""Fills orders' event payload port with the v2 order, so every event carries the order as partners read it."""

from orders import events
from orders.models import Order
from orders.selectors import orders_for_partners


def v2_order(order: Order) -> dict:
    """The v2 representation of `order` as of now (read again: the change may have touched its lines)."""
    from api.v2.serializers import OrderSerializer

    fresh = orders_for_partners(with_totals=True).get(pk=order.pk)
    return OrderSerializer(fresh).data


def register() -> None:
    events.set_order_payload(v2_order)
