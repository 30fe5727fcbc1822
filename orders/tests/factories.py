"""Builders for test data; orders are made through the real service."""

from datetime import datetime

from cookies.models import Cookie
from orders.models import Address, Order
from orders.services import place_order

# The address of every test order unless a test says otherwise; tests compare bodies with it.
ADDRESS = {"name": "Jane", "street": "123 Main St", "city": "Anytown", "state": "CA", "zip": "12345", "country": "US"}


def make_address(**fields) -> Address:
    return Address(**{**ADDRESS, **fields})


def make_order(*, lines: dict[Cookie, int], placed_at: datetime | None = None, **address) -> Order:
    return place_order(
        cart={cookie.pk: qty for cookie, qty in lines.items()},
        address=make_address(**address),
        placed_at=placed_at,
    )
