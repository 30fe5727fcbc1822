"""The session cart keeps ids and quantities, survives tampering and never writes to the database."""

from decimal import Decimal

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from cookies.tests.factories import make_cookie
from orders.cart import CART_SESSION_KEY, MAX_QUANTITY, Cart, CartLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    # A session backend without a table: what the cart writes is all there is.
    return SessionStore()


def test_a_new_cart_is_empty_and_leaves_the_session_untouched(session):
    cart = Cart(session)
    assert (bool(cart), len(cart), cart.items, cart.was_repaired) == (False, 0, {}, False)
    assert CART_SESSION_KEY not in session
    assert not session.modified


def test_adding_a_cookie_twice_adds_up_its_quantity(session):
    cart = Cart(session)
    cart.add(7, 2)
    cart.add(7, 3)
    assert cart.items == {7: 5}
    assert len(cart) == 5


def test_the_cart_is_stored_in_the_session_with_string_keys_in_the_order_added(session):
    cart = Cart(session)
    cart.add(9, 1)
    cart.add(3, 2)
    assert session[CART_SESSION_KEY] == {"9": 1, "3": 2}
    assert list(session[CART_SESSION_KEY]) == ["9", "3"]
    assert session.modified


def test_a_new_cart_on_the_same_session_sees_the_same_items(session):
    Cart(session).add(4, 6)
    assert Cart(session).items == {4: 6}


def test_setting_a_quantity_replaces_it(session):
    cart = Cart(session)
    cart.add(4, 6)
    cart.set(4, 2)
    assert Cart(session).items == {4: 2}


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY + 1])
def test_a_quantity_outside_1_to_max_is_refused_and_the_cart_is_unchanged(session, quantity):
    cart = Cart(session)
    cart.add(4, 1)
    with pytest.raises(ValueError, match="quantity must be from 1"):
        cart.set(4, quantity)
    assert Cart(session).items == {4: 1}


def test_adding_past_the_maximum_is_refused(session):
    cart = Cart(session)
    cart.add(4, MAX_QUANTITY)
    with pytest.raises(ValueError, match="quantity must be from 1"):
        cart.add(4, 1)
    assert Cart(session).items == {4: MAX_QUANTITY}


def test_remove_takes_out_only_the_named_cookies_and_ignores_unknown_ones(session):
    cart = Cart(session)
    cart.add(1, 1)
    cart.add(2, 2)
    cart.add(3, 3)
    cart.remove(1, 3, 99)
    assert Cart(session).items == {2: 2}


def test_clear_empties_the_cart(session):
    cart = Cart(session)
    cart.add(1, 1)
    cart.clear()
    assert Cart(session).items == {}
    assert session[CART_SESSION_KEY] == {}


def test_changing_the_cart_runs_no_database_query(session, django_assert_num_queries):
    with django_assert_num_queries(0):
        cart = Cart(session)
        cart.add(1, 2)
        cart.set(1, 3)
        cart.remove(1)
        cart.add(2, 1)
        cart.clear()


@pytest.mark.parametrize(
    "raw",
    [
        "garbage",
        ["1", 2],
        None,
        {"abc": 1},
        {"0": 1},
        {"-1": 1},
        {"²": 1},
        {str(2**64): 1},
        {"9" * 5000: 1},
        {"1": "2"},
        {"1": 0},
        {"1": MAX_QUANTITY + 1},
        {"1": True},
        {"1": 1.5},
        {"1": None},
    ],
)
def test_tampered_session_data_is_dropped_and_reported(session, raw):
    session[CART_SESSION_KEY] = raw
    cart = Cart(session)
    assert (cart.items, cart.was_repaired) == ({}, True)
    cart.save()
    assert session[CART_SESSION_KEY] == {}


def test_tampering_drops_only_the_bad_entries(session):
    session[CART_SESSION_KEY] = {"1": 2, "x": 3, "5": -4, "6": 1}
    cart = Cart(session)
    assert (cart.items, cart.was_repaired) == ({1: 2, 6: 1}, True)
    assert session[CART_SESSION_KEY] == {"1": 2, "x": 3, "5": -4, "6": 1}, "reading changes nothing"
    cart.save()
    assert session[CART_SESSION_KEY] == {"1": 2, "6": 1}


def test_lines_are_the_existing_cookies_at_todays_price_in_one_query(session, django_assert_num_queries):
    chip = make_cookie(price=Decimal("2.50"))
    gone = make_cookie(is_available=False)
    cart = Cart(session)
    cart.add(chip.pk, 3)
    cart.add(gone.pk, 1)
    cart.add(gone.pk + 1000, 1)  # deleted since: not a line

    with django_assert_num_queries(1):
        lines = cart.lines()

    assert lines == [CartLine(chip, 3), CartLine(gone, 1)]
    assert lines[0].line_total == Decimal("7.50")


def test_an_empty_cart_has_no_lines_and_runs_no_query(session, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Cart(session).lines() == []
