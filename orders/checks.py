"""Provides the system check that stops a checkout rate the checkout limit cannot parse, naming the fix."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .checkout_limit import parse_rate

BAD_RATE_HINT = "Set CHECKOUT_RATE to a number of orders per sec, min, hour or day, e.g. 10/hour."


@checks.register(checks.Tags.compatibility)
def check_checkout_rate(app_configs, **kwargs):
    """CHECKOUT_RATE must parse (it is read on each checkout, where a bad value would be a 500)."""
    try:
        parse_rate(settings.CHECKOUT_RATE)
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), hint=BAD_RATE_HINT, id="orders.E001")]
    return []
