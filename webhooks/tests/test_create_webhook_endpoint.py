"""manage.py create_webhook_endpoint: an enabled endpoint, its secret printed; same address rules as the admin."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from webhooks import targets
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db


def test_it_adds_an_enabled_endpoint_and_prints_its_secret(webhook_settings):
    out = StringIO()
    call_command(
        "create_webhook_endpoint",
        "http://127.0.0.1:9/hook",
        "--event",
        "order.created",
        "--event",
        "order.fulfilled",
        stdout=out,
    )
    endpoint = Endpoint.objects.get()
    assert (endpoint.url, endpoint.enabled) == ("http://127.0.0.1:9/hook", True)
    assert endpoint.event_types == ["order.created", "order.fulfilled"]
    assert out.getvalue().splitlines() == [f"endpoint: {endpoint.pk} {endpoint.url}", f"secret: {endpoint.secret}"]


def test_no_event_given_means_every_type(webhook_settings):
    call_command("create_webhook_endpoint", "http://127.0.0.1:9/hook", stdout=StringIO())
    endpoint = Endpoint.objects.get()
    assert endpoint.event_types == []
    assert all(endpoint.wants(t) for t in ["order.created", "order.updated", "order.fulfilled", "order.cancelled"])


def test_it_refuses_a_private_address(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(CommandError) as refused:
        call_command("create_webhook_endpoint", "https://10.0.0.1/hook", stdout=StringIO())
    assert str(refused.value) == "url: " + targets.FORBIDDEN_ADDRESS.format(host="10.0.0.1", address="10.0.0.1")
    assert not Endpoint.objects.exists()


def test_it_refuses_an_unknown_event_type(webhook_settings):
    with pytest.raises(CommandError, match="invalid choice: 'order.shipped'"):
        call_command("create_webhook_endpoint", "http://127.0.0.1:9/hook", "--event", "order.shipped")
    assert not Endpoint.objects.exists()
