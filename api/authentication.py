"""Provides API-key authentication that answers 401, with WWW-Authenticate, for a bad key."""

import re

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from api.models import APIKey

KEY_IN_URL = "API keys in URLs end up in logs: send the key in the X-API-Key header instead."
INVALID_KEY = "This API key is not valid: it is unknown or has been revoked."
EXPIRED_KEY = "This API key has expired: ask the shop for a new one."
MISSING_KEY = "Authentication required: send your API key in the X-API-Key header."

# Query parameters that look like a key: refused before anything else is read.
KEY_QUERY_PARAMETERS = frozenset({"key", "api_key", "apikey", "api-key"})
# drf-api-key issues keys as an 8-character prefix, a dot and a 32-character secret,
# both alphanumeric; anything else is refused without touching the database (a NUL
# byte, for one, would make PostgreSQL raise rather than find nothing).
KEY_SHAPE = re.compile(r"[A-Za-z0-9]{1,64}\.[A-Za-z0-9]{1,128}\Z")


class HeaderKeyParser(KeyParser):
    """Reads the key from `X-API-Key` or, failing that, `Authorization: Api-Key <key>`.

    The stock parser reads one or the other, depending on a setting.
    """

    def get(self, request):
        return self.get_from_header(request, "HTTP_X_API_KEY") or self.get_from_authorization(request)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticates partners by API key; first in the list so that DRF answers 401."""

    key_parser = HeaderKeyParser()

    def authenticate(self, request):
        if KEY_QUERY_PARAMETERS & {name.lower() for name in request.query_params}:
            raise exceptions.AuthenticationFailed(KEY_IN_URL)
        key = self.key_parser.get(request)
        if key is None:
            return None  # no key: other authenticators, then permissions, decide
        return (AnonymousUser(), self.get_api_key(key.strip()))

    def get_api_key(self, key: str) -> APIKey:
        """One indexed lookup by prefix and one hash; revoked keys are not found."""
        if not KEY_SHAPE.match(key):
            raise exceptions.AuthenticationFailed(INVALID_KEY)
        try:
            api_key = APIKey.objects.get_from_key(key)
        except APIKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(INVALID_KEY) from None
        # get_from_key() does not check expiry (drf-api-key issue #261).
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(EXPIRED_KEY)
        return api_key

    def authenticate_header(self, request):
        return 'Api-Key realm="api"'
