"""Provides the API's front door (/api/ lists the versions, the schema and the docs) and slash-less aliases."""

from django.urls import resolve
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

VERSIONS = ["v1", "v2"]


class ApiRootView(APIView):
    """The API versions (v1 is frozen; v2 is current), the OpenAPI schema and its docs."""

    permission_classes = [AllowAny]
    schema = None  # not an endpoint partners program against

    def get(self, request):
        links = {version: reverse(f"api:{version}:api-root", request=request) for version in VERSIONS}
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)


def same_as_with_slash(request, *args, **kwargs):
    """Answers a path given without its trailing slash as the path with it, without a redirect.

    The routers accept both forms of their own paths; this covers the roots above them
    (/api, /api/v1, /api/v2, /api/schema, /api/docs).
    """
    match = resolve(request.path_info + "/")
    request.resolver_match = match  # DRF's root view reverses names in the match's namespace
    return match.func(request, *match.args, **match.kwargs)
