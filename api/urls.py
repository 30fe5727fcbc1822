"""Routes of the partner API: one namespace per version, the schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.views import ApiRootView, not_found, same_as_with_slash

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("v1/", include(("api.v1.urls", "v1"))),
    path("v2/", include(("api.v2.urls", "v2"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?:v1|v2|schema|docs)$", same_as_with_slash),
    re_path(r"", not_found),
]
