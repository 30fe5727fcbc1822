"""Shared fixtures and test-only speed-ups for the whole suite."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from orders.tests.factories import make_cookie, make_order


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast hashing, a private cache, and static files served from the apps (no collectstatic)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _celery_broker_in_memory():
    """Tasks enqueued by this process go nowhere, unless a test starts a worker (webhooks/tests/workers.py)."""
    from webhooks.tests.workers import point_app_at

    point_app_at("memory://", "celery")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_key(db):
    """A valid key: the raw key string; its APIKey row is `APIKey.objects.get_from_key(key)`."""
    _, key = APIKey.objects.create_key(name="Test partner")
    return key


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="staff", password="staff-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def cookie(db):
    return make_cookie()


@pytest.fixture
def order(cookie):
    return make_order(lines={cookie: 3})
