"""Provides the answer to a database outage: a 503 with Retry-After, never a 500.

API views answer it themselves through api.exceptions; this catches the rest:
storefront and admin pages get a standalone page that needs no database, and any
other path under /api/ the API's JSON.
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string

from api.exceptions import API_PREFIX, DATABASE_UNAVAILABLE_ERRORS, RETRY_AFTER_SECONDS, service_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turns a database error raised by a view into a 503; the next request tries the database again."""

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
        if request.path.startswith(API_PREFIX):
            return service_unavailable(request)
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
