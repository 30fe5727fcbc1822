"""Routes of the partner API: one namespace per version, the schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.views import ApiRootView, not_found, same_as_with_slash

# The schema and its docs are read, nothing else: DRF's answer to OPTIONS, rendered by their
# own renderers (YAML, an HTML template), was not JSON, and a 500 for the docs. Now a JSON 405.
READ = ["get", "head"]

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("v1/", include(("api.v1.urls", "v1"))),
    path("v2/", include(("api.v2.urls", "v2"))),
    path("schema/", SpectacularAPIView.as_view(http_method_names=READ), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema", http_method_names=READ), name="docs"),
    re_path(r"^(?:v1|v2|schema|docs)$", same_as_with_slash),
    re_path(r"", not_found),
]
