"""Writes of orders: placing an order is the only way one is created."""

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cookies.models import Cookie

from .models import Address, CookieOrder, Order

EMPTY_CART = "Your cart is empty: add a cookie before checking out."
UNAVAILABLE_COOKIES = "No longer available: {names}. Remove them from your cart to continue."
INVALID_QUANTITY = "Quantities must be whole numbers of at least 1."


class OrderError(Exception):
    """The order cannot be placed; the message says why, for the customer."""


def place_order(
    *,
    cart: Mapping[int, int],
    address: Address,
    placed_at: datetime | None = None,
    checkout_token: str | None = None,
) -> Order:
    """Create the address, the order and its lines at today's prices, all or nothing.

    `cart` maps cookie ids to quantities; `address` is an unsaved Address. An order
    already placed with `checkout_token` is returned as it is, and nothing is written:
    a form sent twice, one copy after the other or both at once, places one order.
    """
    if checkout_token is not None and (placed := _placed_with(checkout_token)):
        return placed
    try:
        return _create_order(cart=cart, address=address, placed_at=placed_at, checkout_token=checkout_token)
    except IntegrityError:
        # A twin sent at the same moment committed first, and the token's unique index
        # refused this one; the atomic block (a savepoint inside a caller's transaction)
        # has rolled this attempt back, so reading the twin's order is safe.
        placed = _placed_with(checkout_token) if checkout_token is not None else None
        if placed is None:
            raise
        return placed


def _placed_with(checkout_token: str) -> Order | None:
    return Order.objects.filter(checkout_token=checkout_token).first()


@transaction.atomic
def _create_order(
    *, cart: Mapping[int, int], address: Address, placed_at: datetime | None, checkout_token: str | None
) -> Order:
    if not cart:
        raise OrderError(EMPTY_CART)
    if any(not isinstance(qty, int) or qty < 1 for qty in cart.values()):
        raise OrderError(INVALID_QUANTITY)
    # Lock the cookies so that a price or availability change cannot slip in
    # between reading the price and writing the line.
    cookies = Cookie.objects.select_for_update().in_bulk(list(cart))
    unavailable = [cookies[pk].name for pk in cart if pk in cookies and not cookies[pk].is_available]
    missing = [f"cookie #{pk}" for pk in cart if pk not in cookies]
    if unavailable or missing:
        raise OrderError(UNAVAILABLE_COOKIES.format(names=", ".join(unavailable + missing)))

    address.full_clean()
    address.save()
    _take_the_next_order_number()
    order = Order(address=address, date=placed_at or timezone.now(), checkout_token=checkout_token)
    # Uniqueness is the index's to decide (see place_order): a query here could not see a twin in flight.
    order.full_clean(exclude=["address"], validate_unique=False)
    order.save()
    lines = [
        CookieOrder(order=order, cookie=cookies[pk], number_of_cookies=qty, unit_price=cookies[pk].price)
        for pk, qty in cart.items()
    ]
    for line in lines:
        # Relations and constraints are left to the database: validating them
        # here costs queries per line, and a cart cannot hold a cookie twice.
        line.full_clean(exclude=["order", "cookie"], validate_constraints=False)
    CookieOrder.objects.bulk_create(lines)
    return order


# Any constant: the key of the PostgreSQL advisory lock that orders placements.
ORDER_NUMBER_LOCK = 7_261_001


def _take_the_next_order_number() -> None:
    """Make orders commit in the order of their ids and dates.

    Partners sync by walking ids (API v2's cursor) or dates (`created_after`): an
    order whose id was taken before another's but that committed after it would be
    skipped. On PostgreSQL a transaction-scoped lock, held until commit, serializes
    the short rest of each checkout; SQLite already allows one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_NUMBER_LOCK])
