"""One-time checkout tokens, and the orders a session placed, so a form sent twice orders once."""

import secrets
import time

from django.core.cache import cache

PENDING_TOKEN_KEY = "checkout_token"
PLACED_ORDERS_KEY = "placed_orders"
# The session remembers this many of its latest orders (their confirmation pages stay viewable).
KEEP_PLACED_ORDERS = 20
# A claim is held while place_order runs; it lapses on its own if the process dies half-way.
CLAIM_SECONDS = 60
# How long the shared cache remembers which order a token placed.
PLACED_SECONDS = 24 * 60 * 60
# How long, and how often, a request sent twice at once waits for its twin to finish.
WAIT_SECONDS = 10
POLL_SECONDS = 0.1
_CLAIMED = "claimed"


def _cache_key(token: str) -> str:
    return f"orders:checkout:{token}"


class CheckoutSession:
    """A session's checkout tokens and placed orders.

    The session makes a repeated form find its order; the shared cache, whose
    `add()` is atomic, stops two copies sent at the same moment (a double click)
    from both placing one, as they run side by side on the same session.
    """

    # Injected so that tests set the clock instead of sleeping (like DRF's throttle timer).
    clock = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self, session):
        self.session = session

    def token(self) -> str:
        """The token for the checkout form; the same one until an order is placed with it."""
        token = self.session.get(PENDING_TOKEN_KEY)
        if not isinstance(token, str):
            token = self.session[PENDING_TOKEN_KEY] = secrets.token_urlsafe(16)
        return token

    def is_pending(self, token: str) -> bool:
        return bool(token) and token == self.session.get(PENDING_TOKEN_KEY)

    def placed_orders(self) -> dict[str, int]:
        """`{token: order id}` for this session's latest orders; anything else in the session is ignored."""
        placed = self.session.get(PLACED_ORDERS_KEY)
        if not isinstance(placed, dict):
            return {}
        return {token: pk for token, pk in placed.items() if isinstance(token, str) and type(pk) is int}

    def order_for(self, token: str) -> int | None:
        """The id of the order already placed with `token`, by this request's session or its twin."""
        placed = self.placed_orders().get(token)
        if placed is None and self.is_pending(token):
            cached = cache.get(_cache_key(token))
            placed = cached if type(cached) is int else None
        return placed

    def claim(self, token: str) -> bool:
        """True for the one request that may place the order for `token`."""
        return cache.add(_cache_key(token), _CLAIMED, CLAIM_SECONDS)

    def release(self, token: str) -> None:
        """Give the claim back after a failed attempt, so the customer can try again."""
        cache.delete(_cache_key(token))

    def wait_for_order(self, token: str) -> int | None:
        """The order that the twin holding the claim placed, or None if it failed or is too slow."""
        deadline = self.clock() + WAIT_SECONDS
        while True:
            cached = cache.get(_cache_key(token))
            if type(cached) is int:
                return cached
            if cached is None or self.clock() >= deadline:
                return None
            self.sleep(POLL_SECONDS)

    def settle(self, token: str, order_id: int) -> None:
        """Record the order placed with `token`; idempotent, so both twins leave the same session."""
        cache.set(_cache_key(token), order_id, PLACED_SECONDS)
        placed = self.placed_orders()
        placed.pop(token, None)
        placed[token] = order_id
        self.session[PLACED_ORDERS_KEY] = dict(list(placed.items())[-KEEP_PLACED_ORDERS:])
        self.session.pop(PENDING_TOKEN_KEY, None)
