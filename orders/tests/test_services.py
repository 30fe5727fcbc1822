"""place_order writes an order whole or not at all."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cookies.tests.factories import make_cookie
from orders import services
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


# --- the checkout token -----------------------------------------------------------------------


def test_an_order_placed_again_with_its_checkout_token_is_returned_and_nothing_is_written():
    chip, oat = make_cookie(), make_cookie()
    first = place_order(cart={chip.pk: 2}, address=make_address(name="Jane"), checkout_token="form-1")

    again = place_order(cart={oat.pk: 5}, address=make_address(name="Someone"), checkout_token="form-1")

    assert again == first
    assert again.checkout_token == "form-1"
    assert (Address.objects.count(), Order.objects.count(), CookieOrder.objects.count()) == (1, 1, 1)
    assert [(line.cookie, line.number_of_cookies) for line in again.cookie_orders.all()] == [(chip, 2)]


def test_orders_with_other_tokens_or_none_are_all_placed():
    chip = make_cookie()
    orders = [
        place_order(cart={chip.pk: 1}, address=make_address(), checkout_token=token)
        for token in ["form-1", "form-2", None, None]
    ]
    assert len({order.pk for order in orders}) == 4
    assert [order.checkout_token for order in orders] == ["form-1", "form-2", None, None]


def test_a_twin_refused_by_the_token_index_gets_the_order_that_won_and_the_callers_transaction_lives_on(
    monkeypatch,
):
    """The twin's order commits after this call looked for it: the unique index refuses this one.

    The look-up is made to miss once (as it does when the twin commits a moment later);
    the insert, the index and the savepoint are real, on SQLite and PostgreSQL alike.
    """
    chip = make_cookie()
    twin = place_order(cart={chip.pk: 1}, address=make_address(name="Twin"), checkout_token="form-1")
    real_look_up, looks = services._placed_with, []

    def look_up(token):
        looks.append(token)
        return None if len(looks) == 1 else real_look_up(token)

    monkeypatch.setattr(services, "_placed_with", look_up)

    with transaction.atomic():  # the caller's transaction, as a test's or a view's would be
        order = place_order(cart={chip.pk: 3}, address=make_address(name="Late"), checkout_token="form-1")
        assert Order.objects.count() == 1  # still usable: the savepoint alone was rolled back

    assert order == twin
    assert looks == ["form-1", "form-1"]  # missed, then found after the index refused the insert
    assert list(Address.objects.values_list("name", flat=True)) == ["Twin"]
    assert [line.number_of_cookies for line in CookieOrder.objects.all()] == [1]


def test_a_checkout_token_longer_than_its_column_is_refused_with_nothing_saved():
    with pytest.raises(ValidationError) as error:
        place_order(cart={make_cookie().pk: 1}, address=make_address(), checkout_token="x" * 65)
    assert "checkout_token" in error.value.message_dict
    assert_nothing_saved()
