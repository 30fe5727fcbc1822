"""What the page tests share: the storefront's URLs and how to read a response or the session."""

from django.contrib.messages import get_messages
from django.utils.html import escape

from orders.cart import CART_SESSION_KEY
from orders.models import Address, CookieOrder, Order

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
