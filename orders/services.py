"""Writes of orders: placing an order is the only way one is created."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cookies.models import Cookie

from .events import record_event
from .locks import take_the_next_order_number
from .models import Address, CookieOrder, EventType, Order

EMPTY_CART = "Your cart is empty: add a cookie before checking out."
UNAVAILABLE_COOKIES = "No longer available: {names}. Remove them from your cart to continue."
INVALID_QUANTITY = "Quantities must be whole numbers of at least 1."


class OrderError(Exception):
    """The order cannot be placed; the message says why, for the customer."""


@transaction.atomic
def place_order(*, cart: Mapping[int, int], address: Address, placed_at: datetime | None = None) -> Order:
    """Create the address, the order and its lines at today's prices, all or nothing.

    `cart` maps cookie ids to quantities; `address` is an unsaved Address.
    """
    if not cart:
        raise OrderError(EMPTY_CART)
    if any(not isinstance(qty, int) or qty < 1 for qty in cart.values()):
        raise OrderError(INVALID_QUANTITY)
    # Lock the cookies so that a price or availability change cannot slip in
    # between reading the price and writing the line.
    cookies = Cookie.objects.select_for_update().in_bulk(list(cart))
    unavailable = [cookies[pk].name for pk in cart if pk in cookies and not cookies[pk].is_available]
    missing = [f"cookie #{pk}" for pk in cart if pk not in cookies]
    if unavailable or missing:
        raise OrderError(UNAVAILABLE_COOKIES.format(names=", ".join(unavailable + missing)))

    address.full_clean()
    address.save()
    take_the_next_order_number()
    order = Order(address=address, date=placed_at or timezone.now())
    order.full_clean(exclude=["address"])
    order.save()
    lines = [
        CookieOrder(order=order, cookie=cookies[pk], number_of_cookies=qty, unit_price=cookies[pk].price)
        for pk, qty in cart.items()
    ]
    for line in lines:
        # Relations and constraints are left to the database: validating them
        # here costs queries per line, and a cart cannot hold a cookie twice.
        line.full_clean(exclude=["order", "cookie"], validate_constraints=False)
    CookieOrder.objects.bulk_create(lines)
    record_event(order=order, type=EventType.CREATED)
    return order
