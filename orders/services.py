"""Writes of orders: every change of an order (placing, shipping, cancelling, staff edits) is made here."""

from collections.abc import Callable, Mapping
from datetime import datetime

from django.db import IntegrityError, connection, transaction

from cookies.models import Cookie

from .events import record_event
from .locks import lock_for_a_new_order, lock_order_changes, take_the_next_order_number
from .models import Address, CookieOrder, EventType, Fulfilment, Order

EMPTY_CART = "Your cart is empty: add a cookie before checking out."
UNAVAILABLE_COOKIES = "No longer available: {names}. Remove them from your cart to continue."
INVALID_QUANTITY = "Quantities must be whole numbers of at least 1."
ORDER_IS_FINAL = "Order #{number} is {status}: it cannot change any more."


class OrderError(Exception):
    """The order cannot be placed; the message says why, for the customer."""


class OrderIsFinal(OrderError):
    """The order is fulfilled or cancelled: it does not change any more (the API answers 409)."""


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
    `placed_at` (demo data, tests) back-dates the order's date and updated_at; by
    default both are now.
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
    now, position = lock_for_a_new_order()
    date = placed_at or now
    order = Order(address=address, date=date, updated_at=date, checkout_token=checkout_token, position=position)
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
    record_event(order=order, type=EventType.CREATED)
    return order


@transaction.atomic
def record_fulfilment(*, order: Order, carrier: str, tracking_number: str, tracking_url: str = "") -> Order:
    """Record the shipment of a placed order, which becomes `fulfilled`; OrderIsFinal otherwise.

    Invalid fields raise Django's ValidationError (the model's validators and constraints).
    """
    now = lock_order_changes()
    order = _placed_order(order.pk)
    fulfilment = Fulfilment(
        order=order, carrier=carrier, tracking_number=tracking_number, tracking_url=tracking_url, fulfilled_at=now
    )
    fulfilment.full_clean(exclude=["order"])
    fulfilment.save()
    order.status = Order.Status.FULFILLED
    _touch(order, now, "status")
    record_event(order=order, type=EventType.FULFILLED, now=now)
    return order


@transaction.atomic
def cancel_order(*, order: Order) -> Order:
    """Cancel a placed order (staff, in the admin); OrderIsFinal once fulfilled or cancelled."""
    now = lock_order_changes()
    order = _placed_order(order.pk)
    order.status = Order.Status.CANCELLED
    _touch(order, now, "status")
    record_event(order=order, type=EventType.CANCELLED, now=now)
    return order


@transaction.atomic
def edit_order(*, order: Order, save_changes: Callable[[], object]) -> Order:
    """Apply staff's edit of a placed order's address or lines, then move its `updated_at`.

    `save_changes` writes the edited rows (the admin's forms); it runs inside this
    transaction, after the order is locked and known to be still `placed`.
    """
    now = lock_order_changes()
    locked = _placed_order(order.pk)
    save_changes()
    _touch(locked, now)
    record_event(order=locked, type=EventType.UPDATED, now=now)
    order.updated_at = locked.updated_at
    return order


def update_notes(*, order: Order, notes: str) -> None:
    """Staff's internal notes: not part of what partners see, so `updated_at` stays."""
    Order.objects.filter(pk=order.pk).update(notes=notes)


def _placed_order(pk: int) -> Order:
    order = Order.objects.select_for_update().get(pk=pk)
    if order.is_final:
        raise OrderIsFinal(ORDER_IS_FINAL.format(number=order.pk, status=order.status))
    return order


def _touch(order: Order, now: datetime, *fields: str) -> None:
    order.updated_at = now
    order.save(update_fields=[*fields, "updated_at"])


# Portable: SQLite (3.33+) and PostgreSQL both take UPDATE ... FROM and window functions.
_SHIFT = "UPDATE {table} SET position = position + (SELECT MAX(position) FROM {table})"
_NUMBER_BY_ID = (
    "UPDATE {table} SET position = ranked.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM {table})"
    " AS ranked WHERE {table}.id = ranked.id"
)


def renumber_orders(**_signal) -> None:
    """Number the orders 1..N by id again, after a delete (Order's post_delete: apps.py).

    The shop never deletes an order (the admin refuses); a delete made anyway must not
    leave a gap, which would make the last position overstate the count. Every order
    is first moved above the last position, so that no step of the renumbering meets
    the unique index. Linear in the orders, once per deleted order.
    """
    take_the_next_order_number()
    with connection.cursor() as cursor:
        for statement in (_SHIFT, _NUMBER_BY_ID):
            cursor.execute(statement.format(table=connection.ops.quote_name(Order._meta.db_table)))
