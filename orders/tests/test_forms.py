"""Storefront forms accept what a customer may order and explain everything else."""

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from cookies.tests.factories import make_cookie
from orders.cart import MAX_QUANTITY, Cart
from orders.forms import (
    ADDRESS_FIELD_REQUIRED,
    COOKIE_NOT_IN_CART,
    COOKIE_NOT_ON_SALE,
    QUANTITY_NOT_A_NUMBER,
    QUANTITY_OUT_OF_RANGE,
    TOO_MANY_IN_CART,
    AddToCartForm,
    CartCookieForm,
    CartQuantityForm,
    CheckoutForm,
)
from orders.models import Address

pytestmark = pytest.mark.django_db

BAD_QUANTITIES = [
    ("", QUANTITY_NOT_A_NUMBER),
    ("two", QUANTITY_NOT_A_NUMBER),
    ("1.5", QUANTITY_NOT_A_NUMBER),
    ("1e3", QUANTITY_NOT_A_NUMBER),
    ("9" * 5000, QUANTITY_NOT_A_NUMBER),
    ("0", QUANTITY_OUT_OF_RANGE),
    ("-3", QUANTITY_OUT_OF_RANGE),
    (str(MAX_QUANTITY + 1), QUANTITY_OUT_OF_RANGE),
    ("99999999999999999999999", QUANTITY_OUT_OF_RANGE),
]


@pytest.fixture
def cart():
    return Cart(SessionStore())


def test_add_to_cart_accepts_a_cookie_on_sale_and_a_quantity(cart, chip):
    form = AddToCartForm({"cookie": str(chip.pk), "quantity": "3"}, cart=cart)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"cookie": chip, "quantity": 3}


@pytest.mark.parametrize(("quantity", "message"), BAD_QUANTITIES)
def test_add_to_cart_refuses_a_bad_quantity_with_a_clear_message(cart, chip, quantity, message):
    form = AddToCartForm({"cookie": str(chip.pk), "quantity": quantity}, cart=cart)
    assert not form.is_valid()
    assert form.errors == {"quantity": [message]}


@pytest.mark.parametrize("cookie", ["", "abc", "999999", "9" * 30, "-1", "withdrawn"])
def test_add_to_cart_refuses_a_cookie_that_is_not_on_sale(cart, cookie):
    withdrawn = make_cookie(is_available=False)
    cookie = str(withdrawn.pk) if cookie == "withdrawn" else cookie
    form = AddToCartForm({"cookie": cookie, "quantity": "1"}, cart=cart)
    assert not form.is_valid()
    assert form.errors == {"cookie": [COOKIE_NOT_ON_SALE]}


def test_add_to_cart_refuses_to_go_past_the_maximum_of_one_cookie(cart, chip):
    cart.add(chip.pk, MAX_QUANTITY - 1)
    assert AddToCartForm({"cookie": chip.pk, "quantity": "1"}, cart=cart).is_valid()
    form = AddToCartForm({"cookie": chip.pk, "quantity": "2"}, cart=cart)
    assert not form.is_valid()
    assert form.errors == {
        "__all__": [TOO_MANY_IN_CART.format(max=MAX_QUANTITY, current=MAX_QUANTITY - 1, name="Chocolate Chip")]
    }


def test_cart_quantity_accepts_a_cookie_in_the_cart_even_if_withdrawn_since(cart, chip):
    cart.add(chip.pk, 1)
    chip.is_available = False
    chip.save()
    form = CartQuantityForm({"cookie": str(chip.pk), "quantity": "4"}, cart=cart)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"cookie": chip, "quantity": 4}


@pytest.mark.parametrize(("quantity", "message"), BAD_QUANTITIES)
def test_cart_quantity_refuses_a_bad_quantity(cart, chip, quantity, message):
    cart.add(chip.pk, 1)
    form = CartQuantityForm({"cookie": str(chip.pk), "quantity": quantity}, cart=cart)
    assert not form.is_valid()
    assert form.errors == {"quantity": [message]}


@pytest.mark.parametrize("form_class", [CartQuantityForm, CartCookieForm])
@pytest.mark.parametrize("cookie", ["", "abc", "999999", "9" * 30, "not-in-cart"])
def test_cart_buttons_refuse_a_cookie_that_is_not_in_the_cart(cart, chip, oat, form_class, cookie):
    cart.add(chip.pk, 1)
    cookie = str(oat.pk) if cookie == "not-in-cart" else cookie
    form = form_class({"cookie": cookie, "quantity": "1"}, cart=cart)
    assert not form.is_valid()
    assert form.errors == {"cookie": [COOKIE_NOT_IN_CART]}


def test_checkout_accepts_a_full_address_and_builds_an_unsaved_one(address_data):
    form = CheckoutForm(address_data)
    assert form.is_valid(), form.errors
    address = form.save(commit=False)
    assert address.pk is None
    assert (address.name, address.city, address.zip) == ("Jane Doe", "Anytown", "12345")
    assert Address.objects.count() == 0


def test_checkout_accepts_a_blank_state(address_data):
    form = CheckoutForm({**address_data, "state": ""})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("name", "Full name"),
        ("street", "Street and number"),
        ("city", "City"),
        ("zip", "ZIP / postal code"),
        ("country", "Country"),
    ],
)
@pytest.mark.parametrize("value", ["", "   ", None])
def test_checkout_requires_every_address_field_but_state(address_data, field, label, value):
    data = (
        {**address_data, field: value} if value is not None else {k: v for k, v in address_data.items() if k != field}
    )
    form = CheckoutForm(data)
    assert not form.is_valid()
    assert form.errors == {field: [ADDRESS_FIELD_REQUIRED.format(label=label)]}


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("street", 200), ("city", 100), ("zip", 20)])
def test_checkout_refuses_a_value_longer_than_its_column(address_data, field, limit):
    form = CheckoutForm({**address_data, field: "x" * (limit + 1)})
    assert not form.is_valid()
    assert form.errors == {field: [f"Ensure this value has at most {limit} characters (it has {limit + 1})."]}


def test_checkout_fields_tell_browsers_how_to_autofill_them():
    form = CheckoutForm()
    assert {name: field.widget.attrs["autocomplete"] for name, field in form.fields.items()} == {
        "name": "name",
        "street": "street-address",
        "city": "address-level2",
        "state": "address-level1",
        "zip": "postal-code",
        "country": "country-name",
    }
