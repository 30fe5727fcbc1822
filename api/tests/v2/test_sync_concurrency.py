"""Loss-free sync on PostgreSQL: while checkouts, shipments, cancellations and staff edits commit from many
threads, a partner polling ?updated_after= sees every committed change: 0 missed, nothing invented."""

import threading
from datetime import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from rest_framework.test import APIClient

from api.models import APIKey
from cookies.tests.factories import make_cookie
from orders.models import Address, Order
from orders.services import cancel_order, edit_order, place_order, record_fulfilment
from orders.tests.factories import make_address, make_order

from .postgresql import in_threads, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

CHECKOUT_THREADS, CHECKOUTS_EACH = 4, 10
FULFIL_THREADS, EDIT_THREADS, CHANGES_EACH = 2, 2, 6
CANCELS = 6
PAGE_SIZE = 5


class Poller:
    """A partner: stores the updated_at of the last order it read and asks for what changed after it."""

    def __init__(self, key):
        self.client = APIClient()
        self.client.credentials(HTTP_X_API_KEY=key)
        self.since = "2000-01-01"
        self.seen = []

    def sync(self):
        url = f"/api/v2/orders?{urlencode({'updated_after': self.since, 'page_size': PAGE_SIZE})}"
        while url:
            body = self.client.get(url).json()
            for order in body["results"]:
                self.seen.append((order["id"], datetime.fromisoformat(order["updated_at"])))
                self.since = order["updated_at"]  # exactly as sent
            url = body["next"]

    def poll_until(self, done: threading.Event):
        try:
            while not done.is_set():
                self.sync()
            self.sync()  # once more after the last commit
        finally:
            connection.close()


def slow_staff_edit(order):
    def save_changes():
        Address.objects.filter(order=order).update(city="Springfield")
        # A person's edit takes longer than a checkout: it widens the window in which
        # a change that took its time early could commit late.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.002)")

    return edit_order(order=order, save_changes=save_changes)


def test_a_partner_syncing_by_updated_after_misses_no_concurrent_change():
    require_postgresql()
    cookie = make_cookie()
    pool = [make_order(lines={cookie: 1}) for _ in range((FULFIL_THREADS + EDIT_THREADS) * CHANGES_EACH + CANCELS)]
    _, key = APIKey.objects.create_key(name="Fulfilment partner")
    poller = Poller(key)
    poller.sync()  # the partner is up to date before the rush
    committed = {(o.pk, o.updated_at) for o in pool}

    def checkouts():
        return [place_order(cart={cookie.pk: 2}, address=make_address()) for _ in range(CHECKOUTS_EACH)]

    def each(orders, change):
        return lambda: [change(order) for order in orders]

    def ship(order):
        return record_fulfilment(order=order, carrier="UPS", tracking_number=f"1Z{order.pk}")

    chunks = [pool[n : n + CHANGES_EACH] for n in range(0, len(pool) - CANCELS, CHANGES_EACH)]
    jobs = [checkouts] * CHECKOUT_THREADS
    jobs += [each(chunk, ship) for chunk in chunks[:FULFIL_THREADS]]
    jobs += [each(chunk, slow_staff_edit) for chunk in chunks[FULFIL_THREADS:]]
    jobs.append(each(pool[-CANCELS:], lambda order: cancel_order(order=order)))
    done = threading.Event()
    polling = threading.Thread(target=poller.poll_until, args=(done,))
    polling.start()
    results = in_threads(jobs)
    done.set()
    polling.join()

    assert not [r for r in results if isinstance(r, Exception)], results
    committed |= {(order.pk, order.updated_at) for changes in results for order in changes}
    missed = committed - set(poller.seen)
    invented = set(poller.seen) - committed
    assert (len(missed), len(invented)) == (0, 0), (sorted(missed), sorted(invented))
    assert len(committed) == len(pool) * 2 + CHECKOUT_THREADS * CHECKOUTS_EACH
    assert set(Order.objects.values_list("id", "updated_at")) <= set(poller.seen)
