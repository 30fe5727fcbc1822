"""A checkout rate the checkout limit cannot parse stops the start-up, naming CHECKOUT_RATE and the fix."""

import pytest
from django.core import checks

from orders.checkout_limit import BAD_RATE
from orders.checks import BAD_RATE_HINT, check_checkout_rate


def test_the_shipped_rate_passes():
    assert check_checkout_rate(None) == []


@pytest.mark.parametrize("rate", ["10/min", "1/sec", "500/day"])
def test_good_rates_pass(settings, rate):
    settings.CHECKOUT_RATE = rate
    assert check_checkout_rate(None) == []


@pytest.mark.parametrize("rate", ["often", "0/hour", "10/fortnight", "ten/hour", "10/", ""])
def test_a_bad_rate_is_an_error_naming_the_variable_and_the_fix(settings, rate):
    settings.CHECKOUT_RATE = rate
    assert check_checkout_rate(None) == [checks.Error(BAD_RATE.format(rate=rate), hint=BAD_RATE_HINT, id="orders.E001")]
    assert BAD_RATE_HINT == "Set CHECKOUT_RATE to a number of orders per sec, min, hour or day, e.g. 10/hour."


def test_the_check_is_registered(settings):
    settings.CHECKOUT_RATE = "often"
    assert "orders.E001" in [message.id for message in checks.run_checks()]
