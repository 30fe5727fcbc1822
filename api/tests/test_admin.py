"""The API-key admin: drf-api-key's, on the project's key model, showing and editing scopes."""

import pytest
from django.contrib import admin
from django.urls import reverse
from rest_framework_api_key.models import APIKey as StockAPIKey

from api.models import APIKey

pytestmark = pytest.mark.django_db


def test_only_the_projects_key_model_is_in_the_admin():
    assert admin.site.is_registered(APIKey)
    assert not admin.site.is_registered(StockAPIKey)


def test_the_list_shows_each_keys_scopes(staff_client):
    APIKey.objects.create_key(name="Reader")
    APIKey.objects.create_key(name="Shipper", scopes=["orders:read", "orders:write"])
    html = staff_client.get(reverse("admin:api_apikey_changelist")).content.decode()
    assert '<td class="field-scope_list">orders:read</td>' in html
    assert '<td class="field-scope_list">orders:read, orders:write</td>' in html


def test_a_key_made_in_the_admin_may_be_granted_writing(staff_client):
    data = {"name": "Shipper", "scopes": ["orders:write"], "expiry_date_0": "", "expiry_date_1": ""}
    response = staff_client.post(reverse("admin:api_apikey_add"), data, follow=True)
    [message] = [str(m) for m in response.context["messages"] if "The API key for Shipper is" in str(m)]
    key = message.split("is: ")[1].split(". ")[0]
    assert APIKey.objects.get_from_key(key).scopes == ["orders:read", "orders:write"]


def test_writing_can_be_taken_away_and_reading_never(staff_client):
    api_key, _ = APIKey.objects.create_key(name="Shipper", scopes=["orders:read", "orders:write"])
    url = reverse("admin:api_apikey_change", args=[api_key.pk])
    assert 'value="orders:write" id="id_scopes_1" checked' in staff_client.get(url).content.decode()
    data = {"name": "Shipper", "expiry_date_0": "", "expiry_date_1": ""}
    assert staff_client.post(url, data).status_code == 302
    assert APIKey.objects.get(pk=api_key.pk).scopes == ["orders:read"]
