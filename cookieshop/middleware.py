"""Provides the one answer to a database outage: a 503 with Retry-After, never a 500.

Every view's database error comes here, API views' too (the API's exception
handler leaves errors that are not DRF's to Django): paths under /api/ get the
API's JSON error, storefront and admin pages a standalone page that needs no
database. The next request tries the database again.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"
SERVICE_UNAVAILABLE = "The shop's database cannot be reached right now: please retry in a moment (see Retry-After)."
RETRY_AFTER_SECONDS = 30
# What Django raises when the database server is down, restarting or unreachable.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turns a database error raised by a view into a 503: JSON under /api/, a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        logger.error("Database unavailable: answering 503 to %s", request.path, exc_info=exception)
        session = getattr(request, "session", None)
        if session is not None:
            # Django skips saving the session after a 500 but not after a 503, and
            # the database that just failed could not take it either.
            session.modified = False
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if request.path.startswith(API_PREFIX):
            # The API's error shape ({"error": message}, compact as its renderer writes it).
            body = {"error": SERVICE_UNAVAILABLE}
            return JsonResponse(body, status=503, headers=headers, json_dumps_params={"separators": (",", ":")})
        return HttpResponse(render_to_string("503.html"), status=503, headers=headers)
