"""Checkout on two server processes, one database and one Redis: one order per form, one limit per address."""

import re
import secrets
import threading
import time

import pytest
from django.db import connection

from cookies.tests.factories import make_cookie
from cookieshop.tests import servers
from orders.locks import ORDER_NUMBER_LOCK
from orders.models import Order

pytestmark = [servers.requires_postgresql, pytest.mark.django_db(transaction=True)]

ADDRESS = {"name": "Jane Doe", "street": "1 Main St", "city": "Anytown", "state": "", "zip": "12345", "country": "US"}


class Browser:
    """A browser's cookies (one session, whichever process answers) and the last form's CSRF token."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def _send(self, server, method, path, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Origin": f"https://{server.host}"}
        response = server.client.request(method, path, headers=headers, **kwargs)
        for cookie in response.headers.get_list("set-cookie"):
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        if found := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text):
            self.csrf = found.group(1)
        return response

    def get(self, server, path):
        return self._send(server, "GET", path)

    def post(self, server, path, data):
        return self._send(server, "POST", path, data={**data, "csrfmiddlewaretoken": self.csrf})

    def fill_cart_and_open_checkout(self, server, cookie) -> str:
        """Adds the cookie to the cart and opens the checkout page; returns the form's token."""
        self.get(server, f"/cookies/{cookie.slug}/")
        assert self.post(server, "/cart/add/", {"cookie": cookie.pk, "quantity": 1}).status_code == 302
        return re.search(r'name="token" value="([^"]+)"', self.get(server, "/checkout/").text).group(1)


def waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def send_together(jobs):
    """Runs the jobs while the test holds the lock that orders placements, then lets them go together.

    Both requests have looked for the form's order by then (none yet) and wait to write it.
    """
    results = [None] * len(jobs)

    def run(index, job):
        results[index] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ORDER_NUMBER_LOCK])
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while waiting_for_a_lock() < len(jobs) and time.monotonic() < deadline:
            time.sleep(0.01)  # other processes' transactions: there is no clock to inject
        assert waiting_for_a_lock() == len(jobs)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ORDER_NUMBER_LOCK])
        for thread in threads:
            thread.join()
    return results


def test_a_form_sent_to_two_processes_at_once_places_one_order_and_counts_once(start_server, redis_url):
    cookie = make_cookie()
    # As README's production says, every host has the same secret (sessions are signed with it).
    shared = {"CACHE_URL": redis_url, "CHECKOUT_RATE": "2/hour", "SECRET_KEY": secrets.token_urlsafe(50)}
    first, second = (start_server(**shared) for _ in range(2))
    browser = Browser()
    token = browser.fill_cart_and_open_checkout(first, cookie)
    form = {**ADDRESS, "token": token}

    answers = send_together([lambda s=server: browser.post(s, "/checkout/", form) for server in (first, second)])

    order = Order.objects.get()
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer.headers["Location"] for answer in answers} == {f"/orders/{order.pk}/"}
    assert order.checkout_token == token
    # The form was counted once: one more order fits in the hour, then the limit holds on both.
    other = Browser()
    placed = other.post(second, "/checkout/", {**ADDRESS, "token": other.fill_cart_and_open_checkout(second, cookie)})
    assert placed.status_code == 302
    assert Order.objects.count() == 2
    third = Browser()
    refused = third.post(first, "/checkout/", {**ADDRESS, "token": third.fill_cart_and_open_checkout(first, cookie)})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert "Too many orders from your address" in refused.text
    assert Order.objects.count() == 2
