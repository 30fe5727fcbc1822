"""Fixtures of the webhook tests: a real receiver on 127.0.0.1, endpoints pointing at it, test settings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cookieshop.tests.servers import IS_POSTGRESQL
from webhooks.models import Endpoint
from webhooks.tests import workers
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
    """An enabled endpoint at a fresh receiver path answering `answers`, verified with its own secret.

    Made a day ago, so that it wants the events of orders the test made before it (an
    endpoint gets what happens from its creation on: test_an_endpoint_gets_no_history).
    """

    def make(*, answers=(200,), event_types=()):
        url = receiver.path(answers=answers)
        endpoint = Endpoint.objects.create(
            url=url, event_types=list(event_types), created_at=timezone.now() - timedelta(days=1)
        )
        receiver.verify_with(url, [endpoint.secret])
        return endpoint

    return make


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory):
    """One real worker (with beat) for the session, on Redis DB 5 and a queue of this run's own."""
    if not IS_POSTGRESQL:
        pytest.skip(
            "needs PostgreSQL: the worker process shares the test database (CI runs the suite on PostgreSQL too)"
        )
    broker = workers.broker_or_skip()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    with workers.running_worker(broker_url=broker, queue=workers.new_queue(), log_path=log_path) as worker:
        yield worker
