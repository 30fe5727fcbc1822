"""Keys tell on themselves: last_used_at to the minute without a write per request, exposure in a URL flagged."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from api.authentication import KEY_IN_URL, ApiKeyAuthentication
from api.models import APIKey

pytestmark = pytest.mark.django_db

ORDERS = "/api/v2/orders"
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The authentication's clock, set by the test."""
    now = [NOON]
    monkeypatch.setattr(ApiKeyAuthentication, "clock", lambda self: now[0])
    return now


@pytest.fixture
def fresh_key():
    """A key never used yet."""
    api_key, key = APIKey.objects.create_key(name="Partner")
    assert api_key.last_used_at is None
    return api_key, key


def last_used(api_key) -> datetime | None:
    return APIKey.objects.get(pk=api_key.pk).last_used_at


def test_the_first_request_records_its_time(api_client, fresh_key, clock):
    api_key, key = fresh_key
    assert api_client.get(ORDERS, HTTP_X_API_KEY=key).status_code == 200
    assert last_used(api_key) == NOON


def test_within_a_minute_a_request_writes_nothing(api_client, fresh_key, clock, django_assert_num_queries):
    api_key, key = fresh_key
    api_client.get(ORDERS, HTTP_X_API_KEY=key)
    clock[0] = NOON + timedelta(seconds=59)
    # key, the page's versions (ETag), the (empty) page: no UPDATE of the key.
    with django_assert_num_queries(3) as captured:
        api_client.get(ORDERS, HTTP_X_API_KEY=key)
    assert not any(query["sql"].startswith("UPDATE") for query in captured.captured_queries)
    assert last_used(api_key) == NOON


def test_a_minute_later_it_is_written_again_once(api_client, fresh_key, clock, django_assert_num_queries):
    api_key, key = fresh_key
    api_client.get(ORDERS, HTTP_X_API_KEY=key)
    clock[0] = NOON + timedelta(minutes=1)
    with django_assert_num_queries(4):  # the three of an empty page, and one UPDATE of the key
        api_client.get(ORDERS, HTTP_X_API_KEY=key)
    assert last_used(api_key) == NOON + timedelta(minutes=1)


def test_a_stale_copy_of_the_key_does_not_move_it_back_nor_write_twice(fresh_key):
    api_key, _ = fresh_key
    stale = APIKey.objects.get(pk=api_key.pk)
    api_key.record_use(NOON + timedelta(minutes=5))
    stale.record_use(NOON + timedelta(minutes=5, seconds=30))  # another process, an older read
    assert last_used(api_key) == NOON + timedelta(minutes=5)


@pytest.mark.parametrize("parameter", ["key", "token", "x-api-key"])
def test_a_key_sent_in_a_url_is_refused_and_flagged_exposed(api_client, fresh_key, clock, parameter):
    api_key, key = fresh_key
    response = api_client.get(ORDERS, {parameter: key})
    assert response.status_code == 401
    assert response.json() == {"error": KEY_IN_URL}
    assert APIKey.objects.get(pk=api_key.pk).exposed_at == NOON


def test_exposure_keeps_its_first_time_and_the_key_goes_on_working_from_a_header(api_client, fresh_key, clock):
    api_key, key = fresh_key
    api_client.get(ORDERS, {"key": key})
    clock[0] = NOON + timedelta(hours=1)
    api_client.get(ORDERS, {"key": key})
    assert APIKey.objects.get(pk=api_key.pk).exposed_at == NOON
    assert api_client.get(ORDERS, HTTP_X_API_KEY=key).status_code == 200


def test_a_made_up_key_in_a_url_flags_nothing(api_client, fresh_key, clock):
    api_key, key = fresh_key
    prefix = key.split(".")[0]
    response = api_client.get(ORDERS, {"key": f"{prefix}.{'x' * 32}"})  # the real prefix, a wrong secret
    assert response.status_code == 401
    assert APIKey.objects.get(pk=api_key.pk).exposed_at is None


def test_the_admin_lists_last_use_and_filters_exposed_keys(staff_client, fresh_key, clock, api_client):
    api_key, key = fresh_key
    APIKey.objects.create_key(name="Careful partner")
    api_client.get(ORDERS, {"key": key})
    url = reverse("admin:api_apikey_changelist")
    exposed = staff_client.get(url, {"exposed": "yes"})
    assert [row.name for row in exposed.context["cl"].result_list] == ["Partner"]
    not_exposed = staff_client.get(url, {"exposed": "no"})
    assert [row.name for row in not_exposed.context["cl"].result_list] == ["Careful partner"]
    html = staff_client.get(url).content.decode()
    assert "Last used at" in html
    assert "Exposed at" in html
