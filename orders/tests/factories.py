"""Builders for test data; orders are made through the real service."""

import itertools
from datetime import datetime
from decimal import Decimal

from cookies.models import Cookie
from orders.models import Address, Order
from orders.services import place_order

_numbers = itertools.count(1)


def make_cookie(**fields) -> Cookie:
    n = next(_numbers)
    defaults = {"name": f"Cookie {n}", "slug": f"cookie-{n}", "price": Decimal("2.50")}
    return Cookie.objects.create(**{**defaults, **fields})


def make_address(**fields) -> Address:
    defaults = {
        "name": "Jane",
        "street": "123 Main St",
        "city": "Anytown",
        "state": "CA",
        "zip": "12345",
        "country": "US",
    }
    return Address(**{**defaults, **fields})


def make_order(*, lines: dict[Cookie, int], placed_at: datetime | None = None, **address) -> Order:
    return place_order(
        cart={cookie.pk: qty for cookie, qty in lines.items()},
        address=make_address(**address),
        placed_at=placed_at,
    )
