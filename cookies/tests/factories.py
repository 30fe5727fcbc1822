"""Builders for catalogue test data."""

import itertools
from decimal import Decimal

from cookies.models import Cookie

_numbers = itertools.count(1)


def make_cookie(**fields) -> Cookie:
    n = next(_numbers)
    defaults = {"name": f"Cookie {n}", "slug": f"cookie-{n}", "price": Decimal("2.50")}
    return Cookie.objects.create(**{**defaults, **fields})
