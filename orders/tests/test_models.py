"""Order lines keep their invariants in the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError

from cookies.tests.factories import make_cookie
from orders.models import CookieOrder
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_database_refuses_a_zero_quantity(order, cookie):
    other = make_cookie()
    with pytest.raises(IntegrityError):
        CookieOrder.objects.create(order=order, cookie=other, number_of_cookies=0, unit_price=Decimal("1"))


def test_database_refuses_a_second_line_for_the_same_cookie(order, cookie):
    with pytest.raises(IntegrityError):
        CookieOrder.objects.create(order=order, cookie=cookie, number_of_cookies=1, unit_price=Decimal("1"))


def test_database_refuses_a_non_positive_unit_price(order):
    with pytest.raises(IntegrityError):
        CookieOrder.objects.create(order=order, cookie=make_cookie(), number_of_cookies=1, unit_price=Decimal("0"))


def test_an_ordered_cookie_cannot_be_deleted(order, cookie):
    with pytest.raises(ProtectedError):
        cookie.delete()


def test_line_keeps_the_price_paid_when_the_cookie_price_changes(cookie):
    order = make_order(lines={cookie: 4})
    cookie.price = Decimal("9.99")
    cookie.save()
    line = order.cookie_orders.get()
    assert line.unit_price == Decimal("2.50")
    assert line.line_total == Decimal("10.00")
