"""Checkouts at the same moment, each on its own database connection, give whole orders and nothing else."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cookies.tests.factories import make_cookie
from orders.models import Address, CookieOrder, Order
from orders.services import place_order
from orders.tests.factories import make_address

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers on one file lock, so nothing would run at once "
        "(CI runs the suite on PostgreSQL too)",
    ),
    pytest.mark.django_db(transaction=True),
]

CHECKOUTS = 50
# Each fails after its address and order are written (a quantity past the column's range):
# nothing of them may remain.
FAILING_CHECKOUTS = 10
TOO_MANY = 2**31


def run_at_once(jobs):
    """Runs each job in its own thread and connection, all released together; returns results and errors."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def worker(job):
        try:
            barrier.wait()
            results.append(job())
        except Exception as exc:  # collected for the assertions
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    return threads, results, errors


def partial_orders_seen(stop: threading.Event, seen: list):
    """Looks, until told to stop, for an order without lines or an address without order."""
    try:
        while not stop.is_set():
            if Order.objects.filter(cookie_orders__isnull=True).exists():
                seen.append("an order without lines")
            if Address.objects.filter(order__isnull=True).exists():
                seen.append("an address without order")
    finally:
        connection.close()


def test_fifty_simultaneous_checkouts_give_fifty_whole_orders_and_no_partial_one():
    chip = make_cookie(price=Decimal("2.50"))
    oat = make_cookie(price=Decimal("1.75"))
    carts = [{chip.pk: 1 + n % 3, oat.pk: 2} for n in range(CHECKOUTS)]
    bad_carts = [{chip.pk: 1, oat.pk: TOO_MANY} for _ in range(FAILING_CHECKOUTS)]
    jobs = [lambda cart=cart: place_order(cart=cart, address=make_address(name="Jane")) for cart in carts + bad_carts]
    stop, seen = threading.Event(), []
    observer = threading.Thread(target=partial_orders_seen, args=(stop, seen))
    observer.start()

    threads, results, errors = run_at_once(jobs)
    for thread in threads:
        thread.join()
    stop.set()
    observer.join()

    assert len(results) == CHECKOUTS
    assert len(errors) == FAILING_CHECKOUTS
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert seen == []
    assert (Order.objects.count(), Address.objects.count(), CookieOrder.objects.count()) == (50, 50, 100)
    quantities = sorted(
        tuple((line.cookie_id, line.number_of_cookies, line.unit_price) for line in order.cookie_orders.all())
        for order in Order.objects.prefetch_related("cookie_orders")
    )
    expected = sorted(((chip.pk, cart[chip.pk], Decimal("2.50")), (oat.pk, 2, Decimal("1.75"))) for cart in carts)
    assert quantities == expected
