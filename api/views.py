"""Provides the API's front door: /api/ lists the versions, the schema and the docs."""

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
