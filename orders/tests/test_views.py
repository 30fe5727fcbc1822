"""Cart, checkout and confirmation pages: every outcome is a page or a message, never a 500."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import DatabaseError
from django.test import Client
from django.utils.html import escape

from cookies.models import Cookie
from orders.cart import CART_SESSION_KEY
from orders.checkout import PENDING_TOKEN_KEY, PLACED_ORDERS_KEY, CheckoutSession
from orders.forms import ADDRESS_FIELD_REQUIRED, COOKIE_NOT_IN_CART, COOKIE_NOT_ON_SALE, QUANTITY_OUT_OF_RANGE
from orders.models import Address, CookieOrder, Order
from orders.services import EMPTY_CART, UNAVAILABLE_COOKIES
from orders.tests.factories import make_cookie, make_order
from orders.views.cart import ADDED_TO_CART, CART_REPAIRED, COOKIES_GONE, QUANTITY_CHANGED, REMOVED_FROM_CART
from orders.views.checkout import (
    ALREADY_PLACED,
    CHECK_THE_FORM,
    CHECKOUT_EXPIRED,
    ORDER_FAILED,
    ORDER_IN_PROGRESS,
    ORDER_PLACED,
)

pytestmark = pytest.mark.django_db

CART, ADD, UPDATE, REMOVE = "/cart/", "/cart/add/", "/cart/update/", "/cart/remove/"
CHECKOUT = "/checkout/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def shows(response, text: str) -> bool:
    return escape(text) in response.content.decode()


def saved() -> tuple[int, int, int]:
    return Address.objects.count(), Order.objects.count(), CookieOrder.objects.count()


def cart_of(client) -> dict:
    return client.session.get(CART_SESSION_KEY, {})


def checkout(client, address_data, **overrides):
    """Open the checkout page, then send its form the way a browser would (with its token)."""
    token = client.get(CHECKOUT).context["token"]
    return client.post(CHECKOUT, {**address_data, "token": token, **overrides})


# --- the cart ---------------------------------------------------------------------------------


def test_adding_a_cookie_puts_it_in_the_cart_and_says_so(client, chip):
    response = client.post(ADD, {"cookie": chip.pk, "quantity": "2"}, follow=True)

    assert response.redirect_chain == [(CART, 302)]
    assert messages_of(response) == [ADDED_TO_CART.format(quantity=2, name="Chocolate Chip")]
    assert cart_of(client) == {str(chip.pk): 2}
    assert shows(response, "Chocolate Chip")
    assert 'data-testid="cart-total">$5.00<' in response.content.decode()
    assert saved() == (0, 0, 0)


def test_adding_the_same_cookie_again_adds_up_and_the_header_counts_every_cookie(client, chip, oat, fill_cart):
    fill_cart({chip: 2, oat: 1})
    fill_cart({chip: 3})
    assert cart_of(client) == {str(chip.pk): 5, str(oat.pk): 1}
    response = client.get("/")
    assert '<span class="badge">6</span>' in response.content.decode()


@pytest.mark.parametrize("quantity", ["0", "-1", "100", "1" * 40])
def test_adding_a_bad_quantity_goes_back_to_the_cookie_page_with_a_message(client, chip, quantity):
    response = client.post(ADD, {"cookie": chip.pk, "quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/cookies/chocolate-chip/", 302)]
    assert messages_of(response) == [QUANTITY_OUT_OF_RANGE]
    assert shows(response, QUANTITY_OUT_OF_RANGE)
    assert cart_of(client) == {}


@pytest.mark.parametrize("cookie", ["abc", "", "999999", "9" * 30, "withdrawn"])
def test_adding_an_unknown_or_withdrawn_cookie_goes_home_with_a_message(client, cookie):
    withdrawn = make_cookie(is_available=False)
    cookie = withdrawn.pk if cookie == "withdrawn" else cookie
    response = client.post(ADD, {"cookie": cookie, "quantity": "1"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/", 302)]
    assert messages_of(response) == [COOKIE_NOT_ON_SALE]
    assert cart_of(client) == {}


@pytest.mark.parametrize("url", [ADD, UPDATE, REMOVE])
def test_cart_buttons_answer_a_get_with_405(client, url):
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("url", [ADD, CHECKOUT])
def test_csrf_protection_is_on(chip, address_data, url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"cookie": chip.pk, "quantity": "1", **address_data})
    assert response.status_code == 403
    assert saved() == (0, 0, 0)


def test_changing_a_quantity_replaces_it(client, chip, oat, fill_cart):
    fill_cart({chip: 2, oat: 1})
    response = client.post(UPDATE, {"cookie": oat.pk, "quantity": "3"}, follow=True)

    assert response.redirect_chain == [(CART, 302)]
    assert messages_of(response) == [QUANTITY_CHANGED.format(quantity=3, name="Oatmeal Raisin")]
    assert cart_of(client) == {str(chip.pk): 2, str(oat.pk): 3}
    assert 'data-testid="cart-total">$11.75<' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"quantity": "0"}, QUANTITY_OUT_OF_RANGE), ({"quantity": "1", "cookie": "abc"}, COOKIE_NOT_IN_CART)],
)
def test_changing_a_quantity_badly_leaves_the_cart_as_it_was(client, chip, fill_cart, data, message):
    fill_cart({chip: 2})
    response = client.post(UPDATE, {"cookie": chip.pk, **data}, follow=True)
    assert response.redirect_chain == [(CART, 302)]
    assert messages_of(response) == [message]
    assert cart_of(client) == {str(chip.pk): 2}


def test_removing_a_cookie_takes_it_out(client, chip, oat, fill_cart):
    fill_cart({chip: 2, oat: 1})
    response = client.post(REMOVE, {"cookie": chip.pk}, follow=True)
    assert messages_of(response) == [REMOVED_FROM_CART.format(name="Chocolate Chip")]
    assert cart_of(client) == {str(oat.pk): 1}


def test_removing_a_cookie_that_is_not_in_the_cart_says_so(client, chip, oat, fill_cart):
    fill_cart({chip: 2})
    response = client.post(REMOVE, {"cookie": oat.pk}, follow=True)
    assert messages_of(response) == [COOKIE_NOT_IN_CART]
    assert cart_of(client) == {str(chip.pk): 2}


def test_an_empty_cart_says_so(client):
    response = client.get(CART)
    assert response.status_code == 200
    assert shows(response, "Your cart is empty.")


def test_the_cart_reports_a_cookie_withdrawn_since_it_was_added(client, chip, oat, fill_cart):
    fill_cart({chip: 2, oat: 1})
    Cookie.objects.filter(pk=chip.pk).update(is_available=False)

    response = client.get(CART)

    assert response.status_code == 200
    assert messages_of(response) == [UNAVAILABLE_COOKIES.format(names="Chocolate Chip")]
    assert shows(response, "no longer available")
    assert f'<input type="hidden" name="cookie" value="{chip.pk}">' in response.content.decode()


def test_the_cart_drops_a_cookie_deleted_since_it_was_added(client, chip, oat, fill_cart):
    fill_cart({chip: 2, oat: 1})
    chip.delete()
    response = client.get(CART)
    assert messages_of(response) == [COOKIES_GONE]
    assert cart_of(client) == {str(oat.pk): 1}


@pytest.mark.parametrize("url", ["/", CART, CHECKOUT])
def test_tampered_cart_data_is_repaired_with_a_message_not_a_500(client, chip, url):
    session = client.session
    session[CART_SESSION_KEY] = {"abc": 1, str(chip.pk): "lots", "7": -1}
    session.save()

    response = client.get(url, follow=True)

    assert response.status_code == 200
    if url != "/":  # the catalogue only counts what it can read
        assert CART_REPAIRED in messages_of(response)
        assert cart_of(client) == {}


# --- checkout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_checkout_with_an_empty_cart_goes_back_to_the_cart_with_a_message(client, address_data, method):
    response = getattr(client, method)(CHECKOUT, address_data, follow=True)
    assert response.redirect_chain == [(CART, 302)]
    assert messages_of(response) == [EMPTY_CART]
    assert saved() == (0, 0, 0)


def test_checkout_page_shows_the_cart_and_the_address_form(client, chip, fill_cart):
    fill_cart({chip: 2})
    response = client.get(CHECKOUT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chocolate Chip" in html
    assert "$5.00" in html
    assert f'<input type="hidden" name="token" value="{response.context["token"]}">' in html
    for field in ["name", "street", "city", "state", "zip", "country"]:
        assert f'name="{field}"' in html
    assert client.session[PENDING_TOKEN_KEY] == response.context["token"]


def test_checkout_places_the_order_at_todays_prices_and_shows_the_confirmation(
    client, chip, oat, fill_cart, address_data
):
    fill_cart({chip: 2, oat: 3})
    Cookie.objects.filter(pk=chip.pk).update(price=Decimal("2.80"))  # a price change before checkout

    response = checkout(client, address_data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert messages_of(response) == [ORDER_PLACED.format(number=order.pk)]
    assert saved() == (1, 1, 2)
    address = order.address
    assert [address.name, address.street, address.city, address.state, address.zip, address.country] == [
        "Jane Doe",
        "123 Main St",
        "Anytown",
        "CA",
        "12345",
        "US",
    ]
    assert [(line.cookie, line.number_of_cookies, line.unit_price) for line in order.cookie_orders.all()] == [
        (chip, 2, Decimal("2.80")),
        (oat, 3, Decimal("2.25")),
    ]
    assert cart_of(client) == {}

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="order-number">{order.pk}<' in html
    assert 'data-testid="order-total">$12.35<' in html
    for text in ["Chocolate Chip", "Oatmeal Raisin", "Jane Doe", "123 Main St", "Anytown", "12345"]:
        assert text in html


def test_checkout_accepts_a_blank_state(client, chip, fill_cart, address_data):
    fill_cart({chip: 1})
    response = checkout(client, address_data, state="")
    assert response.status_code == 302
    assert Order.objects.get().address.state == ""


@pytest.mark.parametrize(
    ("field", "label"),
    [("name", "Full name"), ("street", "Street and number"), ("city", "City"), ("zip", "ZIP / postal code")]
    + [("country", "Country")],
)
def test_checkout_with_a_missing_field_shows_the_error_and_orders_nothing(
    client, chip, fill_cart, address_data, field, label
):
    fill_cart({chip: 2})
    response = checkout(client, address_data, **{field: "  "})

    assert response.status_code == 200
    assert messages_of(response) == [CHECK_THE_FORM]
    assert response.context["form"].errors == {field: [ADDRESS_FIELD_REQUIRED.format(label=label)]}
    assert shows(response, ADDRESS_FIELD_REQUIRED.format(label=label))
    assert 'value="CA"' in response.content.decode()  # what was typed stays
    assert saved() == (0, 0, 0)
    assert cart_of(client) == {str(chip.pk): 2}


def test_checkout_of_a_cookie_withdrawn_meanwhile_reports_it_and_orders_nothing(
    client, chip, oat, fill_cart, address_data
):
    fill_cart({chip: 2, oat: 1})
    token = client.get(CHECKOUT).context["token"]
    Cookie.objects.filter(pk=chip.pk).update(is_available=False)

    response = client.post(CHECKOUT, {**address_data, "token": token})

    assert response.status_code == 200
    assert messages_of(response) == [UNAVAILABLE_COOKIES.format(names="Chocolate Chip")]
    assert shows(response, "no longer available")
    assert saved() == (0, 0, 0)
    assert cart_of(client) == {str(chip.pk): 2, str(oat.pk): 1}


def test_sending_the_checkout_form_twice_places_one_order_and_shows_it_again(client, chip, fill_cart, address_data):
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]

    first = client.post(CHECKOUT, {**address_data, "token": token})
    second = client.post(CHECKOUT, {**address_data, "token": token})

    order = Order.objects.get()
    assert first["Location"] == second["Location"] == f"/orders/{order.pk}/"
    # The browser never showed the first answer, so both messages are still due.
    assert messages_of(second) == [ORDER_PLACED.format(number=order.pk), ALREADY_PLACED]
    assert saved() == (1, 1, 1)
    assert client.get(second["Location"]).status_code == 200


def test_a_twin_request_waits_for_the_order_its_twin_is_placing(client, chip, fill_cart, address_data, monkeypatch):
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]
    twin_order = make_order(lines={chip: 2})
    assert CheckoutSession(client.session).claim(token)  # the twin got there first
    # While this request waits, the twin finishes and records its order.
    twin = CheckoutSession(SessionStore())
    monkeypatch.setattr(CheckoutSession, "sleep", staticmethod(lambda seconds: twin.settle(token, twin_order.pk)))

    response = client.post(CHECKOUT, {**address_data, "token": token})

    assert response["Location"] == f"/orders/{twin_order.pk}/"
    assert Order.objects.count() == 1
    assert cart_of(client) == {}
    assert client.get(response["Location"]).status_code == 200


def test_a_twin_request_gives_up_with_a_message_when_its_twin_is_too_slow(
    client, chip, fill_cart, address_data, monkeypatch
):
    fill_cart({chip: 2})
    token = client.get(CHECKOUT).context["token"]
    assert CheckoutSession(client.session).claim(token)
    now = iter(range(0, 1000, 5))  # five seconds pass per look at the clock
    monkeypatch.setattr(CheckoutSession, "clock", staticmethod(lambda: next(now)))
    monkeypatch.setattr(CheckoutSession, "sleep", staticmethod(lambda seconds: None))

    response = client.post(CHECKOUT, {**address_data, "token": token})

    assert response.status_code == 200
    assert messages_of(response) == [ORDER_IN_PROGRESS]
    assert saved() == (0, 0, 0)


@pytest.mark.parametrize("token", ["", "forged", None])
def test_a_checkout_form_without_its_token_is_refused_and_offered_again(client, chip, fill_cart, address_data, token):
    fill_cart({chip: 1})
    pending = client.get(CHECKOUT).context["token"]
    data = {**address_data, "token": token} if token is not None else address_data

    response = client.post(CHECKOUT, data)

    assert response.status_code == 200
    assert messages_of(response) == [CHECKOUT_EXPIRED]
    assert response.context["token"] == pending
    assert saved() == (0, 0, 0)
    assert client.post(CHECKOUT, {**address_data, "token": pending}).status_code == 302
    assert saved() == (1, 1, 1)


def test_a_failure_inside_the_transaction_leaves_nothing_behind_and_can_be_retried(
    client, chip, oat, fill_cart, address_data, monkeypatch
):
    fill_cart({chip: 2, oat: 1})
    token = client.get(CHECKOUT).context["token"]

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    # The address and the order are already written when the lines fail.
    with monkeypatch.context() as patch:
        patch.setattr(CookieOrder.objects, "bulk_create", fail)
        response = client.post(CHECKOUT, {**address_data, "token": token})

    assert response.status_code == 200
    assert messages_of(response) == [ORDER_FAILED]
    assert saved() == (0, 0, 0)
    assert cart_of(client) == {str(chip.pk): 2, str(oat.pk): 1}
    retry = client.post(CHECKOUT, {**address_data, "token": token})
    assert retry.status_code == 302
    assert saved() == (1, 1, 2)


# --- the confirmation -------------------------------------------------------------------------


def test_the_confirmation_is_only_shown_to_the_session_that_placed_the_order(client, chip, fill_cart, address_data):
    someone_elses = make_order(lines={chip: 1}, name="Somebody Else", street="9 Secret Lane")
    fill_cart({chip: 1})
    mine = checkout(client, address_data)["Location"]

    assert client.get(mine).status_code == 200
    guessed = client.get(f"/orders/{someone_elses.pk}/")
    assert guessed.status_code == 404
    assert "Secret Lane" not in guessed.content.decode()
    stranger = Client().get(mine)
    assert stranger.status_code == 404
    assert "Jane Doe" not in stranger.content.decode()


@pytest.mark.parametrize("placed", ["garbage", ["1"], {"token": "1"}, {"token": None}])
def test_tampered_placed_orders_give_a_404_not_a_500(client, order, placed):
    session = client.session
    session[PLACED_ORDERS_KEY] = placed
    session.save()
    assert client.get(f"/orders/{order.pk}/").status_code == 404


def test_unknown_order_number_is_a_404(client):
    assert client.get("/orders/999999999999999999999/").status_code == 404
