"""Provides the OpenAPI parts drf-spectacular cannot infer: the API-key scheme, errors, headers, cookie slugs."""

from django.db import DatabaseError
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from cookies.models import Cookie

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string", "description": "What is wrong, for a human."}},
    "required": ["error"],
}
ERROR_RESPONSES = {
    "400": "A query parameter is invalid; `error` names it.",
    "401": "The API key is missing, unknown, revoked or expired, or was sent in the URL.",
    "404": "No such resource, or a page past the end.",
    "406": "The Accept header asks for a format the API does not serve.",
    "429": "Rate limited: retry after `Retry-After` seconds.",
    "503": "The shop's database cannot be reached: retry after `Retry-After` seconds.",
}
# v1's order date is not RFC 3339 (drf-spectacular would say "date-time" from the field type).
V1_ORDER_DATE = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
    "example": "2022-03-14 13:27:36",
    "description": "When the order was placed: YYYY-MM-DD HH:MM:SS in the shop's time zone (TIME_ZONE).",
    "readOnly": True,
}
# A write's answers beyond ERROR_RESPONSES (POST /api/v2/orders/{id}/fulfillment).
WRITE_ERROR_RESPONSES = {
    "400": "A field of the body is invalid or missing, the body is not a JSON object, or Idempotency-Key "
    "is malformed; `error` names the field.",
    "403": "The API key lacks the orders:write scope (or the staff user may not change orders).",
    "409": "The order is already fulfilled or cancelled, or a request with this Idempotency-Key is still running.",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "422": "This Idempotency-Key was used for a different request.",
}
REPLAYED_HEADER = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
LIST_HEADERS = {
    "Link": {
        "description": (
            'RFC 8288 links to the first, prev, next and last pages: `<…?page=2&page_size=100>; rel="next"`.'
        ),
        "schema": {"type": "string"},
    },
    "X-Total-Count": {"description": "Number of results on all pages.", "schema": {"type": "integer"}},
}

# v2 (api.v2.ratelimit, api.v2.conditional): Structured Fields of the IETF RateLimit draft, and ETags.
RATELIMIT_HEADERS = {
    "RateLimit-Policy": {
        "description": 'The quota and its window in seconds, e.g. `"api_key";q=1200;w=60`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'Requests left and seconds until the window resets, e.g. `"api_key";r=1187;t=42`.',
        "schema": {"type": "string"},
    },
}
ETAG_HEADER = {
    "ETag": {"description": "Send it back in If-None-Match: 304 if unchanged.", "schema": {"type": "string"}}
}
CONDITIONAL_PATHS = (
    "/api/v2/orders/",
    "/api/v2/orders/{id}/",
    "/api/v2/events/",
    "/api/v2/events/{id}/",
    "/api/v2/key/",
)
NOT_MODIFIED = {
    "description": "Not modified since the ETag in If-None-Match: no body, not counted against the rate limit.",
    "headers": {**ETAG_HEADER, **RATELIMIT_HEADERS},
}


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": 'Or send "Authorization: Api-Key <key>". Keys are issued by the shop.',
        }


def add_errors_and_headers(result, generator, request, public):
    """Postprocessing hook: every operation documents the JSON errors it can answer, v1's date its format."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    if "date" in schemas.get("Order", {}).get("properties", {}):
        schemas["Order"]["properties"]["date"] = V1_ORDER_DATE
    error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if method == "post":
                _document_write(responses, error_content)
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {"description": description, "content": error_content})
            if method == "post":
                for status in ("201", "400", "404", "409"):
                    responses[status].setdefault("headers", {}).update(REPLAYED_HEADER)
            if path == "/api/v1/orders/" and "200" in responses:
                responses["200"].setdefault("headers", {}).update(LIST_HEADERS)
            if path.startswith("/api/v2/"):
                add_v2_headers(path, responses)
    return result


def declare_cookie_slugs(result, generator, request, public):
    """Postprocessing hook: the `cookie` filter takes the slugs of the cookies there are (and "", no filter).

    Its pattern is declared with the filter (api.filters); which slugs exist only the
    database knows, and a slug of no cookie is a 400: the schema, read when it is
    served, says so exactly.
    """
    try:
        slugs = list(Cookie.objects.order_by("slug").values_list("slug", flat=True))
    except DatabaseError:
        # `check --deploy` generates the schema, maybe with no database at hand; while the
        # database is down the API answers 503 to every filter anyway.
        return result
    if not slugs:
        return result  # an enum cannot be empty; every non-empty value is then a 400
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "cookie":
                    parameter["schema"]["enum"] = ["", *slugs]
    return result


# django-filter's choice filters take "" as no filter: v2's `status`, the events' `type`, and
# v1's `ordering`, whose comma-separated terms may be empty (an empty term is skipped).
CHOICE_FILTERS = {"status", "type", "ordering"}


def declare_empty_choices(result, generator, request, public):
    """Postprocessing hook: a choice filter's enum (or its items' enum) includes "", which the server skips."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                schema = schema.get("items", schema)
                if parameter["in"] == "query" and parameter["name"] in CHOICE_FILTERS and "enum" in schema:
                    schema["enum"] = ["", *(value for value in schema["enum"] if value != "")]
    return result


def _document_write(responses, error_content):
    """A write's own errors (a 400 is about the body as much as the query)."""
    for status, description in WRITE_ERROR_RESPONSES.items():
        responses[status] = {"description": description, "content": error_content}


def add_v2_headers(path: str, responses: dict) -> None:
    """RateLimit headers on v2's answers and its 429; ETag and 304 where GETs are conditional."""
    for status in ("200", "201", "429"):
        if status in responses:
            responses[status].setdefault("headers", {}).update(RATELIMIT_HEADERS)
    if path in CONDITIONAL_PATHS:
        responses["200"]["headers"].update(ETAG_HEADER)
        responses["304"] = NOT_MODIFIED
