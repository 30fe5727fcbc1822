"""Storefront fixtures: demo cookies, a cart filled through the real view, a valid address."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.tests.factories import make_cookie


@pytest.fixture
def chip(db):
    return make_cookie(name="Chocolate Chip", slug="chocolate-chip", price=Decimal("2.50"))


@pytest.fixture
def oat(db):
    return make_cookie(name="Oatmeal Raisin", slug="oatmeal-raisin", price=Decimal("2.25"))


@pytest.fixture
def fill_cart(client):
    """Put `{cookie: quantity}` in the test client's cart through the add-to-cart view."""

    def fill(lines):
        for cookie, quantity in lines.items():
            # Followed, as a browser would, so its message is shown and not left for the next page.
            response = client.post(
                reverse("orders:cart-add"), {"cookie": cookie.pk, "quantity": quantity}, follow=True
            )
            assert response.redirect_chain == [(reverse("orders:cart"), 302)]

    return fill


@pytest.fixture
def address_data():
    """A complete checkout form, as a customer would type it."""
    return {
        "name": "Jane Doe",
        "street": "123 Main St",
        "city": "Anytown",
        "state": "CA",
        "zip": "12345",
        "country": "US",
    }
