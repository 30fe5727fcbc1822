"""Fixtures of the v1 order tests."""

from datetime import UTC, datetime, timedelta

import pytest

from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

T0 = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)


@pytest.fixture
def orders_by_day():
    """Five orders a day apart, from T0; the first has chocolate chip."""
    chip = make_cookie(name="Chocolate Chip", slug="chocolate-chip")
    oat = make_cookie(name="Oatmeal", slug="oatmeal")
    first = make_order(lines={chip: 15, oat: 2}, placed_at=T0)
    rest = [make_order(lines={oat: 1}, placed_at=T0 + timedelta(days=n)) for n in range(1, 5)]
    return [first, *rest]
