"""create_api_key issues a working key, printed once, with an optional expiry."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from api.models import APIKey

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().splitlines()


def test_prints_a_key_that_is_stored_hashed_and_valid(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    lines = run("Fulfilment")
    key = lines[1]
    api_key = APIKey.objects.get_from_key(key)
    assert api_key.name == "Fulfilment"
    assert api_key.expiry_date is None
    assert key not in api_key.hashed_key
    assert lines[2] == f"Try it: curl -H 'X-API-Key: {key}' http://127.0.0.1:8000/api/v1/orders/"


def test_expires_takes_a_date_at_midnight_in_the_shop_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    key = run("Accounting", "--expires", "2030-01-31")[1]
    assert APIKey.objects.get_from_key(key).expiry_date == datetime(2030, 1, 31, tzinfo=UTC)


def test_expires_takes_an_rfc3339_datetime():
    key = run("Accounting", "--expires", "2030-01-31T12:00:00Z")[1]
    assert APIKey.objects.get_from_key(key).expiry_date == datetime(2030, 1, 31, 12, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["tomorrow", "1" * 60, "2030-13-01", "2030-01-31 12:00"])
def test_a_bad_expiry_is_refused_and_creates_nothing(bad):
    with pytest.raises(CommandError, match="is not a date"):
        run("Accounting", "--expires", bad)
    assert APIKey.objects.count() == 0


def test_a_blank_name_is_refused():
    with pytest.raises(CommandError, match="NAME must not be blank"):
        run("  ")


def test_an_expiry_in_the_past_is_refused():
    with pytest.raises(CommandError, match="is in the past"):
        run("Accounting", "--expires", "2020-01-01")
    assert APIKey.objects.count() == 0


def test_the_curl_example_uses_the_port_the_server_was_given(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    assert run("Fulfilment")[2].endswith(" http://127.0.0.1:8123/api/v1/orders/")


def test_a_key_reads_orders_unless_granted_more(monkeypatch):
    lines = run("Accounting")
    assert APIKey.objects.get_from_key(lines[1]).scopes == ["orders:read"]
    assert "scopes orders:read)" in lines[0]


def test_scope_grants_writing(monkeypatch):
    lines = run("Fulfilment", "--scope", "orders:write")
    assert APIKey.objects.get_from_key(lines[1]).scopes == ["orders:read", "orders:write"]
    assert "scopes orders:read, orders:write)" in lines[0]


def test_an_unknown_scope_is_refused_and_creates_nothing():
    with pytest.raises(CommandError, match="invalid choice: 'orders:delete'"):
        run("Fulfilment", "--scope", "orders:delete")
    assert APIKey.objects.count() == 0
