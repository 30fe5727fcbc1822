"""Standard Webhooks signing: whsec_ secrets and the webhook-* headers, made with the standardwebhooks package."""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the specification allows 24 to 64
USER_AGENT = "CookieShop-Webhooks/1.0"


def new_secret() -> str:
    """`whsec_` + base64 of random bytes, the format partners' Standard Webhooks libraries read."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(*, secrets_: list[str], message_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64>` per secret, space-separated (two while a rotation's overlap lasts)."""
    instant = datetime.fromtimestamp(timestamp, tz=UTC)
    return " ".join(Webhook(secret).sign(message_id, instant, body) for secret in secrets_)


def headers(*, secrets_: list[str], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Every header of one attempt: the three of Standard Webhooks, content type, user agent."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secrets_=secrets_, message_id=message_id, timestamp=timestamp, body=body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
