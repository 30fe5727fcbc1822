"""The client's address, the one every per-address limit of the shop counts by.

The storefront's checkout limit, the API's throttles and django-axes' admin lock-out
(AXES_CLIENT_IP_CALLABLE) all read it here, so the three agree on who a client is.
"""

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str:
    """The client's address, trusting REST_FRAMEWORK["NUM_PROXIES"] proxies (DRF's rule).

    With NUM_PROXIES = 0 it is REMOTE_ADDR; with N, the N-th address from the end of
    X-Forwarded-For, the one the outermost trusted proxy saw. DRF's own throttles use
    this rule, so it is DRF's code that applies it.
    """
    return BaseThrottle().get_ident(request)
