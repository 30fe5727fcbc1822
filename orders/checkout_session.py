"""What a session remembers of its checkouts: the form's one-time token and the orders it placed."""

import secrets

PENDING_TOKEN_KEY = "checkout_token"
PLACED_ORDERS_KEY = "placed_orders"
# The session remembers this many of its latest orders (their confirmation pages stay viewable).
KEEP_PLACED_ORDERS = 20


class CheckoutSession:
    """A session's checkout token and placed orders.

    The token goes into the order's unique `checkout_token` (see place_order), so the
    database, not this session nor any cache, decides that a form places one order; the
    session only tells a repeated form which order it placed, and whose confirmations to show.
    """

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
        """The id of the order this session already placed with `token`, if any."""
        return self.placed_orders().get(token)

    def settle(self, token: str, order_id: int) -> None:
        """Record the order placed with `token`; idempotent, so twin requests leave the same session."""
        placed = self.placed_orders()
        placed.pop(token, None)
        placed[token] = order_id
        self.session[PLACED_ORDERS_KEY] = dict(list(placed.items())[-KEEP_PLACED_ORDERS:])
        self.session.pop(PENDING_TOKEN_KEY, None)
