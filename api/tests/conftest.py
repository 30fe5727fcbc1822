"""Fixtures of the API tests."""

import pytest


@pytest.fixture
def key_client(api_client, api_key):
    """An API client that sends a valid key in X-API-Key with every request."""
    api_client.credentials(HTTP_X_API_KEY=api_key)
    return api_client
