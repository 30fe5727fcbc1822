"""Provides API-key authentication that answers 401, with WWW-Authenticate, for a bad key."""

import contextlib
import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from api.models import APIKey
from api.redaction import ISSUED_KEY
from api.throttling import AuthFailureThrottle

KEY_IN_URL = "API keys in URLs end up in logs: send the key in the X-API-Key header instead."
INVALID_KEY = "This API key is not valid: it is unknown or has been revoked."
EXPIRED_KEY = "This API key has expired: ask the shop for a new one."
MISSING_KEY = "Authentication required: send your API key in the X-API-Key header."
TOO_MANY_FAILURES = (
    "Too many requests with a bad API key from this address: wait, then send a valid key in the X-API-Key header."
)

# Query parameters named like a key, or whose name or value has a key's shape
# (?token=…, ?x-api-key=…): refused before anything else is read.
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
    failure_throttle_class = AuthFailureThrottle
    # Injected so that tests set the clock (like DRF's throttle timer).
    clock = staticmethod(timezone.now)

    def authenticate(self, request):
        key = self.read_key(request)
        if key is None:
            return None  # no key: other authenticators, then permissions, decide
        try:
            api_key = self.get_api_key(key)
        except exceptions.AuthenticationFailed:
            self.throttle_failure(request)
            raise
        api_key.record_use(self.clock())
        return (AnonymousUser(), api_key)

    def read_key(self, request) -> str | None:
        """The key of the headers, or None; a key in the URL or a malformed key is refused without a lookup.

        Such a refusal peeks at the address's failures first: an address already over
        its limit gets the 429 at once, neither counted again nor looked up.
        """
        in_url = key_in_query(request.query_params)
        try:
            if in_url:
                raise exceptions.AuthenticationFailed(KEY_IN_URL)
            key = self.key_parser.get(request)
            if key is not None and not KEY_SHAPE.match(key.strip()):
                raise exceptions.AuthenticationFailed(INVALID_KEY)
        except exceptions.AuthenticationFailed:
            self.throttle_failure(request, peek_first=True)
            if in_url:
                # Under the limit only: flagging looks the keys up.
                self.flag_exposed_keys(request.query_params)
            raise
        return None if key is None else key.strip()

    def get_api_key(self, key: str) -> APIKey:
        """One indexed lookup by prefix and one hash, whatever the address's failures: valid keys keep working."""
        try:
            api_key = APIKey.objects.get_from_key(key)
        except APIKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(INVALID_KEY) from None
        # get_from_key() does not check expiry (drf-api-key issue #261).
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(EXPIRED_KEY)
        return api_key

    def flag_exposed_keys(self, params) -> None:
        """Marks the real keys among the parameters as exposed: they are in some log now; staff replace them."""
        texts = [text for name, values in params.lists() for text in (name, *values)]
        for value in {match for text in texts for match in ISSUED_KEY.findall(text)}:
            with contextlib.suppress(APIKey.DoesNotExist):
                APIKey.objects.get_from_key(value).record_exposure(self.clock())

    def throttle_failure(self, request, *, peek_first: bool = False):
        """A 429 instead of the 401 once the client's address has failed too often (see AuthFailureThrottle)."""
        throttle = self.failure_throttle_class()
        over = peek_first and not throttle.measure(request, None, count=False)
        if over or not throttle.allow_request(request, None):
            raise exceptions.Throttled(throttle.wait(), detail=TOO_MANY_FAILURES)

    def authenticate_header(self, request):
        return 'Api-Key realm="api"'


def key_in_query(params) -> bool:
    """Whether a query parameter is named like a key, or its name or a value has a key's shape."""
    return any(
        name.lower() in KEY_QUERY_PARAMETERS
        or ISSUED_KEY.search(name)
        or any(ISSUED_KEY.search(value) for value in params.getlist(name))
        for name in params
    )
