"""GET /api/v2/key: the calling key as it sees itself, conditional, never the secret."""

from datetime import UTC, datetime

import pytest

from api.authentication import ApiKeyAuthentication
from api.exceptions import FORBIDDEN
from api.models import APIKey

pytestmark = pytest.mark.django_db

KEY = "/api/v2/key"


@pytest.fixture
def partner_key():
    api_key, key = APIKey.objects.create_key(name="Fulfilment", expiry_date=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    APIKey.objects.filter(pk=api_key.pk).update(created=datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC))
    return api_key, key


@pytest.mark.parametrize("path", [KEY, f"{KEY}/"])
def test_the_key_sees_its_name_prefix_scopes_and_dates(api_client, partner_key, settings, monkeypatch, path):
    settings.TIME_ZONE = "UTC"
    monkeypatch.setattr(ApiKeyAuthentication, "clock", lambda self: datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    api_key, key = partner_key
    response = api_client.get(path, HTTP_X_API_KEY=key)
    assert response.status_code == 200
    assert response.json() == {
        "name": "Fulfilment",
        "prefix": api_key.prefix,
        "scopes": ["orders:read"],
        "created_at": "2026-05-06T07:08:09Z",
        "expires_at": "2030-01-02T03:04:05Z",
        "last_used_at": "2026-06-01T12:00:00Z",  # this request is a use
    }
    assert key.split(".")[1] not in response.content.decode()
    assert api_key.hashed_key not in response.content.decode()


def test_it_is_conditional_and_a_rename_changes_the_etag(api_client, partner_key):
    api_key, key = partner_key
    etag = api_client.get(KEY, HTTP_X_API_KEY=key)["ETag"]
    again = api_client.get(KEY, HTTP_X_API_KEY=key, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    APIKey.objects.filter(pk=api_key.pk).update(name="Renamed")
    renamed = api_client.get(KEY, HTTP_X_API_KEY=key, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Renamed"
    assert renamed["ETag"] != etag


def test_each_key_sees_only_itself(api_client, partner_key, api_key):
    response = api_client.get(KEY, HTTP_X_API_KEY=api_key)
    assert response.json()["name"] == "Test partner"


def test_a_staff_session_has_no_key_to_show(staff_client):
    response = staff_client.get(KEY)
    assert response.status_code == 403
    assert response.json() == {"error": FORBIDDEN}


def test_without_a_key_it_is_401(api_client):
    assert api_client.get(KEY).status_code == 401


def test_a_key_without_expiry_says_null_and_the_schema_allows_it(api_client, api_key):
    assert api_client.get(KEY, HTTP_X_API_KEY=api_key).json()["expires_at"] is None
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    fields = schema["components"]["schemas"]["ApiKeyV2"]["properties"]
    assert fields["expires_at"]["nullable"] is True
    assert fields["last_used_at"]["nullable"] is True
