"""Provides the API's front door (/api/ lists the versions, the schema and the docs), slash-less aliases and the 404.

Every view under /api/ is a DRF view or hands the request to one, and so is exempt
from Django's CSRF middleware, whose HTML 403 would break the JSON contract: DRF
checks CSRF itself for session users and answers JSON, and a key needs no token.
"""

from django.urls import resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.exceptions import NOT_FOUND
from api.permissions import PublicReadOnly

VERSIONS = ["v1", "v2"]


class ApiRootView(APIView):
    """The API versions (v1 is frozen; v2 is current), the OpenAPI schema and its docs."""

    # Anyone reads; a write needs a key first (401), then is refused (405).
    permission_classes = [PublicReadOnly]
    schema = None  # not an endpoint partners program against

    def get(self, request):
        links = {version: reverse(f"api:{version}:api-root", request=request) for version in VERSIONS}
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)


class NotFoundView(APIView):
    """The last route under /api/: a JSON 404 for every method, once the key is checked.

    A write without a key is a 401 as everywhere in the API; a key that is sent must
    be valid (and counts as a failure when it is not). Not throttled, as before: a
    404 reads nothing.
    """

    permission_classes = [PublicReadOnly]
    throttle_classes = []
    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound(NOT_FOUND)

    get = options = http_method_not_allowed


not_found = NotFoundView.as_view()


@csrf_exempt  # hands over to a DRF view, which checks CSRF for sessions itself
def same_as_with_slash(request, *args, **kwargs):
    """Answers a path given without its trailing slash as the path with it, without a redirect.

    The routers accept both forms of their own paths; this covers the roots above them
    (/api, /api/v1, /api/v2, /api/schema, /api/docs).
    """
    match = resolve(request.path_info + "/")
    request.resolver_match = match  # DRF's root view reverses names in the match's namespace
    return match.func(request, *match.args, **match.kwargs)
