"""The shopping cart: cookie ids and quantities kept in the session, never in the database."""

from dataclasses import dataclass
from decimal import Decimal

from cookies.models import Cookie

CART_SESSION_KEY = "cart"
# Per cookie: enough for a party, small enough that a typo cannot order a
# million cookies, and far inside every integer column.
MAX_QUANTITY = 99
# Primary keys are 64-bit; a larger id in the session can only be tampering
# and would make PostgreSQL refuse the query.
MAX_COOKIE_ID = 2**63 - 1


def _is_cart_entry(key, value) -> bool:
    """A session cart entry as the cart writes it: `"<cookie id>": <quantity>`."""
    # Sessions are JSON, so keys are strings; isascii() keeps out digits such as "²".
    # The length check comes first: int() refuses strings of over 4300 digits.
    valid_id = (
        isinstance(key, str)
        and len(key) <= len(str(MAX_COOKIE_ID))
        and key.isascii()
        and key.isdigit()
        and 1 <= int(key) <= MAX_COOKIE_ID
    )
    # bool is an int in Python, but True is not a quantity.
    return valid_id and type(value) is int and 1 <= value <= MAX_QUANTITY


@dataclass(frozen=True)
class CartLine:
    """A cookie in the cart, priced at today's price."""

    cookie: Cookie
    quantity: int

    @property
    def line_total(self) -> Decimal:
        return self.cookie.price * self.quantity


class Cart:
    """The session's cart: `{cookie id: quantity}`, in the order cookies were added.

    Whatever the session holds is read defensively: entries that are not a
    positive id with a quantity from 1 to MAX_QUANTITY are dropped, and
    `was_repaired` says so: a view tells the customer and saves the repaired cart.
    """

    def __init__(self, session):
        self.session = session
        raw = session.get(CART_SESSION_KEY, {})
        self.items: dict[int, int] = self._clean(raw)
        self.was_repaired = not isinstance(raw, dict) or len(self.items) != len(raw)

    @staticmethod
    def _clean(raw) -> dict[int, int]:
        if not isinstance(raw, dict):
            return {}
        return {int(key): value for key, value in raw.items() if _is_cart_entry(key, value)}

    def save(self) -> None:
        """Write the cart to the session; every change does it, a repaired cart is saved on demand."""
        # A new dict each time, so the session notices the change and saves it.
        self.session[CART_SESSION_KEY] = {str(pk): qty for pk, qty in self.items.items()}

    def __len__(self) -> int:
        """How many cookies in all, for the header."""
        return sum(self.items.values())

    def __bool__(self) -> bool:
        return bool(self.items)

    def __contains__(self, cookie_id: int) -> bool:
        return cookie_id in self.items

    def quantity(self, cookie_id: int) -> int:
        return self.items.get(cookie_id, 0)

    def add(self, cookie_id: int, quantity: int) -> None:
        self.set(cookie_id, self.quantity(cookie_id) + quantity)

    def set(self, cookie_id: int, quantity: int) -> None:
        # Forms give the customer a message first; this guards the session itself.
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity must be from 1 to {MAX_QUANTITY}, not {quantity}")
        self.items[cookie_id] = quantity
        self.save()

    def remove(self, *cookie_ids: int) -> None:
        for cookie_id in cookie_ids:
            self.items.pop(cookie_id, None)
        self.save()

    def clear(self) -> None:
        self.items = {}
        self.save()

    def lines(self) -> list[CartLine]:
        """The cart's cookies that still exist, available or not, in one query."""
        cookies = Cookie.objects.in_bulk(list(self.items))
        return [CartLine(cookies[pk], qty) for pk, qty in self.items.items() if pk in cookies]
