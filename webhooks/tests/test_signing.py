"""Standard Webhooks headers, checked with the package's own Webhook.verify."""

import base64
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from webhooks import signing


def test_a_new_secret_is_whsec_and_base64_of_32_random_bytes():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    assert signing.new_secret() != secret


def test_headers_carry_id_timestamp_signature_content_type_and_user_agent():
    secret, now = signing.new_secret(), int(time.time())
    headers = signing.headers(secrets_=[secret], message_id="evt_1", timestamp=now, body='{"a":1}')
    assert list(headers) == ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"]
    assert headers["webhook-id"] == "evt_1"
    assert headers["webhook-timestamp"] == str(now)
    assert headers["webhook-signature"].startswith("v1,")
    assert headers["content-type"] == "application/json"
    assert "CookieShop" in headers["user-agent"]
    assert Webhook(secret).verify('{"a":1}', headers) == {"a": 1}


def test_two_secrets_give_two_space_separated_signatures_each_verifying():
    old, new = signing.new_secret(), signing.new_secret()
    headers = signing.headers(secrets_=[new, old], message_id="evt_2", timestamp=int(time.time()), body="{}")
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(new).verify("{}", headers) == {}
    assert Webhook(old).verify("{}", headers) == {}
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify("{}", headers)


def test_a_changed_body_does_not_verify():
    secret = signing.new_secret()
    headers = signing.headers(secrets_=[secret], message_id="evt_3", timestamp=int(time.time()), body='{"a":1}')
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify('{"a":2}', headers)
