"""Cart pages: every outcome is a page or a message, never a 500."""

import pytest
from django.test import Client

from cookies.models import Cookie
from cookies.tests.factories import make_cookie
from orders.cart import CART_SESSION_KEY
from orders.forms import COOKIE_NOT_IN_CART, COOKIE_NOT_ON_SALE, QUANTITY_OUT_OF_RANGE
from orders.services import UNAVAILABLE_COOKIES
from orders.tests.pages import ADD, CART, CHECKOUT, REMOVE, UPDATE, cart_of, messages_of, saved, shows
from orders.views.cart import ADDED_TO_CART, CART_REPAIRED, COOKIES_GONE, QUANTITY_CHANGED, REMOVED_FROM_CART

pytestmark = pytest.mark.django_db


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
