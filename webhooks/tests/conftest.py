"""Fixtures of the webhook tests: a real receiver on 127.0.0.1, endpoints pointing at it, test settings."""

import pytest

from webhooks.models import Endpoint
from webhooks.tests.receiver import Receiver


@pytest.fixture(scope="session")
def receiver():
    """One receiver for the session; each test takes paths of its own."""
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def webhook_settings(settings):
    """Loopback targets allowed (the receiver is on 127.0.0.1), short timeout and schedule."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_TIMEOUT = 2.0
    settings.WEBHOOK_RETRY_SCHEDULE = ["5s", "5m", "30m", "2h", "5h", "10h", "10h"]
    settings.WEBHOOK_DISABLE_AFTER = "5d"
    return settings


@pytest.fixture
def make_endpoint(receiver, webhook_settings):
    """An enabled endpoint at a fresh receiver path answering `answers`, verified with its own secret."""

    def make(*, answers=(200,), event_types=()):
        url = receiver.path(answers=answers)
        endpoint = Endpoint.objects.create(url=url, event_types=list(event_types))
        receiver.verify_with(url, [endpoint.secret])
        return endpoint

    return make
