"""Provides django-axes' database handler with a second, higher limit per client address."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum

PAIR = ("username", "ip_address")
ADDRESS = ("ip_address",)


class PairAndAddressHandler(AxesDatabaseHandler):
    """Locks a (username, address) pair at AXES_FAILURE_LIMIT failures, and an address at
    AXES_ADDRESS_FAILURE_LIMIT failures across all usernames.

    axes counts every combination of AXES_LOCKOUT_PARAMETERS against one limit; a low
    limit per address would lock out a whole office after a few typos, so the address
    gets a limit of its own. Reaching it counts as reaching the pair's limit: axes then
    locks out and answers its 429 page as usual.
    """

    def get_failures(self, request, credentials=None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        failures = {
            (parameter,) if isinstance(parameter, str) else tuple(parameter): attempts.aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
            for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True)
        }
        if failures[ADDRESS] >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures[PAIR], get_failure_limit(request, credentials))
        return failures[PAIR]
