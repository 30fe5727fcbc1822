"""place_order writes an order whole or not at all."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from cookies.tests.factories import make_cookie
from orders.models import Address, CookieOrder, Order
from orders.services import EMPTY_CART, INVALID_QUANTITY, UNAVAILABLE_COOKIES, OrderError, place_order
from orders.tests.factories import make_address

pytestmark = pytest.mark.django_db


def assert_nothing_saved():
    assert (Address.objects.count(), Order.objects.count(), CookieOrder.objects.count()) == (0, 0, 0)


def test_place_order_saves_address_order_and_lines_at_current_prices():
    chip = make_cookie(price=Decimal("2.50"))
    oat = make_cookie(price=Decimal("1.75"))
    placed_at = datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)

    order = place_order(cart={chip.pk: 2, oat.pk: 3}, address=make_address(), placed_at=placed_at)

    assert order.date == placed_at
    assert order.address.city == "Anytown"
    lines = [(line.cookie, line.number_of_cookies, line.unit_price) for line in order.cookie_orders.all()]
    assert lines == [(chip, 2, Decimal("2.50")), (oat, 3, Decimal("1.75"))]


def test_empty_cart_is_refused():
    with pytest.raises(OrderError, match=EMPTY_CART):
        place_order(cart={}, address=make_address())
    assert_nothing_saved()


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2"])
def test_bad_quantity_is_refused(quantity):
    cookie = make_cookie()
    with pytest.raises(OrderError, match=INVALID_QUANTITY):
        place_order(cart={cookie.pk: quantity}, address=make_address())
    assert_nothing_saved()


def test_unavailable_cookie_is_reported_not_ordered():
    gone = make_cookie(name="Old Favourite", is_available=False)
    with pytest.raises(OrderError) as excinfo:
        place_order(cart={make_cookie().pk: 1, gone.pk: 1}, address=make_address())
    assert str(excinfo.value) == UNAVAILABLE_COOKIES.format(names="Old Favourite")
    assert_nothing_saved()


def test_invalid_address_saves_nothing():
    with pytest.raises(Exception, match="city"):
        place_order(cart={make_cookie().pk: 1}, address=make_address(city=""))
    assert_nothing_saved()


def test_failure_while_writing_lines_leaves_nothing_behind(monkeypatch):
    cookie = make_cookie()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CookieOrder.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        place_order(cart={cookie.pk: 1}, address=make_address())
    assert_nothing_saved()
