"""Shared fixtures and test-only speed-ups for the whole suite."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import APIKey
from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots", metavar="DIR", help="write the browser tests' screenshots to DIR (default: a temporary folder)"
    )


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
def rates(settings):
    """Sets DRF's throttle rates for one test: `rates(api_key="2/min")`; the scopes not named keep theirs."""

    def set_rates(**rates):
        throttle_rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": throttle_rates}

    return set_rates


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_key(db):
    """A valid key in use: the raw key string; its APIKey row is `APIKey.objects.get_from_key(key)`.

    Last used just now, so that a test's requests are not charged the once-a-minute
    write of last_used_at (api/tests/test_key_hygiene.py tests that write).
    """
    _, key = APIKey.objects.create_key(name="Test partner", last_used_at=timezone.now())
    return key


@pytest.fixture
def key_client(api_client, api_key):
    """An API client that sends a valid key in X-API-Key with every request."""
    api_client.credentials(HTTP_X_API_KEY=api_key)
    return api_client


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
