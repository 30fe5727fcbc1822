"""Storefront fixtures: cookies, a cart filled through the real view, an address, a cache down, a browser."""

import os
import socket
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from cookies.tests.factories import make_cookie
from orders.tests.factories import ADDRESS


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
            response = client.post(reverse("orders:cart-add"), {"cookie": cookie.pk, "quantity": quantity}, follow=True)
            assert response.redirect_chain == [(reverse("orders:cart"), 302)]

    return fill


@pytest.fixture
def cache_down(settings):
    """The cache is django-redis on a port where nothing listens: every call is refused, as in an outage."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # a loopback port nothing listens on once the socket closes
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


@pytest.fixture
def address_data():
    """A complete checkout form, as a customer would type it."""
    return {**ADDRESS, "name": "Jane Doe"}


# Debian's Chromium, headless and quiet: no first-run, sync or update traffic.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run, driven by Playwright's sync API."""
    if not os.path.exists(CHROMIUM):
        # `make test` installs it; elsewhere say so, and never let CI pass without it.
        message = f"{CHROMIUM} is missing: install Debian's chromium (make test does: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an event loop running in this thread, and Django's
    # ORM refuses to run beside one; this is Django's documented switch for that case,
    # set for as long as the browser (and so the loop) lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshots(request, tmp_path) -> Path:
    """Where the browser tests write screenshots: a temporary folder, or --screenshots DIR (make screenshot)."""
    folder = request.config.getoption("screenshots")
    return Path(folder) if folder else tmp_path


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies, so its own session) on the live server, desktop-sized."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 800})
    # A local server answers at once; 15 s leaves room for a loaded 2-core CI machine.
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
