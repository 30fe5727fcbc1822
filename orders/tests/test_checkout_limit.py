"""The checkout limit: orders per client address, a 429 page past it, nothing saved, failing open."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from orders.checkout_limit import BAD_RATE, LIMIT_NOT_APPLIED, CheckoutLimit, Verdict, parse_rate
from orders.models import Order
from orders.tests.pages import CHECKOUT, cart_of, saved
from orders.views.checkout import CHECKOUT_LIMITED, wait_text

pytestmark = pytest.mark.django_db

# Ten minutes into an hour: the hour's window ends in 50 minutes.
NOW = 1_800_000_000 - 1_800_000_000 % 3600 + 600


@pytest.fixture
def clock(monkeypatch):
    """The limit's clock, set by the test: `clock.now` seconds since the epoch."""

    class Clock:
        now = NOW

    monkeypatch.setattr(CheckoutLimit, "clock", staticmethod(lambda: Clock.now))
    return Clock


@pytest.fixture
def customer(chip, address_data):
    """A new browser (its own session) that fills its cart and checks out; returns the answer."""

    def check_out(**headers):
        browser = Client(**headers)
        browser.post(reverse("orders:cart-add"), {"cookie": chip.pk, "quantity": 1})
        token = browser.get(CHECKOUT).context["token"]
        response = browser.post(CHECKOUT, {**address_data, "token": token})
        return browser, response

    return check_out


def test_the_eleventh_checkout_in_an_hour_gets_the_429_page_and_saves_nothing(customer, clock):
    placed = [customer()[1] for _ in range(10)]
    browser, refused = customer()

    assert [response.status_code for response in placed] == [302] * 10
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3000"
    html = refused.content.decode()
    assert CHECKOUT_LIMITED.format(wait="50 minutes") in html
    assert "<title>Too many orders" in html
    assert "Nothing was ordered, and your cart is kept." in html
    assert saved() == (10, 10, 10)
    assert cart_of(browser) != {}


def test_the_limit_starts_again_when_its_window_ends(customer, clock, settings):
    settings.CHECKOUT_RATE = "1/hour"
    assert customer()[1].status_code == 302
    assert customer()[1].status_code == 429

    clock.now = NOW + 3000  # the next hour
    assert customer()[1].status_code == 302
    assert saved() == (2, 2, 2)


def test_the_limit_counts_each_client_address_behind_the_trusted_proxy(customer, clock, settings):
    settings.CHECKOUT_RATE = "1/hour"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    first = customer(HTTP_X_FORWARDED_FOR="203.0.113.1")[1]
    other = customer(HTTP_X_FORWARDED_FOR="203.0.113.2")[1]
    again = customer(HTTP_X_FORWARDED_FOR="203.0.113.1")[1]

    assert [first.status_code, other.status_code, again.status_code] == [302, 302, 429]


def test_a_form_sent_again_is_neither_refused_nor_counted_again(
    client, chip, fill_cart, address_data, customer, clock, settings
):
    settings.CHECKOUT_RATE = "2/hour"
    fill_cart({chip: 1})
    token = client.get(CHECKOUT).context["token"]
    sent = [client.post(CHECKOUT, {**address_data, "token": token}) for _ in range(3)]

    assert [response.status_code for response in sent] == [302, 302, 302]
    assert customer()[1].status_code == 302  # the second order of the hour
    assert customer()[1].status_code == 429
    assert Order.objects.count() == 2


def test_copies_of_one_form_count_once_and_share_its_verdict(clock, settings):
    settings.CHECKOUT_RATE = "1/hour"
    limit = CheckoutLimit(RequestFactory().post(CHECKOUT))

    verdicts = [limit.check(token) for token in ["form-a", "form-a", "form-b", "form-b", "form-a"]]

    allowed, refused = Verdict(allowed=True, retry_after=3000), Verdict(allowed=False, retry_after=3000)
    assert verdicts == [allowed, allowed, refused, refused, allowed]


def test_with_the_cache_down_checkouts_past_the_limit_are_placed_and_logged(customer, settings, cache_down, caplog):
    settings.CHECKOUT_RATE = "1/hour"
    assert [customer()[1].status_code for _ in range(3)] == [302, 302, 302]
    assert Order.objects.count() == 3
    warnings = [r.getMessage() for r in caplog.records if r.name == "orders.checkout_limit"]
    assert len(warnings) == 3
    assert all(w.startswith(LIMIT_NOT_APPLIED.split("(%s)")[0]) for w in warnings)


@pytest.mark.parametrize(
    ("rate", "parsed"), [("10/hour", (10, 3600)), ("5/min", (5, 60)), ("1/s", (1, 1)), ("100/day", (100, 86400))]
)
def test_rates_are_read_as_drf_writes_them(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "10", "ten/hour", "0/hour", "-1/hour", "10/week", "10/", "²/hour"])
def test_a_bad_rate_is_refused_with_a_message_naming_the_setting(customer, settings, rate):
    settings.CHECKOUT_RATE = rate
    with pytest.raises(ImproperlyConfigured) as error:
        customer()
    assert str(error.value) == BAD_RATE.format(rate=rate)
    assert saved() == (0, 0, 0)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (61, "2 minutes"), (3000, "50 minutes")],
)
def test_the_wait_is_told_in_whole_seconds_or_minutes_rounded_up(seconds, text):
    assert wait_text(seconds) == text
