"""Provides the API's error contract: every error is JSON with an `error` message.

DRF's exceptions go through `exception_handler`; errors Django raises before or
outside a view (unknown path, bad host, crash) go through the `handler*` views,
which the project's urls.py installs for paths under /api/. Errors that are not
DRF's propagate to Django: a database outage is answered (503, Retry-After) by the
project's outage middleware, for the API as for the pages.
"""

from django.http import JsonResponse
from django.views import csrf, defaults
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from api.authentication import MISSING_KEY

API_PREFIX = "/api/"
NOT_FOUND = "Not found: no such resource. The API's endpoints are listed at /api/v1/."
BAD_REQUEST = "Bad request."
FORBIDDEN = "You do not have permission to perform this action."
CSRF_FAILED = "CSRF check failed: send your API key in the X-API-Key header (sessions need a CSRF token)."
SERVER_ERROR = "Server error: the shop could not answer. Please try again later."


def exception_handler(exc, context):
    """DRF's handler, keeping its status and headers, with the body reshaped to {"error": …}."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not DRF's: Django's middleware (outage) or handler500 answers
    if isinstance(exc, exceptions.NotAuthenticated):
        # DRF's wording says nothing of how to authenticate here.
        response.data = {"error": MISSING_KEY}
    else:
        response.data = {"error": error_message(response.data)}
    # Errors are JSON even for a browser asking for HTML (the browsable API).
    request = context["request"]
    request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    return response


def error_message(detail) -> str:
    """One readable line from DRF's error detail, naming the fields (parameters) at fault."""
    if isinstance(detail, dict):
        if set(detail) == {"detail"}:
            return error_message(detail["detail"])
        return " ".join(f"{field}: {error_message(value)}" for field, value in detail.items())
    if isinstance(detail, list):
        return " ".join(error_message(item) for item in detail)
    return str(detail)


def _json_or(default_view, status: int, message: str):
    def view(request, exception=None):
        if request.path.startswith(API_PREFIX):
            return error_response(message, status)
        if exception is None:
            return default_view(request)
        return default_view(request, exception)

    return view


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/, Django's page elsewhere.

    Every API view is exempt (DRF checks CSRF itself for sessions, answering
    JSON); this covers a view that one day is not.
    """
    if request.path.startswith(API_PREFIX):
        return error_response(CSRF_FAILED, 403)
    return csrf.csrf_failure(request, reason)


def error_response(message: str, status: int) -> JsonResponse:
    """An error answered outside DRF, in the same compact JSON as DRF's."""
    return JsonResponse({"error": message}, status=status, json_dumps_params={"separators": (",", ":")})


bad_request = _json_or(defaults.bad_request, 400, BAD_REQUEST)
permission_denied = _json_or(defaults.permission_denied, 403, FORBIDDEN)
page_not_found = _json_or(defaults.page_not_found, 404, NOT_FOUND)
server_error = _json_or(defaults.server_error, 500, SERVER_ERROR)
