"""Checkout and confirmation pages: every outcome is a page or a message, never a 500."""

from decimal import Decimal

import pytest
from django.db import DatabaseError
from django.test import Client

from cookies.models import Cookie
from orders.checkout_session import PENDING_TOKEN_KEY, PLACED_ORDERS_KEY
from orders.forms import ADDRESS_FIELD_REQUIRED
from orders.models import CookieOrder, Order
from orders.services import EMPTY_CART, UNAVAILABLE_COOKIES
from orders.tests.factories import make_order
from orders.tests.pages import CART, CHECKOUT, cart_of, checkout, messages_of, saved, shows
from orders.views.checkout import (
    ALREADY_PLACED,
    CHECK_THE_FORM,
    CHECKOUT_EXPIRED,
    ORDER_FAILED,
    ORDER_PLACED,
)

pytestmark = pytest.mark.django_db


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
