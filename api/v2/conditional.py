"""Provides conditional GET for v2: an ETag from a cheap fingerprint, and 304 before the rate limit counts.

A view gives the fingerprint of what a GET would answer (`get_fingerprint`), never by
rendering it. When `If-None-Match` names the resulting ETag, the answer is 304 with no
body: the key has been checked (authentication and permissions come first) but the
request is not counted against the rate limit, as GitHub does for its API.
"""

import hashlib
import json

from django.http import Http404, HttpResponseNotModified
from django.utils.cache import parse_etags
from rest_framework.exceptions import APIException


class NotModified(Exception):
    """Raised before the throttles count a request whose If-None-Match matches."""


def etag_of(*parts) -> str:
    """A strong ETag of JSON-able parts (str() for the rest, such as datetimes)."""
    material = json.dumps(parts, default=str, separators=(",", ":")).encode()
    return '"' + hashlib.sha256(material).hexdigest()[:32] + '"'


def matches(request, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): W/ is ignored, * matches any."""
    tags = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in tags or etag in {tag.removeprefix("W/") for tag in tags}


class ConditionalGetMixin:
    """ETag on JSON answers to GET and HEAD; 304 for a matching If-None-Match, not counted."""

    etag = None

    def get_fingerprint(self, request):
        """What the answer to this request depends on, as JSON-able parts; None for no ETag."""
        return None

    def check_throttles(self, request):
        # Read before the body: if an order arrives in between, the ETag is older than
        # the body and the next poll gets a 200, never a wrong 304.
        self.etag = self.get_etag(request)
        if self.etag is not None and matches(request, self.etag):
            for throttle in self.get_throttles():
                throttle.peek(request, self)  # where the client stands, for the RateLimit headers
            raise NotModified
        super().check_throttles(request)

    def get_etag(self, request) -> str | None:
        # The browsable API's HTML (it names the user, shows forms) gets no ETag.
        if request.method not in ("GET", "HEAD") or request.accepted_renderer.format != "json":
            return None
        try:
            fingerprint = self.get_fingerprint(request)
        except (APIException, Http404):
            return None  # a bad parameter or a missing order: the view answers the error, counted
        if fingerprint is None:
            return None
        return etag_of(request.build_absolute_uri(), request.accepted_media_type, fingerprint)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return HttpResponseNotModified()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag is not None and response.status_code in (200, 304):
            response["ETag"] = self.etag
        return response
