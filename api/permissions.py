"""Provides the API's permission: a valid API key, or a staff user's session."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAdminUser
from rest_framework_api_key.models import APIKey
from rest_framework_api_key.permissions import BaseHasAPIKey


class HasAPIKey(BaseHasAPIKey):
    """Grants access when ApiKeyAuthentication has already validated a key.

    The stock permission would parse, look up and hash the key a second time.
    """

    model = APIKey

    def has_permission(self, request, view):
        return isinstance(request.auth, APIKey)


class IsReadOnly(BasePermission):
    """Grants reading (GET, HEAD, OPTIONS) to anyone."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


HasAPIKeyOrIsStaff = HasAPIKey | IsAdminUser
# The public catalogue: anyone reads; a write needs a key first (401), then is refused (405).
PublicReadOnly = IsReadOnly | HasAPIKey | IsAdminUser
