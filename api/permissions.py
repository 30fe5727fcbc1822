"""Provides the API's permission: a valid API key, or a staff user's session."""

from rest_framework.permissions import IsAdminUser
from rest_framework_api_key.models import APIKey
from rest_framework_api_key.permissions import BaseHasAPIKey


class HasAPIKey(BaseHasAPIKey):
    """Grants access when ApiKeyAuthentication has already validated a key.

    The stock permission would parse, look up and hash the key a second time.
    """

    model = APIKey

    def has_permission(self, request, view):
        return isinstance(request.auth, APIKey)


HasAPIKeyOrIsStaff = HasAPIKey | IsAdminUser
